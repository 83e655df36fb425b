package org.memmap.api;

/** What a virtual region is for; each banner line names one region of one kind. */
public enum RegionKind {
  /** The exception vector page(s), ARM {@code VECTORS_BASE}. */
  VECTORS,
  /** Tightly coupled memory (ARM {@code DTCM}/{@code ITCM}). */
  TCM,
  /** Fixed mappings, {@code FIXADDR_START .. FIXADDR_TOP}; holds the kmap_atomic slots. */
  FIXMAP,
  /** The device-tree blob mapping (ARM 5.11+, {@code FDT_FIXED_BASE}). */
  FDT,
  /** x86 {@code CPU_ENTRY_AREA_BASE .. + CPU_ENTRY_AREA_MAP_SIZE}. */
  CPU_ENTRY,
  /** x86 LDT remap PMD ({@code LDT_BASE_ADDR}, 4.19+). */
  LDT,
  /** The DMA-consistent area of old ARM kernels ({@code CONSISTENT_BASE}). */
  CONSISTENT,
  /** {@code VMALLOC_START .. VMALLOC_END}. */
  VMALLOC,
  /** The linear map of low memory, {@code PAGE_OFFSET .. high_memory}. */
  LOWMEM,
  /** Permanent kmaps, {@code PKMAP_BASE .. PKMAP_BASE + LAST_PKMAP pages}. */
  PKMAP,
  /** {@code MODULES_VADDR .. MODULES_END}. */
  MODULES,
  /** A section of the kernel image ({@code .text}, {@code .init}, {@code .data}, {@code .bss}). */
  KERNEL_IMAGE,
  /** User space, {@code 0 .. TASK_SIZE}. */
  USER
}

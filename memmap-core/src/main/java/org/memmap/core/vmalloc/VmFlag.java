package org.memmap.core.vmalloc;

/**
 * The {@code vm_struct.flags} bits of {@code include/linux/vmalloc.h} that the model uses, with
 * the word {@code /proc/vmallocinfo} prints for each.
 */
public enum VmFlag {
  /** {@code VM_IOREMAP}: an ioremap() area. */
  IOREMAP("ioremap"),
  /** {@code VM_ALLOC}: a vmalloc() area. */
  ALLOC("vmalloc"),
  /** {@code VM_MAP}: a vmap() area. */
  MAP("vmap"),
  /** {@code VM_USERMAP}: vmalloc_user(). */
  USERMAP("user"),
  /** {@code VM_DMA_COHERENT} (5.8+). */
  DMA_COHERENT("dma-coherent"),
  /**
   * {@code VM_FLUSH_RESET_PERMS} (5.2+): {@code vfree()} purges the lazily freed areas and flushes
   * the TLB at once ({@code vm_reset_perms()}); module areas ask it; not printed.
   */
  FLUSH_RESET_PERMS(""),
  /** {@code VM_NO_GUARD} (4.0+): no guard page after the area; not printed. */
  NO_GUARD(""),
  /** An area the architecture reserved at boot ({@code VM_ARM_STATIC_MAPPING}); not printed. */
  STATIC("");

  private final String procName;

  VmFlag(String procName) {
    this.procName = procName;
  }

  /** The word {@code /proc/vmallocinfo} prints, empty when it prints none. */
  public String procName() {
    return procName;
  }
}

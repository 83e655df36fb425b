package org.memmap.api.spi;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import org.memmap.api.Addresses;
import org.memmap.api.Region;

/**
 * What {@code mm/vmalloc.c} needs from an architecture: the {@code asm/} constants and the
 * {@code module_alloc()} policy of {@code arch/*}{@code /kernel/module.c}.
 *
 * @param ioremapMaxOrder {@code IOREMAP_MAX_ORDER}: the largest alignment (as a power of two) of
 *     a {@code VM_IOREMAP} area; generic {@code 7 + PAGE_SHIFT} = 19 ({@code
 *     include/linux/vmalloc.h}), ARM 24 ({@code arch/arm/include/asm/memory.h}, from ~3.10 only
 *     for {@code !SMP && !ARM_LPAE}), x86-32 {@code PMD_SHIFT} from 4.1 ({@code
 *     arch/x86/include/asm/page_types.h}, with the huge I/O mappings of {@code HAVE_ARCH_HUGE_VMAP})
 * @param modulesVaddr {@code MODULES_VADDR}: where {@code module_alloc()} searches first
 * @param modulesEnd {@code MODULES_END}, exclusive
 * @param modulesFallbackToVmalloc whether {@code module_alloc()} retries in {@code
 *     VMALLOC_START..VMALLOC_END} when the module area is full (ARM with {@code
 *     CONFIG_ARM_MODULE_PLTS}, 4.0+)
 * @param pciIoVirtBase {@code PCI_IO_VIRT_BASE}, the static {@code pci_reserve_io} area inside
 *     vmalloc space, or 0 when the kernel has none
 * @param pciIoSize the size of that area (ARM: 2 MiB), 0 when none
 * @param earlyAreas areas the architecture registers with {@code vm_area_add_early()} outside the
 *     vmalloc and module ranges, which {@code /proc/vmallocinfo} lists all the same: ARM's {@code
 *     dma_contiguous_remap()} maps the lowmem part of each CMA area with {@code iotable_init()}
 *     at its linear address
 * @param moduleFlushResetPerms whether the architecture's own {@code module_alloc()} asks {@code
 *     VM_FLUSH_RESET_PERMS} for its areas, so that {@code vfree()} of one purges the lazily freed
 *     areas and flushes the TLB at once ({@code vm_reset_perms()}): x86 from 5.2 ({@code
 *     arch/x86/kernel/module.c}); from 6.10 every architecture does through {@code
 *     execmem_alloc()} ({@code mm/execmem.c}), whatever this says
 * @param ioremapHugeShift the shift of the blocks {@code ioremap_page_range()} maps a suitably
 *     aligned chunk with ({@code HAVE_ARCH_HUGE_VMAP} and {@code arch_vmap_pmd_supported()}:
 *     x86 PAE from 4.1, {@code PMD_SHIFT} 21, unless {@code nohugeiomap}); 0 when it maps pages
 */
public record VmallocSpec(
    int ioremapMaxOrder,
    long modulesVaddr,
    long modulesEnd,
    boolean modulesFallbackToVmalloc,
    long pciIoVirtBase,
    long pciIoSize,
    List<Region> earlyAreas,
    boolean moduleFlushResetPerms,
    int ioremapHugeShift) {
  /** Generic {@code IOREMAP_MAX_ORDER}: {@code 7 + PAGE_SHIFT} (include/linux/vmalloc.h). */
  public static final int GENERIC_IOREMAP_MAX_ORDER = 7 + Addresses.PAGE_SHIFT;

  /** Checks the values and copies the list. */
  public VmallocSpec {
    earlyAreas = List.copyOf(earlyAreas);
    checkArgument(
        ioremapMaxOrder >= Addresses.PAGE_SHIFT && ioremapMaxOrder < 32,
        "IOREMAP_MAX_ORDER (%s) must lie in [PAGE_SHIFT, 32)", ioremapMaxOrder);
    checkArgument(
        modulesVaddr >= 0 && modulesVaddr < modulesEnd && modulesEnd <= Addresses.ADDRESS_LIMIT
            && Addresses.isAligned(modulesVaddr, Addresses.PAGE_SIZE),
        "module area [%s, %s) must be a page-aligned range inside 4 GiB",
        Addresses.hex(modulesVaddr), Addresses.hex(modulesEnd));
    checkArgument(
        pciIoSize >= 0 && Addresses.isAligned(pciIoVirtBase | pciIoSize, Addresses.PAGE_SIZE)
            && pciIoVirtBase + pciIoSize <= Addresses.ADDRESS_LIMIT,
        "PCI I/O window [%s, +%s) must be page aligned", Addresses.hex(pciIoVirtBase), pciIoSize);
    checkArgument(ioremapHugeShift == 0 || ioremapHugeShift > Addresses.PAGE_SHIFT && ioremapHugeShift < 32,
        "ioremap block shift (%s) must be 0 or lie in (PAGE_SHIFT, 32)", ioremapHugeShift);
  }

  /** Constants whose {@code ioremap()} maps pages only. */
  public VmallocSpec(int ioremapMaxOrder, long modulesVaddr, long modulesEnd,
      boolean modulesFallbackToVmalloc, long pciIoVirtBase, long pciIoSize, List<Region> earlyAreas,
      boolean moduleFlushResetPerms) {
    this(ioremapMaxOrder, modulesVaddr, modulesEnd, modulesFallbackToVmalloc, pciIoVirtBase,
        pciIoSize, earlyAreas, moduleFlushResetPerms, 0);
  }

  /** Constants whose {@code module_alloc()} does not ask {@code VM_FLUSH_RESET_PERMS}. */
  public VmallocSpec(int ioremapMaxOrder, long modulesVaddr, long modulesEnd,
      boolean modulesFallbackToVmalloc, long pciIoVirtBase, long pciIoSize, List<Region> earlyAreas) {
    this(ioremapMaxOrder, modulesVaddr, modulesEnd, modulesFallbackToVmalloc, pciIoVirtBase,
        pciIoSize, earlyAreas, false, 0);
  }

  /** Constants without early areas. */
  public VmallocSpec(int ioremapMaxOrder, long modulesVaddr, long modulesEnd,
      boolean modulesFallbackToVmalloc, long pciIoVirtBase, long pciIoSize) {
    this(ioremapMaxOrder, modulesVaddr, modulesEnd, modulesFallbackToVmalloc, pciIoVirtBase,
        pciIoSize, List.of());
  }

  /**
   * The generic kernel: {@code IOREMAP_MAX_ORDER} 19, modules in the vmalloc range itself (the
   * generic {@code module_alloc()} is {@code vmalloc_exec()}), no PCI I/O window.
   */
  public static VmallocSpec generic(long vmallocStart, long vmallocEnd) {
    return new VmallocSpec(GENERIC_IOREMAP_MAX_ORDER, vmallocStart, vmallocEnd, false, 0, 0);
  }

  /** The same constants with another {@code IOREMAP_MAX_ORDER}. */
  public VmallocSpec withIoremapMaxOrder(int order) {
    return new VmallocSpec(order, modulesVaddr, modulesEnd, modulesFallbackToVmalloc,
        pciIoVirtBase, pciIoSize, earlyAreas, moduleFlushResetPerms, ioremapHugeShift);
  }

  /** The same constants with {@code module_alloc()} asking {@code VM_FLUSH_RESET_PERMS} or not. */
  public VmallocSpec withModuleFlushResetPerms(boolean flush) {
    return new VmallocSpec(ioremapMaxOrder, modulesVaddr, modulesEnd, modulesFallbackToVmalloc,
        pciIoVirtBase, pciIoSize, earlyAreas, flush, ioremapHugeShift);
  }

  /** The same constants with {@code ioremap()} mapping blocks of {@code 1 << shift} (0: pages). */
  public VmallocSpec withIoremapHugeShift(int shift) {
    return new VmallocSpec(ioremapMaxOrder, modulesVaddr, modulesEnd, modulesFallbackToVmalloc,
        pciIoVirtBase, pciIoSize, earlyAreas, moduleFlushResetPerms, shift);
  }

  /** Whether the kernel reserves a PCI I/O window. */
  public boolean hasPciIo() {
    return pciIoSize > 0;
  }

  @Override
  public String toString() {
    return "VmallocSpec[IOREMAP_MAX_ORDER " + ioremapMaxOrder + ", modules "
        + Addresses.hex(modulesVaddr) + "-" + Addresses.hex(modulesEnd)
        + (modulesFallbackToVmalloc ? " (falls back to vmalloc)" : "")
        + (hasPciIo() ? ", PCI I/O " + Addresses.hex(pciIoVirtBase) + "+" + Addresses.hex(pciIoSize) : "")
        + (earlyAreas.isEmpty() ? "" : ", early " + earlyAreas)
        + (moduleFlushResetPerms ? ", modules VM_FLUSH_RESET_PERMS" : "")
        + (ioremapHugeShift > 0 ? ", ioremap blocks of 2^" + ioremapHugeShift : "")
        + "]";
  }
}

package org.memmap.core.vmalloc;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.memmap.api.Addresses;
import org.memmap.api.KernelVersion;
import org.memmap.api.MemmapException;
import org.memmap.api.MemoryLayout;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;
import org.memmap.api.spi.VmallocSpec;
import org.memmap.core.mm.Mmu;
import org.memmap.core.mm.PageAllocator;

/**
 * The vmalloc layer of one simulated kernel ({@code mm/vmalloc.c}): {@code vmalloc()}, {@code
 * vfree()}, {@code ioremap()}, {@code iounmap()}, {@code module_alloc()} and {@code
 * /proc/vmallocinfo}, over a {@link VmapAllocator} for addresses, a {@link PageAllocator} for the
 * backing pages and an {@link Mmu} for the PTEs.
 *
 * <p>What follows the kernel, release by release (mm/vmalloc.c read for 3.x and 6.1):
 *
 * <ul>
 *   <li>every area gets one guard page ({@code size += PAGE_SIZE}) unless {@code VM_NO_GUARD}
 *       (4.0+); /proc/vmallocinfo prints the size with the guard page;
 *   <li>{@code VM_IOREMAP} areas are aligned to {@code 2^clamp(order, PAGE_SHIFT,
 *       IOREMAP_MAX_ORDER)}, order being {@code fls(size)} of the unaligned size before 4.9 and
 *       {@code get_count_order_long(PAGE_ALIGN(size))} from 4.9 ("mm/vmalloc.c: fix align value
 *       calculation error"), always before the guard page is added;
 *   <li>{@code vfree()}/{@code iounmap()} clear the PTEs at once (since the 2.6.28 vmap
 *       rewrite) but keep the addresses busy ("lazily freed") until a purge, which flushes the
 *       TLB over {@code [lowest start, highest end)} of the purged areas and returns them to the
 *       free space; a purge runs when the lazily freed pages exceed {@code lazy_max_pages() =
 *       fls(num_online_cpus) * 32 MiB / PAGE_SIZE} and before an allocation that failed is
 *       retried once (6.1 purges from a work item; the model purges at once);
 *   <li>{@code vmalloc()} backs its areas with {@code __GFP_HIGHMEM} pages; {@code module_alloc()}
 *       with GFP_KERNEL (lowmem) until 5.8, when {@code __vmalloc_area_node()} started to add
 *       {@code __GFP_HIGHMEM} itself; a page array larger than a page is itself vmalloc'ed
 *       (shown as its own area, and as {@code vpages});
 *   <li>the failure message is the kernel's: {@code vmap allocation for size N failed: use
 *       vmalloc=<size> to increase size.} (with the full stop until 4.11, without from 4.12),
 *       {@code vmalloc_node_range for size N failed: Address range restricted to 0xSTART -
 *       0xEND} from 6.11;
 *   <li>{@code module_alloc()} areas with {@code VM_FLUSH_RESET_PERMS} (x86 from 5.2, every
 *       architecture from 6.10, when it became {@code execmem_alloc()}) are purged with every
 *       other lazily freed area, and the TLB flushed, as soon as they are vfree'd; from 6.10 a
 *       module allocation that fails prints {@code execmem: unable to allocate memory} only
 *       ({@code __GFP_NOWARN} silences {@code alloc_vmap_area()}).
 * </ul>
 *
 * <p>What 6.9–7.x changed and does not apply to 32-bit kernels (docs/sim.md): the per-node
 * {@code vmap_node} pools and {@code node_alloc()} exist only with {@code BITS_PER_LONG == 64}
 * ({@code vmap_init_nodes()}), so one node serves every address as before; {@code
 * HAVE_ARCH_HUGE_VMALLOC} is selected by x86-64 only, so {@code vmalloc()} never maps huge pages.
 * Their visible effect, lazily freed areas listed one by one, is {@link VmallocinfoShow}'s.
 *
 * <p>Not modelled: per-CPU {@code vmap_block}s ({@code vm_map_ram}), the percpu first chunk,
 * ARM static (iotable) mappings that ioremap() reuses, x86 module load-offset randomisation, the
 * shape-dependent search of ≥ 5.2 kernels for alignments above a page (see {@link
 * VmapAllocator}).
 *
 * <p>A simulated kernel owns one: {@link org.memmap.core.sim.SimKernel#vmalloc()}; the constructor
 * is for an MMU and page allocator of your own.
 *
 * <pre>{@code
 * Vmalloc v = kernel.vmalloc();
 * VmStruct a = v.vmalloc(64 * 1024, "my_driver_probe+0x40/0x100");
 * v.vfree(a.addr());
 * v.vmallocinfo().forEach(System.out::println);
 * }</pre>
 *
 * <p>Not thread-safe: callers serialise (the kernel holds {@code vmap_area_lock}).
 */
public final class Vmalloc {
  /** {@code sizeof(struct page *)} on a 32-bit kernel. */
  private static final int POINTER_SIZE = 4;

  private final MemoryLayout layout;
  private final Mmu mmu;
  private final PageAllocator pages;
  private final KernelVersion kernel;
  private final VmallocSpec spec;
  private final long vmallocStart;
  private final long vmallocEnd;
  private final int onlineCpus;
  private final VmapAllocator kva;
  private final TreeMap<Long, Area> busy = new TreeMap<>();
  private final TreeMap<Long, Long> lazy = new TreeMap<>();
  private final List<String> dmesg = new ArrayList<>();
  private long vmapLazyNr;
  private long tlbFlushes;

  /** A busy area and what backs it. */
  private static final class Area {
    VmStruct vm;
    long[] pfns = new long[0];
    int mapped;
    /** Pages (from the start) mapped by one block each chunk of {@code blockPages}, by index. */
    BitSet blocks = new BitSet();
    int blockPages;
    Area pageArray;
  }

  /**
   * The vmalloc layer of a freshly booted machine: empty apart from the areas the architecture
   * reserves at boot ({@code pci_reserve_io}).
   *
   * @param layout the machine's layout (VMALLOC_START/END, module area, constants)
   * @param mmu where PTEs are set and cleared
   * @param pages where backing pages come from
   * @param onlineCpus {@code num_online_cpus()}, for {@code lazy_max_pages()}
   */
  public Vmalloc(MemoryLayout layout, Mmu mmu, PageAllocator pages, int onlineCpus) {
    checkArgument(onlineCpus >= 1, "num_online_cpus (%s) must be at least 1", onlineCpus);
    this.layout = layout;
    this.mmu = mmu;
    this.pages = pages;
    this.onlineCpus = onlineCpus;
    this.kernel = layout.description().kernel();
    this.spec = layout.description().vmallocSpec();
    Region vm = layout.description().region(RegionKind.VMALLOC).orElseThrow(
        () -> new IllegalStateException("the layout has no vmalloc region"));
    this.vmallocStart = vm.start();
    this.vmallocEnd = vm.end();
    long lo = Addresses.alignDown(Math.min(vmallocStart, spec.modulesVaddr()), Addresses.PAGE_SIZE);
    long hi = Addresses.alignUp(Math.max(vmallocEnd, spec.modulesEnd()), Addresses.PAGE_SIZE);
    this.kva = new VmapAllocator(lo, hi);
    if (spec.hasPciIo() && spec.pciIoVirtBase() >= vmallocStart
        && spec.pciIoVirtBase() + spec.pciIoSize() <= vmallocEnd) {
      // pci_reserve_io(): vm_reserve_area_early(PCI_IO_VIRT_BASE, SZ_2M, pci_reserve_io), flags
      // VM_IOREMAP | VM_ARM_STATIC_MAPPING, no guard page (arch/arm/mm/mmu.c).
      kva.reserve(spec.pciIoVirtBase(), spec.pciIoSize());
      Area a = new Area();
      a.vm = new VmStruct(spec.pciIoVirtBase(), spec.pciIoSize(),
          EnumSet.of(VmFlag.IOREMAP, VmFlag.STATIC), "pci_reserve_io", 0, 0, false);
      busy.put(a.vm.addr(), a);
    }
  }

  /** {@code VMALLOC_START}. */
  public long vmallocStart() {
    return vmallocStart;
  }

  /** {@code VMALLOC_END}. */
  public long vmallocEnd() {
    return vmallocEnd;
  }

  /** {@code lazy_max_pages()}: {@code fls(num_online_cpus()) * (32 MiB / PAGE_SIZE)}. */
  public long lazyMaxPages() {
    int fls = 32 - Integer.numberOfLeadingZeros(onlineCpus);
    return fls * (32 * Addresses.MB / Addresses.PAGE_SIZE);
  }

  /** {@code vmap_lazy_nr}: pages lazily freed and not yet purged. */
  public long vmapLazyNr() {
    return vmapLazyNr;
  }

  /** How many TLB range flushes purges issued. */
  public long tlbFlushes() {
    return tlbFlushes;
  }

  /** What the kernel printed (warnings), oldest first. */
  public List<String> dmesg() {
    return List.copyOf(dmesg);
  }

  /**
   * {@code vmalloc(size)}: an area in VMALLOC_START..VMALLOC_END backed by highmem-first pages.
   *
   * @param caller the {@code %pS} caller to show, e.g. {@code start_kernel+0x550/0x748}
   * @throws VmallocException with the kernel's message when it would return NULL
   */
  public VmStruct vmalloc(long size, String caller) {
    return vmallocNodeRange(size, 1, vmallocStart, vmallocEnd, true, caller, true, EnumSet.of(VmFlag.ALLOC)).vm;
  }

  /**
   * {@code __vmalloc_node(size, align, GFP_KERNEL, ...)} with an alignment, as {@code
   * alloc_thread_stack_node()} asks for {@code THREAD_ALIGN} with {@code CONFIG_VMAP_STACK}.
   *
   * @throws VmallocException with the kernel's message when it would return NULL
   */
  public VmStruct vmallocNode(long size, long align, String caller) {
    checkArgument(align > 0 && Long.bitCount(align) == 1, "align (%s) must be a power of two", align);
    return vmallocNodeRange(size, align, vmallocStart, vmallocEnd, true, caller, true, EnumSet.of(VmFlag.ALLOC)).vm;
  }

  /**
   * {@code module_alloc(size)}: an area in MODULES_VADDR..MODULES_END; ARM with module PLTs
   * falls back to vmalloc space when that is full.
   *
   * @throws VmallocException with the kernel's message when it would return NULL
   */
  public VmStruct moduleAlloc(long size, String caller) {
    boolean highmem = kernel.atLeast(5, 8);
    // From 6.10 module_alloc() is execmem_alloc(EXECMEM_MODULE_TEXT) (mm/execmem.c): both tries
    // ask GFP_KERNEL | __GFP_NOWARN and VM_FLUSH_RESET_PERMS, and a failure prints "execmem:
    // unable to allocate memory" instead of alloc_vmap_area()'s warning.
    boolean execmem = kernel.atLeast(6, 10);
    Set<VmFlag> flags = execmem || spec.moduleFlushResetPerms()
        ? EnumSet.of(VmFlag.ALLOC, VmFlag.FLUSH_RESET_PERMS) : EnumSet.of(VmFlag.ALLOC);
    try {
      try {
        return vmallocNodeRange(size, 1, spec.modulesVaddr(), spec.modulesEnd(), highmem, caller,
            !execmem && !spec.modulesFallbackToVmalloc(), flags).vm;
      } catch (VmallocException e) {
        if (!spec.modulesFallbackToVmalloc()) {
          throw e;
        }
        return vmallocNodeRange(size, 1, vmallocStart, vmallocEnd, highmem, caller, !execmem, flags).vm;
      }
    } catch (VmallocException e) {
      if (!execmem) {
        throw e;
      }
      String msg = "execmem: unable to allocate memory";
      dmesg.add(msg);
      throw new VmallocException(msg);
    }
  }

  /**
   * {@code ioremap(paddr, size)}: maps the physical range into a {@code VM_IOREMAP} area and
   * returns the virtual address of {@code paddr} (the area start plus the offset in the page).
   *
   * @throws VmallocException with the kernel's message when it would return NULL
   */
  public long ioremap(long paddr, long size, String caller) {
    if (size <= 0 || paddr < 0 || paddr + size - 1 < paddr || paddr + size > Addresses.PHYS_LIMIT) {
      throw new VmallocException(String.format(Locale.ROOT,
          "ioremap(0x%x, 0x%x): empty or wrapping range", paddr, size));
    }
    int physBits = layout.description().pageTables().physBits();
    if (paddr + size > 1L << physBits) {
      // The PTE cannot hold such a pfn (ioremap_page_range() would set a truncated one).
      throw new VmallocException(String.format(Locale.ROOT,
          "ioremap(0x%x, 0x%x): the range ends past the %d-bit physical address space (0x%x)",
          paddr, size, physBits, 1L << physBits));
    }
    long offset = paddr & (Addresses.PAGE_SIZE - 1);
    long phys = paddr - offset;
    long mapSize = Addresses.alignUp(size + offset, Addresses.PAGE_SIZE);
    if (mapSize > vmallocEnd - vmallocStart) {
      throw new VmallocException(String.format(Locale.ROOT,
          "ioremap(0x%x, 0x%x): larger than the vmalloc area (0x%x bytes)", paddr, size,
          vmallocEnd - vmallocStart));
    }
    Area a = getVmArea(mapSize, 1, EnumSet.of(VmFlag.IOREMAP), vmallocStart, vmallocEnd, caller, true);
    a.vm = new VmStruct(a.vm.addr(), a.vm.size(), a.vm.flags(), a.vm.caller(), 0, phys, false);
    long n = mapSize >>> Addresses.PAGE_SHIFT;
    a.pfns = new long[(int) n];
    // vmap_range_noflush() with ioremap_max_page_shift: vmap_try_huge_pmd() maps a chunk with one
    // block where the chunk is a whole block, virtual and physical addresses aligned to it
    // (HAVE_ARCH_HUGE_VMAP); pages elsewhere.
    int hugeShift = spec.ioremapHugeShift();
    long block = hugeShift == 0 ? 0 : 1L << hugeShift;
    a.blockPages = (int) (block >>> Addresses.PAGE_SHIFT);
    try {
      for (int i = 0; i < n; i++) {
        a.pfns[i] = Addresses.pfnDown(phys) + i;
      }
      for (int i = 0; i < n; ) {
        long vaddr = a.vm.addr() + ((long) i << Addresses.PAGE_SHIFT);
        long chunk = phys + ((long) i << Addresses.PAGE_SHIFT);
        if (block > 0 && n - i >= a.blockPages && Addresses.isAligned(vaddr | chunk, block)
            && mmu.setIoBlock(vaddr, chunk, hugeShift)) {
          a.blocks.set(i);
          i += a.blockPages;
          a.mapped = i;
          continue;
        }
        mmu.setIoPte(vaddr, a.pfns[i]);
        a.mapped = ++i;
      }
    } catch (RuntimeException e) {
      // ioremap_page_range() failed: the kernel's __ioremap_caller() frees the area (free_vm_area).
      removeVmArea(a);
      throw e;
    }
    return a.vm.addr() + offset;
  }

  /**
   * {@code iounmap(vaddr)}: unmaps the ioremap area holding {@code vaddr & PAGE_MASK}. A static
   * area is left alone, as the kernel does.
   *
   * @throws VmallocException if no ioremap area starts there
   */
  public void iounmap(long vaddr) {
    long addr = vaddr & -Addresses.PAGE_SIZE;
    Area a = busy.get(addr);
    if (a != null && a.vm.flags().contains(VmFlag.STATIC)) {
      return;
    }
    if (a == null || !a.vm.flags().contains(VmFlag.IOREMAP)) {
      throw new VmallocException(String.format(Locale.ROOT,
          "iounmap: bad address 0x%08x", vaddr));
    }
    removeVmArea(a);
  }

  /**
   * {@code vfree(addr)}: unmaps the area, frees its pages and frees the addresses lazily.
   *
   * @throws VmallocException {@code Trying to vfree() nonexistent vm area (0x...)}
   */
  public void vfree(long addr) {
    if ((addr & (Addresses.PAGE_SIZE - 1)) != 0) {
      throw new VmallocException(String.format(Locale.ROOT, "Trying to vfree() bad address (0x%08x)", addr));
    }
    Area a = busy.get(addr);
    if (a == null || a.vm.flags().contains(VmFlag.STATIC)) {
      throw new VmallocException(String.format(Locale.ROOT,
          "Trying to vfree() nonexistent vm area (0x%08x)", addr));
    }
    removeVmArea(a);
    if (a.vm.flags().contains(VmFlag.FLUSH_RESET_PERMS)) {
      vmResetPerms(a);
    }
    for (long pfn : a.pfns) {
      pages.freePage(pfn);
    }
    if (a.pageArray != null) {
      vfree(a.pageArray.vm.addr());
    }
  }

  /**
   * {@code vm_reset_perms()} (5.2+, {@code vm_remove_mappings()} before 6.3): the area was just
   * lazily freed; {@code _vm_unmap_aliases(start, end, flush_dmap)} with the linear addresses of
   * its lowmem pages purges every lazily freed area at once and flushes the TLB over {@code [min
   * start, max end)} of those pages and the purged areas ({@code __purge_vmap_area_lazy()}).
   * Highmem pages have no {@code page_address()} unless kmapped; the model takes them as unmapped.
   */
  private void vmResetPerms(Area a) {
    long start = Long.MAX_VALUE;
    long end = 0;
    for (long pfn : a.pfns) {
      if (pfn < layout.description().linearMap().maxLowPfn()) {
        long vaddr = layout.description().linearMap().lowmemPageAddress(pfn);
        start = Math.min(start, vaddr);
        end = Math.max(end, vaddr + Addresses.PAGE_SIZE);
      }
    }
    purge(start, end);
  }

  /** {@code module_memfree(addr)}: {@code vfree()}. */
  public void moduleMemfree(long addr) {
    vfree(addr);
  }

  /**
   * {@code purge_vmap_area_lazy()}: flushes the TLB over the lazily freed areas and returns
   * their addresses to the free space.
   */
  public void purgeVmapAreaLazy() {
    purge(Long.MAX_VALUE, 0);
  }

  /** {@code __purge_vmap_area_lazy(start, end)}: the flush covers {@code [start, end)} too. */
  private void purge(long start, long end) {
    if (lazy.isEmpty()) {
      return;
    }
    start = Math.min(start, lazy.firstKey());
    for (long e : lazy.values()) {
      end = Math.max(end, e);
    }
    mmu.flushTlbRange(start, end);
    tlbFlushes++;
    for (Map.Entry<Long, Long> e : lazy.entrySet()) {
      kva.free(e.getKey(), e.getValue() - e.getKey());
    }
    lazy.clear();
    vmapLazyNr = 0;
  }

  /** The busy areas in address order. */
  public List<VmStruct> areas() {
    List<VmStruct> out = new ArrayList<>(busy.size());
    busy.values().forEach(a -> out.add(a.vm));
    return out;
  }

  /** The area containing {@code vaddr} (guard page included). */
  public Optional<VmStruct> findVmArea(long vaddr) {
    Map.Entry<Long, Area> e = busy.floorEntry(vaddr);
    return e != null && e.getValue().vm.contains(vaddr) ? Optional.of(e.getValue().vm) : Optional.empty();
  }

  /** The lazily freed ranges not yet purged, {@code [start, end)} in address order. */
  public List<VmapRange> unpurged() {
    List<VmapRange> out = new ArrayList<>();
    lazy.forEach((s, e) -> out.add(new VmapRange(s, e)));
    return out;
  }

  /** {@code /proc/vmallocinfo} as this kernel release prints it. */
  public List<String> vmallocinfo() {
    return VmallocinfoShow.show(this, kernel, physAddrBits() > 32);
  }

  /** The width of {@code phys_addr_t} in bits (64 with LPAE/PAE). */
  int physAddrBits() {
    return layout.description().pageTables().physBits() > 32 ? 64 : 32;
  }

  /** The release modelled. */
  public KernelVersion kernel() {
    return kernel;
  }

  private Area vmallocNodeRange(long size, long align, long start, long end, boolean highmem,
      String caller, boolean warn, Set<VmFlag> flags) {
    long realSize = size;
    long alignedSize = Addresses.alignUp(Math.max(size, 0), Addresses.PAGE_SIZE);
    // The 6.1 source (and 6.12, 7.2) checks the size before PAGE_ALIGN and words the failures
    // "vmalloc error: size %lu, ..."; 3.x-5.10 said "vmalloc: allocation failure: %lu bytes". The
    // rewording happened between 5.10 and 6.1 (5.13/5.14 series); the model switches at 6.1.
    boolean errorWording = kernel.atLeast(6, 1);
    if (size <= 0 && errorWording) {
      String msg = "vmalloc: WARN_ON_ONCE(!size) in __vmalloc_node_range(): no area for 0 bytes";
      dmesg.add(msg);
      throw new VmallocException(msg);
    }
    if (errorWording && (size >>> Addresses.PAGE_SHIFT) > layout.totalPages()) {
      String msg = String.format(Locale.ROOT, "vmalloc error: size %d, exceeds total pages", realSize);
      dmesg.add(msg);
      throw new VmallocException(msg);
    }
    if (size <= 0 || (alignedSize >>> Addresses.PAGE_SHIFT) > layout.totalPages()) {
      String msg = String.format(Locale.ROOT, "vmalloc: allocation failure: %d bytes", realSize);
      dmesg.add(msg);
      throw new VmallocException(msg);
    }
    Area a = getVmArea(alignedSize, align, flags, start, end, caller, warn);
    int nrPages = (int) (alignedSize >>> Addresses.PAGE_SHIFT);
    long arraySize = (long) nrPages * POINTER_SIZE;
    boolean vpages = arraySize > Addresses.PAGE_SIZE;
    if (vpages) {
      // __vmalloc_area_node(): the page array comes from __vmalloc_node(array_size, ...,
      // __GFP_HIGHMEM) after the area itself was placed.
      a.pageArray = vmallocNodeRange(arraySize, 1, vmallocStart, vmallocEnd, true, caller, true,
          EnumSet.of(VmFlag.ALLOC));
    }
    a.pfns = new long[nrPages];
    int got = 0;
    try {
      for (; got < nrPages; got++) {
        a.pfns[got] = pages.allocPage(highmem);
      }
    } catch (MemmapException e) {
      a.pfns = java.util.Arrays.copyOf(a.pfns, got);
      // 6.1: the pages obtained, with the page order; 6.12 and 7.2: the pages asked for, without.
      String msg = kernel.atLeast(6, 12)
          ? String.format(Locale.ROOT, "vmalloc error: size %d, failed to allocate pages",
              (long) nrPages << Addresses.PAGE_SHIFT)
          : errorWording
              ? String.format(Locale.ROOT, "vmalloc error: size %d, page order 0, failed to allocate pages",
                  (long) got << Addresses.PAGE_SHIFT)
              : String.format(Locale.ROOT, "vmalloc: allocation failure, allocated %d of %d bytes",
                  (long) got << Addresses.PAGE_SHIFT, a.vm.size());
      dmesg.add(msg);
      vfree(a.vm.addr());
      throw new VmallocException(msg);
    }
    a.vm = new VmStruct(a.vm.addr(), a.vm.size(), a.vm.flags(), caller, nrPages, 0, vpages);
    for (int i = 0; i < nrPages; i++) {
      mmu.setPte(a.vm.addr() + ((long) i << Addresses.PAGE_SHIFT), a.pfns[i]);
      a.mapped++;
    }
    return a;
  }

  /**
   * {@code __get_vm_area_node()}: alignment for VM_IOREMAP, page rounding, the guard page,
   * {@code alloc_vmap_area()}.
   */
  private Area getVmArea(
      long size, long align, Set<VmFlag> flags, long start, long end, String caller, boolean warn) {
    if (flags.contains(VmFlag.NO_GUARD) && !kernel.atLeast(4, 0)) {
      throw new IllegalArgumentException("VM_NO_GUARD does not exist before Linux 4.0");
    }
    long alignedSize = Addresses.alignUp(size, Addresses.PAGE_SIZE);
    if (flags.contains(VmFlag.IOREMAP)) {
      int bit = kernel.atLeast(4, 9) ? countOrder(alignedSize) : fls(size);
      bit = Math.max(Addresses.PAGE_SHIFT, Math.min(bit, spec.ioremapMaxOrder()));
      align = 1L << bit;
    }
    long vmSize = alignedSize + (flags.contains(VmFlag.NO_GUARD) ? 0 : Addresses.PAGE_SIZE);
    long addr = allocVmapArea(vmSize, align, start, end, warn);
    Area a = new Area();
    a.vm = new VmStruct(addr, vmSize, flags, caller, 0, 0, false);
    busy.put(addr, a);
    return a;
  }

  /** {@code alloc_vmap_area()}: lowest fit, one purge and retry, then the kernel's warning. */
  private long allocVmapArea(long size, long align, long start, long end, boolean warn) {
    long addr = kva.alloc(size, align, start, end);
    if (addr < 0) {
      purgeVmapAreaLazy();
      addr = kva.alloc(size, align, start, end);
    }
    if (addr < 0) {
      // 6.11 ("vmalloc: modify the alloc_vmap_area() error message for better diagnostics")
      // names the range instead of the vmalloc= hint.
      String msg = kernel.atLeast(6, 11)
          ? String.format(Locale.ROOT,
              "vmalloc_node_range for size %d failed: Address range restricted to %#x - %#x",
              size, start, end)
          : String.format(Locale.ROOT,
              "vmap allocation for size %d failed: use vmalloc=<size> to increase size%s",
              size, kernel.atLeast(4, 12) ? "" : ".");
      if (warn) {
        dmesg.add(msg);
      }
      throw new VmallocException(msg);
    }
    return addr;
  }

  /** {@code remove_vm_area()} + {@code free_unmap_vmap_area()}: unmap now, free lazily. */
  private void removeVmArea(Area a) {
    busy.remove(a.vm.addr());
    for (int i = 0; i < a.mapped; ) {
      long vaddr = a.vm.addr() + ((long) i << Addresses.PAGE_SHIFT);
      if (a.blocks.get(i)) {
        mmu.clearIoBlock(vaddr); // vunmap_pmd_range(): pmd_clear_huge()
        i += a.blockPages;
      } else {
        mmu.clearPte(vaddr);
        i++;
      }
    }
    a.blocks.clear();
    a.mapped = 0;
    lazy.put(a.vm.addr(), a.vm.end());
    vmapLazyNr += a.vm.size() >>> Addresses.PAGE_SHIFT;
    if (vmapLazyNr > lazyMaxPages()) {
      purgeVmapAreaLazy();
    }
  }

  /** {@code fls()}: the position of the highest set bit, 1-based; 0 for 0. */
  static int fls(long x) {
    return 64 - Long.numberOfLeadingZeros(x);
  }

  /** {@code get_count_order_long()}: ceil(log2(x)). */
  static int countOrder(long x) {
    return x <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(x - 1);
  }
}

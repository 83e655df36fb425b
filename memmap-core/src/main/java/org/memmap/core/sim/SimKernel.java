package org.memmap.core.sim;

import static com.google.common.base.Preconditions.checkArgument;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.HardwareFormat;
import org.memmap.api.spi.KmapLocalSpec;
import org.memmap.core.highmem.Highmem;
import org.memmap.core.vmalloc.Vmalloc;
import org.memmap.api.spi.UnmappedSegment;
import org.memmap.core.mm.Mmu;
import org.memmap.core.mm.PageFaultException;
import org.memmap.core.pgtable.KernelPageTables;
import org.memmap.core.pgtable.Walk;

/**
 * A simulated kernel after {@code paging_init()}: sparse physical memory for the machine's RAM,
 * {@code swapper_pg_dir} with lowmem linearly mapped (blocks where aligned, 4 KiB pages
 * elsewhere; no entries at all where lowmem lies in an unmapped window such as MIPS32 KSEG0,
 * which the CPU translates without tables or TLB), one PTE table for the pkmap window, PTE tables for the fixmap, an empty vmalloc
 * area; a software TLB in front of the walk; the page allocator.
 *
 * <p>Translation goes through the TLB first, so after {@link #clearPte} the old translation stays
 * usable until {@link #flushTlbRange} or {@link #flushTlbAll}, exactly as on hardware. A TLB hit
 * takes no lock and allocates nothing. Everything else is serialised on this object.
 *
 * <p>The kernel owns its machinery, one of each, created on first use: the page allocator
 * ({@link #pageAllocator()}), the kmap machinery with its pkmap pool and kmap_local slot stacks
 * ({@link #highmem()}), and the vmalloc / ioremap / module_alloc allocator ({@link #vmalloc()}),
 * which sizes its lazy purging by the machine's CPU count ({@link #onlineCpus()}).
 *
 * <pre>{@code
 * SimKernel k = SimKernel.boot(MemMap.layout("arm"));
 * long paddr = k.translate(0xc0001000L);      // lowmem: 0xc0001000 - PAGE_OFFSET + PHYS_OFFSET
 * Walk w = k.walk(0xc0001000L);                // pgd[3072] section ... (ARM)
 * long page = k.pageAllocator().allocPage(true);   // a highmem page of our own
 * long vaddr = k.highmem().kmap(page);             // PKMAP_ADDR(1)
 * VmStruct area = k.vmalloc().vmalloc(64 * 1024, "my_probe");
 * }</pre>
 *
 * <p><b>Which pages to kmap.</b> In the kernel, {@code kmap(page)} maps a page its caller owns.
 * Here a caller owns the pages it took from {@link #pageAllocator()} (or the pages of a vmalloc
 * area it made). A script may also name any page of RAM: a page the allocator still counts as
 * free is taken from it the first time it is mapped into kernel space ({@link #setPte}), so the
 * allocator never hands it to vmalloc while a kmap aliases it. It is not given back on {@code
 * kunmap}: free it with {@code pageAllocator().freePage(pfn)} when done.
 */
public final class SimKernel implements Mmu {
  private final MemoryLayout layout;
  private final PhysMemory memory;
  private final SimPageAllocator allocator;
  private final KernelPageTables tables;
  private final Tlb tlb = new Tlb();
  /**
   * Bumped by every TLB flush before it drops entries. A translation walks the tables without the
   * lock; a fill that may have raced with a flush (the generation moved meanwhile) drops itself, so
   * no translation older than a flush survives it.
   */
  private final AtomicLong flushGeneration = new AtomicLong();

  private final int onlineCpus;
  private Highmem highmem;
  private Vmalloc vmalloc;

  private SimKernel(MemoryLayout layout, PhysMemory memory, SimPageAllocator allocator, KernelPageTables tables) {
    this.layout = layout;
    this.memory = memory;
    this.allocator = allocator;
    this.tables = tables;
    this.onlineCpus = onlineCpus(layout);
  }

  /**
   * {@code num_online_cpus()}: the machine's board fact {@code nr_cpus}, 1 without it; at most
   * {@code NR_CPUS}.
   */
  private static int onlineCpus(MemoryLayout layout) {
    Optional<String> fact = layout.machine().boardFact("nr_cpus");
    if (fact.isEmpty()) {
      return 1;
    }
    long n;
    try {
      n = org.memmap.api.Addresses.parseNumber(fact.get(), "board fact nr_cpus");
    } catch (InputException e) {
      throw InputException.about(InputException.Input.BOARD_FACT, e);
    }
    KmapLocalSpec kl = layout.description().kmapLocal();
    long max = kl == null ? 4096 : kl.nrCpus();
    if (n < 1 || n > max) {
      throw new InputException(InputException.Input.BOARD_FACT, String.format(Locale.ROOT,
          "board fact nr_cpus %d: expected 1 to %d (NR_CPUS of this kernel)", n, max));
    }
    return (int) n;
  }

  /**
   * Boots the machine of {@code layout}: builds the kernel page tables the way its kernel does.
   *
   * @throws IllegalStateException if the description's tables cannot be built (a plugin bug)
   */
  public static SimKernel boot(MemoryLayout layout) {
    ArchDescription d = layout.description();
    HardwareFormat hw = d.pageTables().hardware();
    PhysMemory memory = new PhysMemory(d.memory());
    SimPageAllocator allocator = new SimPageAllocator(d.memory(), d.lowmemLimit());
    reserveImage(layout, allocator);
    long pgd = placePgd(layout, hw, allocator);
    KernelPageTables tables = new KernelPageTables(hw, d.pageTables().largePageShift(), memory, () -> {
      long pfn = allocator.allocTop();
      memory.clearPage(pfn);
      return pfn << Addresses.PAGE_SHIFT;
    }, pgd);
    // map_lowmem() (ARM, the memblock regions) / kernel_physical_mapping_init() (x86, 0..max_low_pfn);
    // nothing where lowmem lies in an unmapped window (MIPS32 KSEG0: paging_init() maps no lowmem)
    for (long[] r : lowmemRanges(d, hw)) {
      long vaddr = r[0] - d.physOffset() + d.pageOffset();
      if (!inUnmappedSegment(hw, vaddr, vaddr + (r[1] - r[0]))) {
        tables.mapLinear(vaddr, r[0], r[1] - r[0]);
      }
    }
    // kmap_init() / permanent_kmaps_init(): one PTE table for PKMAP_BASE
    d.pkmapSpec().ifPresent(p -> tables.ensurePteTable(p.pkmapBase()));
    // early_fixmap_init() / early_ioremap_page_table_range_init(): PTE tables for the fixmap
    Optional<Region> fixmap = d.region(RegionKind.FIXMAP);
    fixmap.ifPresent(f -> ensureTables(tables, f.start(), f.end()));
    KmapLocalSpec kl = d.kmapLocal();
    if (kl != null) {
      ensureTables(tables, kl.slotAddress(kl.nrCpus() - 1, kl.slotsPerCpu() - 1), kl.fixaddrTop() + Addresses.PAGE_SIZE);
    }
    return new SimKernel(layout, memory, allocator, tables);
  }

  /**
   * Whether {@code [start, end)} lies inside one unmapped window (which then translates it as the
   * linear map does: core's DescriptionValidator checks that).
   *
   * @throws IllegalStateException if the range only partly lies in one
   */
  private static boolean inUnmappedSegment(HardwareFormat hw, long start, long end) {
    for (UnmappedSegment s : hw.unmapped()) {
      if (s.overlaps(start, end)) {
        if (start < s.vstart() || end > s.vend()) {
          throw new IllegalStateException("lowmem " + Addresses.hex(start) + "-" + Addresses.hex(end)
              + " lies only partly in the unmapped segment " + s);
        }
        return true;
      }
    }
    return false;
  }

  private static void ensureTables(KernelPageTables tables, long start, long end) {
    for (long va = Addresses.alignDown(start, Addresses.PAGE_SIZE); va < end && va < Addresses.ADDRESS_LIMIT;
        va += Addresses.PAGE_SIZE) {
      tables.ensurePteTable(va);
    }
  }

  private static List<long[]> lowmemRanges(ArchDescription d, HardwareFormat hw) {
    List<long[]> out = new ArrayList<>();
    if (hw.mapsLowmemHoles()) {
      out.add(new long[] {d.physOffset(), d.lowmemLimit()});
      return out;
    }
    for (RamRange r : d.memory()) {
      long start = Addresses.alignUp(Math.max(r.base(), d.physOffset()), Addresses.PAGE_SIZE);
      long end = Addresses.alignDown(Math.min(r.end(), d.lowmemLimit()), Addresses.PAGE_SIZE);
      if (start < end) {
        out.add(new long[] {start, end});
      }
    }
    return out;
  }

  /** Reserves the kernel image when its symbols are known ({@code _text} .. {@code _end}). */
  private static void reserveImage(MemoryLayout layout, SimPageAllocator allocator) {
    var m = layout.machine();
    Optional<Long> text = m.symbol("_text");
    Optional<Long> end = m.symbol("_end").or(() -> m.symbol("__bss_stop"));
    if (text.isPresent() && end.isPresent() && text.get() >= layout.pageOffset() && end.get() <= layout.highMemory()
        && text.get() < end.get()) {
      long first = Addresses.pfnDown(layout.virtToPhys(text.get()));
      long last = Addresses.pfnUp(layout.virtToPhys(end.get() - 1) + 1);
      for (long pfn = first; pfn < last; pfn++) {
        allocator.reserve(pfn);
      }
    }
  }

  /** {@code swapper_pg_dir}: where the architecture puts it, where System.map says, or allocated. */
  private static long placePgd(MemoryLayout layout, HardwareFormat hw, SimPageAllocator allocator) {
    int bytes = hw.levels().get(0).tableBytes();
    int pages = (int) Addresses.pfnUp(bytes);
    List<Long> candidates = new ArrayList<>();
    if (hw.swapperPgDirOffset() >= 0) {
      candidates.add(layout.physOffset() + hw.swapperPgDirOffset());
    }
    layout.machine().symbol("swapper_pg_dir")
        .filter(v -> v >= layout.pageOffset() && v < layout.highMemory())
        .ifPresent(v -> candidates.add(layout.virtToPhys(v)));
    for (long paddr : candidates) {
      if (Addresses.isAligned(paddr, Math.min(bytes, Addresses.PAGE_SIZE) * (bytes > Addresses.PAGE_SIZE ? pages : 1))
          && reserveRun(allocator, Addresses.pfnDown(paddr), pages)) {
        return paddr;
      }
    }
    // An aligned run of free lowmem pages from the top down.
    long align = Math.max(1, pages);
    long top = Addresses.pfnDown(layout.description().lowmemLimit());
    for (long pfn = Addresses.alignDown(top - pages, align); pfn >= 0; pfn -= align) {
      if (reserveRun(allocator, pfn, pages)) {
        return pfn << Addresses.PAGE_SHIFT;
      }
    }
    throw new IllegalStateException("no free lowmem for swapper_pg_dir (" + bytes + " bytes)");
  }

  private static boolean reserveRun(SimPageAllocator allocator, long pfn, int pages) {
    for (int i = 0; i < pages; i++) {
      if (!allocator.isFree(pfn + i)) {
        return false;
      }
    }
    for (int i = 0; i < pages; i++) {
      allocator.reserve(pfn + i);
    }
    return true;
  }

  /** The layout this kernel was booted from. */
  public MemoryLayout layout() {
    return layout;
  }

  /** The physical memory. */
  public PhysMemory physMemory() {
    return memory;
  }

  /** The page allocator of the modelled zones. */
  public SimPageAllocator pageAllocator() {
    return allocator;
  }

  /** {@code num_online_cpus()}: the machine's board fact {@code nr_cpus}, 1 without it. */
  public int onlineCpus() {
    return onlineCpus;
  }

  /**
   * This kernel's kmap machinery: {@code kmap} / {@code kunmap} over its pkmap pool and {@code
   * kmap_local} / {@code kmap_atomic} over its per-CPU (up to 5.10) or per-task slot stacks.
   * There is one per kernel, as there is one {@code pkmap_count[]}: every call returns it.
   */
  public synchronized Highmem highmem() {
    if (highmem == null) {
      ArchDescription d = layout.description();
      highmem = new Highmem(d.pkmapSpec(), d.kmapLocal(), d.linearMap(), this);
    }
    return highmem;
  }

  /**
   * This kernel's vmalloc, ioremap and module_alloc allocator, over its page allocator, with
   * {@code lazy_max_pages()} from {@link #onlineCpus()}. One per kernel: every call returns it.
   * Not thread-safe (the kernel holds {@code vmap_area_lock}): callers serialise.
   */
  public synchronized Vmalloc vmalloc() {
    if (vmalloc == null) {
      vmalloc = new Vmalloc(layout, this, allocator, onlineCpus);
    }
    return vmalloc;
  }

  /** The physical address of {@code swapper_pg_dir}. */
  public long pgdPaddr() {
    return tables.pgdPaddr();
  }

  /** The physical addresses of the kernel's table pages below the top level. */
  public synchronized List<Long> tablePages() {
    return tables.tablePages();
  }

  private static void checkVaddr(long vaddr) {
    checkArgument(vaddr >= 0 && vaddr < Addresses.ADDRESS_LIMIT, "vaddr (0x%s) must be below 4 GiB",
        Long.toHexString(vaddr));
  }

  /**
   * {@inheritDoc} A page of RAM the page allocator counts as free is taken from it: a page mapped
   * into kernel space is in use (see "Which pages to kmap" above).
   */
  @Override
  public synchronized void setPte(long vaddr, long pfn) {
    checkVaddr(vaddr);
    checkArgument(pfn >= 0 && pfn < (1L << (layout.description().pageTables().physBits() - Addresses.PAGE_SHIFT)),
        "pfn (0x%s) does not fit the page-table format", Long.toHexString(pfn));
    tables.setPte(Addresses.alignDown(vaddr, Addresses.PAGE_SIZE), pfn);
    // A free page mapped into kernel space is in use from now on: the allocator must not hand it
    // out again while this mapping aliases it.
    allocator.reserve(pfn);
  }

  /** {@inheritDoc} Device memory is not RAM; a page of RAM is taken from the allocator as above. */
  @Override
  public synchronized void setIoPte(long vaddr, long pfn) {
    checkVaddr(vaddr);
    checkArgument(pfn >= 0 && pfn < (1L << (layout.description().pageTables().physBits() - Addresses.PAGE_SHIFT)),
        "pfn (0x%s) does not fit the page-table format", Long.toHexString(pfn));
    tables.setIoPte(Addresses.alignDown(vaddr, Addresses.PAGE_SIZE), pfn);
    allocator.reserve(pfn);
  }

  /** {@inheritDoc} Blocks of the format's large-page size only. */
  @Override
  public synchronized boolean setIoBlock(long vaddr, long paddr, int shift) {
    checkVaddr(vaddr);
    if (tables.blockSize() != 1L << shift || layout.description().pageTables().hardware().ioBlockProt() == 0) {
      return false;
    }
    tables.setIoBlock(vaddr, paddr);
    return true;
  }

  @Override
  public synchronized void clearIoBlock(long vaddr) {
    checkVaddr(vaddr);
    tables.clearBlock(vaddr);
  }

  @Override
  public synchronized void clearPte(long vaddr) {
    checkVaddr(vaddr);
    tables.clearPte(Addresses.alignDown(vaddr, Addresses.PAGE_SIZE));
  }

  @Override
  public synchronized void flushTlbRange(long start, long end) {
    flushGeneration.incrementAndGet();
    tlb.flushRange(start, end);
  }

  /** {@inheritDoc} One monitor acquisition for both steps. */
  @Override
  public synchronized void ptepClearFlush(long vaddr) {
    checkVaddr(vaddr);
    long page = Addresses.alignDown(vaddr, Addresses.PAGE_SIZE);
    tables.clearPte(page);
    flushGeneration.incrementAndGet();
    tlb.flushRange(page, page + Addresses.PAGE_SIZE);
  }

  @Override
  public synchronized void flushTlbAll() {
    flushGeneration.incrementAndGet();
    tlb.flushAll();
  }

  /**
   * {@inheritDoc} An address in an unmapped window (MIPS32 KSEG0 / KSEG1) is translated by the
   * window's offset, bypassing TLB and tables, as the CPU does.
   */
  @Override
  public long translate(long vaddr) {
    if ((vaddr >>> 32) != 0) {
      checkVaddr(vaddr);
    }
    UnmappedSegment segment = tables.format().unmappedSegment(vaddr);
    if (segment != null) {
      return segment.paddr(vaddr);
    }
    long paddr = tlb.lookup(vaddr);
    return paddr >= 0 ? paddr : translateSlow(vaddr);
  }

  /**
   * A TLB miss: the walk (entries are read with volatile loads, tables are published before they
   * are linked) and the fill, without the lock; see {@link #flushGeneration}.
   */
  private long translateSlow(long vaddr) {
    long generation = flushGeneration.get();
    long paddr = tables.translate(vaddr);
    if (paddr >= 0) {
      tlb.fill(vaddr, paddr);
      VarHandle.fullFence(); // the fill is visible before the generation is read again
      if (flushGeneration.get() != generation) {
        long page = Addresses.alignDown(vaddr, Addresses.PAGE_SIZE);
        tlb.flushRange(page, page + Addresses.PAGE_SIZE); // it may predate the flush: drop it
      }
    }
    return paddr;
  }

  /** The walk through the page tables (not the TLB), level by level. */
  public synchronized Walk walk(long vaddr) {
    checkVaddr(vaddr);
    return tables.walk(vaddr);
  }

  /** How many TLB entries are valid. */
  public synchronized int tlbEntries() {
    return tlb.size();
  }

  @Override
  public void write(long vaddr, byte[] data) {
    long[] pages = translatePages(vaddr, data.length);
    int done = 0;
    for (long paddr : pages) {
      int n = (int) Math.min(data.length - done, Addresses.PAGE_SIZE - (paddr & (Addresses.PAGE_SIZE - 1)));
      byte[] part = new byte[n];
      System.arraycopy(data, done, part, 0, n);
      memory.write(paddr, part);
      done += n;
    }
  }

  @Override
  public byte[] read(long vaddr, int length) {
    checkArgument(length >= 0, "length (%s) must not be negative", length);
    long[] pages = translatePages(vaddr, length);
    byte[] out = new byte[length];
    int done = 0;
    for (long paddr : pages) {
      int n = (int) Math.min(length - done, Addresses.PAGE_SIZE - (paddr & (Addresses.PAGE_SIZE - 1)));
      System.arraycopy(memory.read(paddr, n), 0, out, done, n);
      done += n;
    }
    return out;
  }

  /** The physical address of each page piece of {@code [vaddr, vaddr + length)}, checking all first. */
  private long[] translatePages(long vaddr, int length) {
    Addresses.checkVirtual(vaddr, "address");
    if (vaddr + length > Addresses.ADDRESS_LIMIT) {
      throw new InputException(String.format(Locale.ROOT,
          "0x%08x + %d bytes runs past the end of the 4 GiB address space", vaddr, length));
    }
    List<Long> out = new ArrayList<>();
    long va = vaddr;
    while (va < vaddr + length) {
      long paddr = translate(va);
      if (paddr < 0) {
        throw new PageFaultException(va, String.format(Locale.ROOT,
            "0x%08x: unable to handle kernel paging request (no valid translation)", va));
      }
      out.add(paddr);
      va = (va | (Addresses.PAGE_SIZE - 1)) + 1;
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  /** {@code __pa(vaddr)} for a lowmem address. */
  public long pa(long vaddr) {
    return layout.description().linearMap().pa(vaddr);
  }

  /** {@code __va(paddr)} for a lowmem physical address. */
  public long va(long paddr) {
    return layout.description().linearMap().va(paddr);
  }

  /** {@code page_to_pfn(virt_to_page(vaddr))} for a lowmem address. */
  public long virtToPfn(long vaddr) {
    return Addresses.pfnDown(pa(vaddr));
  }

  /**
   * {@code page_address(pfn_to_page(pfn))} for a lowmem page: its linear address; -1 for a
   * highmem page (which has an address only while kmapped).
   */
  public long lowmemPageAddress(long pfn) {
    long paddr = Addresses.pfnToPhys(pfn);
    if (!layout.description().linearMap().isLowmemPhys(paddr)) {
      return -1;
    }
    return va(paddr);
  }

  /** Whether {@code pfn} is a highmem page. */
  public boolean isHighmem(long pfn) {
    return Addresses.pfnToPhys(pfn) >= layout.description().lowmemLimit();
  }
}

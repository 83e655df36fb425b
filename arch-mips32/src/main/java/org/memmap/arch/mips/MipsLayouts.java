package org.memmap.arch.mips;

import static org.memmap.api.Addresses.MB;
import static org.memmap.api.Addresses.PAGE_SIZE;
import static org.memmap.api.Addresses.hex;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.RamRange;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.BannerLine;
import org.memmap.api.spi.BannerSpec;
import org.memmap.api.spi.BootOutput;
import org.memmap.api.spi.Diagnostics;
import org.memmap.api.spi.ImageSection;
import org.memmap.api.spi.KmapLocalSpec;
import org.memmap.api.spi.LinearMap;
import org.memmap.api.spi.Mechanisms;
import org.memmap.api.spi.MemoryLineStyle;
import org.memmap.api.spi.PageTableFormat;
import org.memmap.api.spi.PkmapSpec;
import org.memmap.api.spi.SizeUnit;
import org.memmap.api.spi.ZoneRules;

/**
 * The constants and small formulas of 32-bit {@code arch/mips}, modelled on Linux 4.14 and its
 * neighbours:
 *
 * <ul>
 *   <li>{@code arch/mips/include/asm/mach-generic/spaces.h}: {@code CAC_BASE} 0x80000000 (KSEG0),
 *       {@code PAGE_OFFSET = CAC_BASE + PHYS_OFFSET}, {@code MAP_BASE} 0xc0000000 (KSEG2), {@code
 *       HIGHMEM_START} 0x20000000 (all KSEG0 can reach: 512 MiB), {@code FIXADDR_TOP}
 *       0xfffe0000. Platforms may override the last three in their own {@code spaces.h}; OpenWrt's
 *       {@code 307-mips_highmem_offset.patch} lowers {@code HIGHMEM_START} to 0x10000000 on every
 *       MIPS target: give it with {@code --set highmem_start=}.
 *   <li>{@code arch/mips/include/asm/fixmap.h}: {@code FIX_CMAP_BEGIN} .. {@code FIX_CMAP_END =
 *       FIX_N_COLOURS * 2} (16), then with {@code CONFIG_HIGHMEM} {@code FIX_KMAP_BEGIN =
 *       FIX_CMAP_END + 1} and {@code KM_TYPE_NR * NR_CPUS} slots ({@code KM_MAX_IDX} from 5.11);
 *       {@code FIXADDR_START = FIXADDR_TOP - (__end_of_fixed_addresses << PAGE_SHIFT)}.
 *   <li>{@code arch/mips/include/asm/highmem.h}: {@code LAST_PKMAP} 1024, 512 with {@code
 *       CONFIG_PHYS_ADDR_T_64BIT} (64-bit ptes).
 *   <li>{@code arch/mips/include/asm/pgtable-32.h}: {@code VMALLOC_START = MAP_BASE}; {@code
 *       PKMAP_BASE} fixed at 0xfe000000 before commit c56e7a4c3e77 ("MIPS: mm: adjust PKMAP
 *       location", 4.12), then {@code PKMAP_END = FIXADDR_START & ~((LAST_PKMAP << PAGE_SHIFT) -
 *       1)}, {@code PKMAP_BASE = PKMAP_END - LAST_PKMAP pages}; {@code VMALLOC_END = PKMAP_BASE -
 *       2 pages} with highmem, {@code FIXADDR_START - 2 pages} without. {@code PGDIR_SHIFT = 2 *
 *       PAGE_SHIFT + PTE_ORDER - PTE_T_LOG2}: 22 with 4-byte ptes, 21 with 8-byte ones.
 *   <li>{@code arch/mips/kernel/setup.c} {@code bootmem_init()}: {@code max_low_pfn} is the end of
 *       RAM, cut to {@code PFN_DOWN(HIGHMEM_START)}; what lies above is highmem with {@code
 *       CONFIG_HIGHMEM} and dropped without. {@code early_parse_mem()}: the first {@code mem=}
 *       throws the firmware map away; {@code size@start}, start 0 by default.
 *   <li>{@code arch/mips/mm/init.c} {@code paging_init()}: {@code ZONE_DMA} up to {@code
 *       MAX_DMA_PFN} (16 MiB, {@code asm/dma.h}) with {@code CONFIG_ZONE_DMA}, Normal up to {@code
 *       max_low_pfn}, HighMem up to {@code highend_pfn}. {@code mem_init()} prints the generic
 *       {@code Memory:} line and no "Virtual kernel memory layout" banner.
 * </ul>
 */
final class MipsLayouts {
  /** The oldest release described: the first with the generic {@code mem_init_print_info()}. */
  static final KernelVersion OLDEST = KernelVersion.of(3, 11);
  /** {@code CAC_BASE}: KSEG0, the cached unmapped window lowmem lives in. */
  static final long CAC_BASE = 0x80000000L;
  /** {@code MAP_BASE}: KSEG2, where mapped kernel space (vmalloc) starts. */
  static final long MAP_BASE = 0xc0000000L;
  /** {@code HIGHMEM_START} of {@code mach-generic/spaces.h}: 512 MiB, all KSEG0 reaches. */
  static final long HIGHMEM_START = 0x20000000L;
  /** {@code FIXADDR_TOP} of {@code mach-generic/spaces.h}. */
  static final long FIXADDR_TOP = 0xfffe0000L;
  /** {@code FIX_CMAP_END + 1}: 8 cache colours times 2, plus one. */
  static final int FIX_KMAP_BEGIN = 8 * 2 + 1;
  /** {@code MAX_DMA_ADDRESS - PAGE_OFFSET} of {@code asm/dma.h}. */
  static final long MAX_DMA_SIZE = 16 * MB;

  private MipsLayouts() {}

  /** What a MIPS32 router or distribution kernel of {@code v} is configured with, for layout. */
  static KernelConfig defaultConfig(KernelVersion v) {
    return KernelConfig.EMPTY
        .with("32BIT", "y")
        .with("CPU_MIPSR2", "y")
        .with("HIGHMEM", "y")
        .with("SMP", "y")
        .with("NR_CPUS", "4")
        .with("PHYS_ADDR_T_64BIT", "n")
        .with("ZONE_DMA", "n")
        .with("MEMCG", "n");
  }

  static ArchDescription describe(Machine machine) {
    KernelVersion v = machine.kernel();
    if (v.compareTo(OLDEST) < 0) {
      throw new InputException(InputException.Input.KERNEL, "kernel release " + v + ": the mips plugin models " + OLDEST + " to "
          + KernelVersion.NEWEST + " (older kernels print their own Memory: line)");
    }
    KernelConfig cfg = defaultConfig(v).withAll(machine.config());
    if (cfg.isEnabled("64BIT")) {
      throw new InputException("CONFIG_64BIT=y: the mips plugin models 32-bit kernels only");
    }
    boolean highmem = cfg.isEnabled("HIGHMEM");
    boolean pte64 = cfg.isEnabled("PHYS_ADDR_T_64BIT") || cfg.isEnabled("64BIT_PHYS_ADDR")
        || cfg.isEnabled("XPA");
    int nrCpus = (int) cfg.longValue("NR_CPUS", 4, 1, 1024);
    if (nrCpus <= 0) {
      throw new InputException("CONFIG_NR_CPUS=" + nrCpus + ": must be at least 1");
    }
    List<String> notes = new ArrayList<>();
    long highmemStart = machine.boardSize("highmem_start").orElse(HIGHMEM_START);
    if (highmemStart <= 0 || highmemStart > HIGHMEM_START || !Addresses.isAligned(highmemStart, PAGE_SIZE)) {
      throw new InputException(InputException.Input.BOARD_FACT, "board fact highmem_start " + hex(highmemStart)
          + ": HIGHMEM_START must be a page-aligned address in (0, 0x20000000], the most KSEG0 maps");
    }
    if (machine.boardFact("highmem_start").isEmpty()) {
      notes.add("HIGHMEM_START assumed 0x20000000 (mach-generic/spaces.h); OpenWrt kernels use"
          + " 0x10000000: give it as the board fact highmem_start");
    }

    List<RamRange> ram = memory(machine, pte64);
    long ramEnd = ram.get(ram.size() - 1).end();
    if (ram.get(0).base() >= highmemStart) {
      throw new InputException(InputException.Input.RAM, "RAM: no RAM lies below HIGHMEM_START " + hex(highmemStart)
          + ", so the kernel has no lowmem (bootmem_init: \"Incorrect memory mapping !!!\")");
    }
    // bootmem_init(): max_low_pfn = end of RAM, cut at HIGHMEM_START.
    long lowmemLimit = Math.min(ramEnd, highmemStart);
    if (!highmem) {
      ram = below(ram, lowmemLimit);
    }
    long pageOffset = CAC_BASE;
    long highMemory = pageOffset + lowmemLimit;

    // asm/fixmap.h: FIX_KMAP_END = FIX_KMAP_BEGIN + KM_TYPE_NR * NR_CPUS - 1 with KM_TYPE_NR 20
    // (asm-generic/kmap_types.h) up to 5.10, KM_MAX_IDX 16 (asm-generic/kmap_size.h) from 5.11.
    int slotsPerCpu = v.atLeast(5, 11) ? 16 : 20;
    int fixSlots = highmem ? FIX_KMAP_BEGIN + slotsPerCpu * nrCpus : FIX_KMAP_BEGIN;
    long fixaddrStart = FIXADDR_TOP - ((long) fixSlots << Addresses.PAGE_SHIFT);
    if (fixaddrStart < MAP_BASE + 64 * MB) {
      throw new InputException("CONFIG_NR_CPUS=" + nrCpus + ": the fixmap (" + fixSlots
          + " pages) would not fit below FIXADDR_TOP");
    }

    List<Region> regions = new ArrayList<>();
    List<BannerLine> lines = new ArrayList<>();
    regions.add(new Region("fixmap", RegionKind.FIXMAP, fixaddrStart, FIXADDR_TOP));
    lines.add(line("fixmap", SizeUnit.KB));
    Optional<PkmapSpec> pkmap = Optional.empty();
    long vmallocEnd;
    if (highmem) {
      int lastPkmap = pte64 ? 512 : 1024;
      long window = (long) lastPkmap << Addresses.PAGE_SHIFT;
      long pkmapBase = v.atLeast(4, 12)
          ? Addresses.alignDown(fixaddrStart, window) - window
          : 0xfe000000L;
      PkmapSpec pkmapWindow = new PkmapSpec(pkmapBase, lastPkmap);
      pkmap = Optional.of(pkmapWindow);
      regions.add(new Region("pkmap", RegionKind.PKMAP, pkmapWindow.pkmapBase(), pkmapWindow.pkmapEnd()));
      lines.add(line("pkmap", SizeUnit.KB));
      vmallocEnd = pkmapBase - 2 * PAGE_SIZE;
    } else {
      vmallocEnd = fixaddrStart - 2 * PAGE_SIZE;
    }
    regions.add(new Region("vmalloc", RegionKind.VMALLOC, MAP_BASE, vmallocEnd));
    lines.add(line("vmalloc", SizeUnit.MB));
    regions.add(new Region("lowmem", RegionKind.LOWMEM, pageOffset, highMemory));
    lines.add(line("lowmem", SizeUnit.MB));
    List<ImageSection> sections = List.of(
        new ImageSection(".text", "_text", "_etext"),
        new ImageSection(".init", "__init_begin", "__init_end"),
        new ImageSection(".data", "_sdata", "_edata"),
        new ImageSection(".bss", "__bss_start", "__bss_stop"));
    for (Region r : ImageSection.regions(machine, sections)) {
      regions.add(r);
      lines.add(new BannerLine(String.format(Locale.ROOT, "%11s ", r.name()), r.name(), SizeUnit.KB, false));
    }
    // MIPS never prints a "Virtual kernel memory layout" banner; these lines are memmap's
    // rendering in the ARM/x86 format, so layout --format banner has something to show.
    BannerSpec banner = new BannerSpec(false, "Virtual kernel memory layout:", lines);

    long dmaLimit = cfg.isEnabled("ZONE_DMA") ? MAX_DMA_SIZE : 0;
    KmapLocalSpec kmapLocal =
        new KmapLocalSpec(FIXADDR_TOP, FIX_KMAP_BEGIN, slotsPerCpu, nrCpus, v.atLeast(5, 11));
    PageTableFormat tables = pte64
        ? MipsPageTables.pte64(cfg.isEnabled("XPA") ? 40 : 36)
        : MipsPageTables.pte32(cfg.isEnabled("CPU_MIPSR2") || cfg.isEnabled("CPU_MIPSR6"), cca(machine));
    // PHYS_OFFSET 0: KSEG0 maps physical 0 at CAC_BASE. Generic vmalloc constants (modules
    // live in vmalloc space on MIPS32).
    return new ArchDescription("mips", v,
        new LinearMap(pageOffset, 0, lowmemLimit, ram),
        regions,
        BootOutput.of(banner, MemoryLineStyle.GENERIC).withImageSections(sections),
        new Mechanisms(pkmap, kmapLocal, Optional.empty(), tables),
        new ZoneRules(dmaLimit, highmem, structPageSize(machine, cfg, v)),
        new Diagnostics(List.of(), notes));
  }

  /**
   * The cache coherency attribute of kernel mappings: the {@code cca=} parameter ({@code
   * arch/mips/mm/c-r4k.c} {@code cca_setup()}, used when 0..7), else {@code Config.K0}, which the
   * firmware sets; assumed 3 ({@code _CACHE_CACHABLE_NONCOHERENT}).
   */
  private static int cca(Machine m) {
    List<String> given = m.commandLine().params("cca");
    if (given.isEmpty()) {
      return MipsPageTables.CCA_CACHABLE_NONCOHERENT;
    }
    String v = given.get(given.size() - 1).strip();
    try {
      int cca = Integer.decode(v);
      return cca >= 0 && cca <= 7 ? cca : MipsPageTables.CCA_CACHABLE_NONCOHERENT;
    } catch (NumberFormatException e) {
      throw new InputException("cca=" + v + ": expected a cache coherency attribute 0..7");
    }
  }

  private static BannerLine line(String name, SizeUnit unit) {
    return new BannerLine(String.format(Locale.ROOT, "    %-8s", name), name, unit, false);
  }

  /**
   * RAM as {@code boot_mem_map} / memblock keeps it: the ranges given, or those of {@code mem=}
   * ({@code early_parse_mem()}: its first use drops the firmware map; {@code size@start}, start 0
   * by default). Without 64-bit physical addresses RAM above 4 GiB cannot be mapped.
   */
  private static List<RamRange> memory(Machine m, boolean pte64) {
    List<RamRange> ram = new ArrayList<>(m.ram());
    List<String> mems = m.commandLine().params("mem");
    if (!mems.isEmpty()) {
      ram.clear();
      ram.addAll(m.commandLine().sizeAtRanges("mem", 0));
      ram.sort(null);
    }
    if (!pte64) {
      ram = below(ram, Addresses.ADDRESS_LIMIT);
      if (ram.isEmpty()) {
        throw new InputException(InputException.Input.RAM, "RAM: all RAM lies above 4 GiB, which needs CONFIG_PHYS_ADDR_T_64BIT");
      }
    }
    return List.copyOf(ram);
  }

  /** The parts of {@code ram} below {@code limit}. */
  private static List<RamRange> below(List<RamRange> ram, long limit) {
    List<RamRange> out = new ArrayList<>();
    for (RamRange r : ram) {
      if (r.base() < limit) {
        out.add(r.end() <= limit ? r : new RamRange(r.base(), limit - r.base()));
      }
    }
    return out;
  }

  /**
   * {@code sizeof(struct page)} on a 32-bit kernel: 32 bytes, plus {@code page->mem_cgroup} with
   * {@code CONFIG_MEMCG} (3.19+), unless the board fact {@code struct_page_size} says otherwise.
   */
  private static int structPageSize(Machine m, KernelConfig cfg, KernelVersion v) {
    if (m.boardFact("struct_page_size").isPresent()) {
      return (int) (long) m.boardSize("struct_page_size", 16, 256).get();
    }
    return 32 + (cfg.isEnabled("MEMCG") && v.atLeast(3, 19) ? 4 : 0);
  }
}

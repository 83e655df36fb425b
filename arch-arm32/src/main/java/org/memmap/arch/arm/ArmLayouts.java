package org.memmap.arch.arm;

import static org.memmap.api.Addresses.MB;
import static org.memmap.api.Addresses.hex;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import org.memmap.api.spi.MemblockRules;
import org.memmap.api.spi.Diagnostics;
import org.memmap.api.spi.ImageSection;
import org.memmap.api.spi.KmapLocalSpec;
import org.memmap.api.spi.LinearMap;
import org.memmap.api.spi.Mechanisms;
import org.memmap.api.spi.MemoryLineStyle;
import org.memmap.api.spi.PageTableFormat;
import org.memmap.api.spi.PkmapSpec;
import org.memmap.api.spi.SizeUnit;
import org.memmap.api.spi.VmallocSpec;
import org.memmap.api.spi.ZoneRules;

/**
 * The constants and formulas of {@code arch/arm/include/asm/{memory,pgtable,highmem,fixmap}.h}
 * and {@code arch/arm/mm/{mmu,init}.c}, release by release. Sources and evidence for every era are
 * in {@code docs/eras.md} and {@code docs/eras-mm-arm.md}.
 */
final class ArmLayouts {
  /** {@code VMALLOC_OFFSET}. */
  static final long VMALLOC_OFFSET = 8 * MB;
  /** {@code PMD_SIZE}, 2-level and LPAE alike. */
  static final long PMD_SIZE = 2 * MB;
  /** {@code VECTORS_BASE} with an MMU. */
  static final long VECTORS_BASE = 0xffff0000L;

  /**
   * Symbols of the default board's image. The banner gives {@code _text} .. {@code __bss_stop};
   * {@code _stext}, the rodata and init-text bounds are one choice that reproduces its {@code
   * Memory:} line (4482K code, 1280K rodata, 204K init).
   */
  static final Map<String, Long> SEED_SYMBOLS =
      Map.ofEntries(
          Map.entry("_text", 0xc0008000L),
          Map.entry("_stext", 0xc0008240L),
          Map.entry("__start_rodata", 0xc0467f00L),
          Map.entry("__end_rodata", 0xc05a8000L),
          Map.entry("_etext", 0xc05a8d84L),
          Map.entry("__init_begin", 0xc05a9000L),
          Map.entry("_sinittext", 0xc05a9000L),
          Map.entry("_einittext", 0xc05c2000L),
          Map.entry("__init_end", 0xc05dc000L),
          Map.entry("_sdata", 0xc05dc000L),
          Map.entry("_edata", 0xc060b980L),
          Map.entry("__bss_start", 0xc060b980L),
          Map.entry("__bss_stop", 0xc067bd34L));

  private static final long PAGE_SIZE_16M = 16 * MB;

  private ArmLayouts() {}

  /** What a distribution ARM kernel of {@code v} is configured with, as far as layout goes. */
  static KernelConfig defaultConfig(KernelVersion v) {
    KernelConfig c =
        KernelConfig.EMPTY
            .with("MMU", "y")
            .with("VMSPLIT_3G", "y")
            .with("PAGE_OFFSET", "0xC0000000")
            .with("HIGHMEM", "y")
            .with("MODULES", "y")
            .with("SMP", "y")
            .with("NR_CPUS", v.atLeast(4, 0) ? "8" : "4")
            .with("ARM_LPAE", "n")
            .with("THUMB2_KERNEL", "n");
    if (v.atLeast(6, 0)) {
      // Debian armmp 6.1, 6.12 and 7.2 (config-*-armmp in testdata/oracle/configs): multiplatform
      // kernels select ZONE_DMA and enable MEMCG and CMA (which selects MEMORY_ISOLATION); the
      // CMA area is 16 MiB up to 6.12 and 128 MiB in 7.x; ARCH_FORCE_MAX_ORDER is 12 (exclusive)
      // in 6.1 and 11 (inclusive, so the same 2048-page blocks) from 6.12.
      c = c.with("ZONE_DMA", "y").with("MEMCG", "y").with("CMA", "y").with("DMA_CMA", "y").with("MEMORY_ISOLATION", "y")
          .with("KMAP_LOCAL", "y").with("CMA_SIZE_SEL_MBYTES", "y")
          .with("CMA_SIZE_MBYTES", v.atLeast(7, 0) ? "128" : "16")
          .with("ARCH_FORCE_MAX_ORDER", v.atLeast(6, 4) ? "11" : "12");
    }
    return c;
  }

  /**
   * The configuration the kernel was built with: a complete {@code .config} (one that sets {@code
   * CONFIG_ARM}) as it is, since Kconfig writes no line for an unset option that has no prompt,
   * such as {@code ZONE_DMA}; otherwise the distribution defaults with the options given.
   */
  static KernelConfig effectiveConfig(Machine machine) {
    KernelConfig given = machine.config();
    return given.isEnabled("ARM") ? given : defaultConfig(machine.kernel()).withAll(given);
  }

  static ArchDescription describe(Machine machine) {
    KernelVersion v = machine.kernel();
    KernelConfig cfg = effectiveConfig(machine);
    List<String> warnings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean lpae = cfg.isEnabled("ARM_LPAE");
    boolean highmem = cfg.isEnabled("HIGHMEM");
    boolean thumb2 = cfg.isEnabled("THUMB2_KERNEL");

    long pageOffset = pageOffset(cfg, lpae);
    List<RamRange> ram = memory(machine, cfg, lpae, warnings);
    long physOffset =
        machine.boardSize("phys_offset", 0, Addresses.PHYS_LIMIT - PAGE_SIZE_16M).orElse(Addresses.alignDown(ram.get(0).base(), 16 * MB));
    if (physOffset > ram.get(0).base()) {
      throw new InputException(InputException.Input.BOARD_FACT,
          "board fact phys_offset " + hex(physOffset) + ": PHYS_OFFSET must not lie above the first RAM at "
              + hex(ram.get(0).base()));
    }

    long vmallocEnd = vmallocEnd(machine, v, notes);
    if (vmallocEnd <= pageOffset + 64 * MB) {
      // early_vmalloc() limits vmalloc to VMALLOC_END - (PAGE_OFFSET + 32 MB): a VMALLOC_END
      // this low leaves no lowmem for the kernel.
      throw new InputException(InputException.Input.BOARD_FACT, "board fact vmalloc_end "
          + hex(vmallocEnd) + ": must lie above PAGE_OFFSET " + hex(pageOffset)
          + " + 64 MB, or the kernel has no lowmem");
    }
    long vmallocMin = vmallocMin(machine, v, pageOffset, vmallocEnd, warnings);
    long limitPhys = vmallocMin - pageOffset + physOffset;

    // adjust_lowmem_bounds() / sanity_check_meminfo(): lowmem ends where the last region below the
    // limit ends, capped at the limit.
    long lowmemLimit = 0;
    for (RamRange r : ram) {
      if (r.base() < limitPhys) {
        lowmemLimit = Math.max(lowmemLimit, Math.min(r.end(), limitPhys));
      }
    }
    if (lowmemLimit == 0) {
      throw new InputException(InputException.Input.RAM,
          "RAM: no RAM lies below the lowmem limit " + hex(limitPhys)
              + " (PHYS_OFFSET " + hex(physOffset) + "): the kernel could not map any lowmem");
    }
    if (!highmem) {
      ram = dropHighmem(ram, lowmemLimit, v, lpae, warnings);
    }
    long highMemory = lowmemLimit - physOffset + pageOffset;
    long vmallocStart = Addresses.alignDown(highMemory + VMALLOC_OFFSET, VMALLOC_OFFSET);

    List<Region> regions = new ArrayList<>();
    List<BannerLine> lines = new ArrayList<>();
    regions.add(new Region("vector", RegionKind.VECTORS, VECTORS_BASE, VECTORS_BASE + Addresses.PAGE_SIZE));
    lines.add(line("vector", SizeUnit.KB, false));
    Fixaddr fix = fixmap(v);
    regions.add(new Region("fixmap", RegionKind.FIXMAP, fix.start(), fix.end()));
    lines.add(line("fixmap", SizeUnit.KB, false));
    if (!v.atLeast(3, 5)) {
      // CONSISTENT_BASE .. CONSISTENT_END (0xffe00000), the DMA-coherent area (removed with CMA
      // in 3.5): CONSISTENT_DMA_SIZE, 2 MiB unless the machine's mach/memory.h set it (until
      // 3.3), or init_consistent_dma_size() (3.4), rounded up to 2 MiB; vendors changed it (8 MiB
      // on an Ambarella board), given as the board fact consistent_dma_size.
      long consistentSize = Addresses.alignUp(machine.boardSize("consistent_dma_size").orElse(2 * MB), 2 * MB);
      if (consistentSize <= 0 || consistentSize > 14 * MB) {
        throw new InputException("consistent_dma_size=" + consistentSize
            + ": the DMA-coherent area ends at 0xffe00000 and must be 2 to 14 MiB");
      }
      regions.add(new Region("DMA", RegionKind.CONSISTENT, 0xffe00000L - consistentSize, 0xffe00000L));
      lines.add(line("DMA", SizeUnit.MB, false));
    }
    if (v.atLeast(5, 11)) {
      // FDT_FIXED_BASE: a read-only mapping of the device tree, 2 PMDs below the fixmap guard.
      regions.add(new Region("fdt", RegionKind.FDT, 0xff800000L, 0xffc00000L));
    }
    regions.add(new Region("vmalloc", RegionKind.VMALLOC, vmallocStart, vmallocEnd));
    lines.add(line("vmalloc", SizeUnit.MB, false));
    regions.add(new Region("lowmem", RegionKind.LOWMEM, pageOffset, highMemory));
    lines.add(line("lowmem", SizeUnit.MB, false));
    Optional<PkmapSpec> pkmap = Optional.empty();
    if (highmem) {
      // asm/highmem.h: ARCH_NEEDS_KMAP_HIGH_GET, undefined for SMP with CPU_TLB_V6 and with
      // ARM_ERRATA_798181 (no broadcast TLB maintenance).
      boolean kmapHighGet = !(cfg.isEnabled("SMP") && cfg.isEnabled("CPU_TLB_V6"))
          && !cfg.isEnabled("ARM_ERRATA_798181");
      // PKMAP_BASE = PAGE_OFFSET - PMD_SIZE, LAST_PKMAP = PTRS_PER_PTE (asm/highmem.h).
      PkmapSpec window = new PkmapSpec(pageOffset - PMD_SIZE, 512, kmapHighGet);
      pkmap = Optional.of(window);
      regions.add(new Region("pkmap", RegionKind.PKMAP, window.pkmapBase(), window.pkmapEnd()));
      lines.add(line("pkmap", SizeUnit.MB, false));
    }
    VmallocSpec vmallocSpec = VmallocSpec.generic(vmallocStart, vmallocEnd);
    if (cfg.isEnabled("MODULES") || !v.atLeast(3, 0)) {
      long modulesVaddr = pageOffset - (thumb2 ? 8 * MB : 16 * MB);
      long modulesEnd = highmem ? pageOffset - PMD_SIZE : pageOffset;
      regions.add(new Region("modules", RegionKind.MODULES, modulesVaddr, modulesEnd));
      lines.add(line("modules", SizeUnit.MB, false));
      vmallocSpec = vmallocSpec(cfg, v, lpae, modulesVaddr, modulesEnd,
          dmaContiguousRemap(machine, v, cfg, physOffset, pageOffset, lowmemLimit));
    }
    boolean hashed = v.atLeast(4, 15);
    List<ImageSection> sections =
        v.atLeast(2, 6, 38)
            ? List.of(
                new ImageSection(".text", "_text", "_etext"),
                new ImageSection(".init", "__init_begin", "__init_end"),
                new ImageSection(".data", "_sdata", "_edata"),
                new ImageSection(".bss", "__bss_start", "__bss_stop"))
            : List.of(
                new ImageSection(".init", "__init_begin", "__init_end"),
                new ImageSection(".text", "_text", "_etext"),
                new ImageSection(".data", "_data", "_edata"));
    for (Region r : ImageSection.regions(machine, sections)) {
      regions.add(r);
      lines.add(new BannerLine(sectionLabel(r.name()), r.name(), SizeUnit.KB_ROUND_UP, hashed));
    }
    boolean printed = v.atLeast(2, 6, 37) && !v.atLeast(5, 1);
    BannerSpec banner = new BannerSpec(printed, "Virtual kernel memory layout:", lines);

    long dmaLimit = 0;
    if (cfg.isEnabled("ZONE_DMA")) {
      // Zone 0 is ZONE_DMA: without the machine's dma_zone_size it holds all of lowmem. From 5.8
      // the zone ends at arm_dma_limit >> PAGE_SHIFT with arm_dma_limit = PHYS_OFFSET + size - 1,
      // one page short of the size; before, it was exactly size / PAGE_SIZE pages.
      long shortBy = v.atLeast(5, 8) ? Addresses.PAGE_SIZE : 0;
      dmaLimit = machine.boardSize("dma_zone_size", Addresses.PAGE_SIZE, 4 * Addresses.GB).map(s -> physOffset + s - shortBy).orElse(Addresses.PHYS_LIMIT);
    }
    int structPage = structPageSize(machine, cfg, v);
    // HPAGE_SHIFT is PMD_SHIFT (21) with LPAE; the short-descriptor kernel has no huge pages.
    int pageblockOrder = ZoneRules.pageblockOrder(v, cfg, lpae ? 21 - Addresses.PAGE_SHIFT : 0,
        ZoneRules.maxPageOrder(v, cfg));
    ZoneRules zoneRules =
        new ZoneRules(dmaLimit, highmem, structPage, pageblockOrder, ZoneRules.migrateTypes(v, cfg),
            cmaLimit(dmaLimit));
    int nrCpus = (int) cfg.longValue("NR_CPUS", 4, 1, 32);
    // kmap_local (5.11+) keeps a per-task stack; before, kmap_atomic kept one per CPU.
    boolean perTask = v.atLeast(5, 11);
    KmapLocalSpec kmapLocal = perTask
        ? KmapLocalSpec.kmapLocal(fix.fixaddrTop(), fixKmapBegin(v), nrCpus, cfg)
        : new KmapLocalSpec(fix.fixaddrTop(), fixKmapBegin(v), KMAP_SLOTS_PER_CPU, nrCpus, false);
    PageTableFormat tables = lpae ? ArmPageTables.lpae() : ArmPageTables.shortDescriptor();
    Mechanisms mechanisms = new Mechanisms(pkmap, kmapLocal, Optional.of(vmallocSpec), tables);
    // mem_init() printed its own Memory: line until 3.11 switched ARM to mem_init_print_info().
    MemoryLineStyle memoryLine = v.atLeast(3, 11) ? MemoryLineStyle.GENERIC : MemoryLineStyle.ARM_LEGACY;
    return new ArchDescription("arm", v,
        new LinearMap(pageOffset, physOffset, lowmemLimit, ram),
        regions,
        BootOutput.of(banner, memoryLine).withImageSections(sections)
            .withMemblock(memblockRules(v, lpae, pkmap.isPresent())),
        mechanisms,
        zoneRules,
        new Diagnostics(warnings, notes));
  }

  /**
   * ARM's own boot reservations. {@code arm_memblock_init()} reserves the image from {@code
   * KERNEL_START} ({@code _stext} without XIP) to {@code _end} and, in {@code
   * arm_mm_memblock_reserve()}, {@code swapper_pg_dir}: {@code SWAPPER_PG_DIR_SIZE} 16 KiB with
   * 2-level tables; with LPAE the reserved block below the image is 20 KiB (6.1 LPAE boots:
   * {@code 0x40203000..0x40207fff}). {@code paging_init()} allocates with {@code early_alloc()}
   * the vector pages ({@code devicemaps_init()}: two pages from 3.11, when the vector stubs got
   * their own page, one before), the zero page, and one PTE table ({@code PTE_HWTABLE_OFF +
   * PTE_HWTABLE_SIZE}, one page) for the vectors' PMD and, with HIGHMEM, one for the pkmap PMD
   * ({@code kmap_init()}); a 6.1 {@code memblock=debug} boot shows these allocations. PTE tables
   * for lowmem that is not section-aligned, for SoC static mappings and for an early console are
   * not described.
   */
  static MemblockRules memblockRules(KernelVersion v, boolean lpae, boolean highmem) {
    List<MemblockRules.Fixed> fixed = new ArrayList<>();
    fixed.add(new MemblockRules.Fixed("swapper_pg_dir", lpae ? 20 << 10 : 16 << 10,
        "arm_mm_memblock_reserve(), arch/arm/mm/mmu.c"));
    fixed.add(new MemblockRules.Fixed("vectors", v.atLeast(3, 11) ? 8 << 10 : 4 << 10,
        "devicemaps_init(), arch/arm/mm/mmu.c"));
    fixed.add(new MemblockRules.Fixed("zero page", 4 << 10, "paging_init(), arch/arm/mm/mmu.c"));
    fixed.add(new MemblockRules.Fixed("PTE table (vectors)", 4 << 10, "early_pte_alloc(), arch/arm/mm/mmu.c"));
    if (highmem) {
      fixed.add(new MemblockRules.Fixed("PTE table (pkmap)", 4 << 10, "kmap_init(), arch/arm/mm/mmu.c"));
    }
    // mem_init(): swiotlb_init(max_pfn > arm_dma_pfn_limit) with arm_dma_limit 0xffffffff (no
    // dma_zone_size): LPAE RAM reaching 4 GiB (max_pfn 0x100000 > 0xfffff). Pinned by the 5.10..7.2 LPAE boots of 3 GiB
    // and more at 0x40000000; earlier releases are not described.
    long swiotlbDmaLimit = lpae && v.atLeast(5, 10) ? 0xffffffffL : 0;
    return new MemblockRules(true, "_stext", "_end", fixed, swiotlbDmaLimit);
  }

  /**
   * Slots per CPU of the kmap_atomic stack: {@code KM_TYPE_NR} 16 ({@code
   * arch/arm/include/asm/kmap_types.h}) up to 5.10; from 5.11 {@code KM_MAX_IDX} ({@link
   * KmapLocalSpec#kmapLocal}: 16, 33 with {@code CONFIG_DEBUG_KMAP_LOCAL}).
   */
  static final int KMAP_SLOTS_PER_CPU = 16;

  /**
   * {@code FIX_KMAP_BEGIN} ({@code arch/arm/include/asm/fixmap.h}): from 4.3 the enum starts with
   * the permanent {@code FIX_EARLYCON_MEM_BASE}, so {@code FIX_KMAP_BEGIN =
   * __end_of_permanent_fixed_addresses} is 1; before, the kmap slots were the whole enum from 0.
   */
  static int fixKmapBegin(KernelVersion v) {
    return v.atLeast(4, 3) ? 1 : 0;
  }

  /**
   * {@code FIXADDR_START .. FIXADDR_END} ({@code arch/arm/include/asm/fixmap.h}).
   *
   * @param start {@code FIXADDR_START}
   * @param end {@code FIXADDR_END}, exclusive
   */
  record Fixaddr(long start, long end) {
    /** {@code FIXADDR_TOP = FIXADDR_END - PAGE_SIZE}: where {@code fix_to_virt(0)} lies. */
    long fixaddrTop() {
      return end - Addresses.PAGE_SIZE;
    }
  }

  /**
   * {@code IOREMAP_MAX_ORDER} 24 ("Allow 16MB-aligned ioremap pages", asm/memory.h), only for
   * {@code !SMP && !ARM_LPAE} from ~3.10 (supersections), else the generic 19; {@code
   * module_alloc()} in MODULES_VADDR..MODULES_END, retried in vmalloc space with {@code
   * CONFIG_ARM_MODULE_PLTS} (4.0+, arch/arm/kernel/module.c); {@code pci_reserve_io()} reserves
   * 2 MiB at {@code PCI_IO_VIRT_BASE} 0xfee00000 with {@code CONFIG_PCI} (~3.7+, mm/mmu.c).
   */
  /**
   * What {@code arm_memblock_init()} passes to {@code dma_contiguous_reserve()}: {@code
   * arm_dma_limit}, {@code PHYS_OFFSET + dma_zone_size - 1} or 0xffffffff with ZONE_DMA (mm/init.c
   * {@code setup_dma_zone()}), and 0, no limit, without it.
   */
  private static long cmaLimit(long dmaLimit) {
    return dmaLimit == 0 ? Addresses.PHYS_LIMIT : Math.min(dmaLimit, Addresses.ADDRESS_LIMIT - 1);
  }

  /**
   * {@code dma_contiguous_remap()} (arch/arm/mm/dma-mapping.c, 3.5+ with {@code CONFIG_CMA}):
   * the part of each CMA area below {@code arm_lowmem_limit} is remapped by {@code
   * iotable_init()} at {@code __phys_to_virt(start)}, which registers it as an early vm area
   * (Debian armmp at 256–768 MiB: {@code 0xcf000000-0xd0000000 ... iotable_init ... ioremap}).
   */
  private static List<Region> dmaContiguousRemap(
      Machine m, KernelVersion v, KernelConfig cfg, long physOffset, long pageOffset, long lowmemLimit) {
    List<Region> out = new ArrayList<>();
    if (!v.atLeast(3, 5) || !cfg.isEnabled("CMA")) {
      return out;
    }
    for (RamRange c : m.cma()) {
      long start = c.base();
      long end = Math.min(c.end(), lowmemLimit);
      if (start >= end || start < physOffset) {
        continue;
      }
      out.add(new Region("dma-contiguous", RegionKind.LOWMEM,
          start - physOffset + pageOffset, end - physOffset + pageOffset));
    }
    return out;
  }

  private static VmallocSpec vmallocSpec(KernelConfig cfg, KernelVersion v, boolean lpae,
      long modulesVaddr, long modulesEnd, List<Region> earlyAreas) {
    boolean supersections = !v.atLeast(3, 10) || (!cfg.isEnabled("SMP") && !lpae);
    boolean plts = v.atLeast(4, 0) && cfg.isEnabled("ARM_MODULE_PLTS");
    boolean pci = v.atLeast(3, 7) && cfg.isEnabled("PCI");
    return new VmallocSpec(supersections ? 24 : VmallocSpec.GENERIC_IOREMAP_MAX_ORDER,
        modulesVaddr, modulesEnd, plts, pci ? 0xfee00000L : 0, pci ? 2 * MB : 0, earlyAreas);
  }

  private static BannerLine line(String name, SizeUnit unit, boolean hashed) {
    // "    %-8s" without the format parser (every layout builds these)
    return new BannerLine("    " + name + " ".repeat(Math.max(0, 8 - name.length())), name, unit,
        hashed);
  }

  private static String sectionLabel(String name) {
    return " ".repeat(Math.max(0, 11 - name.length())) + name + " "; // "%11s "
  }

  /** {@code CONFIG_PAGE_OFFSET}, from the option itself or the VMSPLIT choice. */
  static long pageOffset(KernelConfig cfg, boolean lpae) {
    long fromChoice = 0xC0000000L;
    if (cfg.isEnabled("VMSPLIT_1G")) {
      fromChoice = 0x40000000L;
    } else if (cfg.isEnabled("VMSPLIT_2G")) {
      fromChoice = 0x80000000L;
    } else if (cfg.isEnabled("VMSPLIT_3G_OPT")) {
      if (lpae) {
        throw new InputException("CONFIG_VMSPLIT_3G_OPT depends on !ARM_LPAE");
      }
      fromChoice = 0xB0000000L;
    }
    boolean choiceGiven =
        cfg.isEnabled("VMSPLIT_1G") || cfg.isEnabled("VMSPLIT_2G") || cfg.isEnabled("VMSPLIT_3G_OPT");
    long po = choiceGiven ? fromChoice : cfg.longValue("PAGE_OFFSET", fromChoice);
    if (po != 0x40000000L && po != 0x80000000L && po != 0xB0000000L && po != 0xC0000000L) {
      throw new InputException(
          "CONFIG_PAGE_OFFSET=" + hex(po) + ": ARM offers 0x40000000, 0x80000000, 0xB0000000, 0xC0000000");
    }
    return po;
  }

  /**
   * RAM as memblock keeps it: the banks given, or those of {@code mem=} ({@code early_mem()}
   * drops every bank on its first use and adds {@code size@start}, start defaulting to
   * PHYS_OFFSET); banks above 4 GiB are unusable without LPAE.
   */
  private static List<RamRange> memory(Machine m, KernelConfig cfg, boolean lpae, List<String> warnings) {
    List<RamRange> ram = new ArrayList<>(m.ram());
    List<String> mems = m.commandLine().params("mem");
    if (!mems.isEmpty()) {
      long defaultStart = m.boardSize("phys_offset").orElse(Addresses.alignDown(ram.get(0).base(), 16 * MB));
      ram.clear();
      for (RamRange given : m.commandLine().sizeAtRanges("mem", defaultStart)) {
        RamRange r = pageAligned(given);
        if (r == null) {
          throw new InputException(InputException.Input.COMMAND_LINE,
              "mem=" + given.size() + "@" + hex(given.base()) + ": leaves no whole page of memory");
        }
        ram.add(r);
      }
      ram.sort(null);
    } else {
      // Banks from the device tree or ATAGs pass the same alignment (arm_add_memory(),
      // early_init_dt_add_memory_arch()); a bank without a whole page is dropped.
      List<RamRange> aligned = new ArrayList<>();
      for (RamRange given : ram) {
        RamRange r = pageAligned(given);
        if (r != null) {
          aligned.add(r);
        }
      }
      if (aligned.isEmpty()) {
        throw new InputException(InputException.Input.RAM, "RAM " + m.ram().get(0)
            + (m.ram().size() > 1 ? " and the rest" : "")
            + ": holds no whole page-aligned 4 KiB page; the kernel would have no memory to run in");
      }
      ram = aligned;
    }
    if (!lpae) {
      List<RamRange> fit = new ArrayList<>();
      for (RamRange r : ram) {
        if (r.base() >= Addresses.ADDRESS_LIMIT) {
          warnings.add(String.format(Locale.ROOT,
              "Ignoring memory at 0x%08x outside 32-bit physical address space", r.base()));
        } else if (r.end() > Addresses.ADDRESS_LIMIT) {
          warnings.add(String.format(Locale.ROOT,
              "Truncating memory at 0x%08x to fit in 32-bit physical address space", r.base()));
          fit.add(new RamRange(r.base(), Addresses.ADDRESS_LIMIT - r.base()));
        } else {
          fit.add(r);
        }
      }
      if (fit.isEmpty()) {
        throw new InputException(InputException.Input.RAM, "RAM: all RAM lies above 4 GiB, which a non-LPAE ARM kernel cannot use");
      }
      ram = fit;
    }
    return List.copyOf(ram);
  }

  /** arm_add_memory(): the start rounded up to a page, the size cut to whole pages; null if none. */
  private static RamRange pageAligned(RamRange given) {
    long aligned = Addresses.alignUp(given.base(), Addresses.PAGE_SIZE);
    long size = Addresses.alignDown(given.size() - (aligned - given.base()), Addresses.PAGE_SIZE);
    return size <= 0 ? null : new RamRange(aligned, size);
  }

  /**
   * {@code VMALLOC_END}: per machine before 3.4, then fixed at 0xff000000, and at 0xff800000
   * from 4.4 (commit 6ff0966052c4 "ARM: 8432/1: move VMALLOC_END from 0xff000000 to 0xff800000").
   */
  private static long vmallocEnd(Machine m, KernelVersion v, List<String> notes) {
    if (m.boardFact("vmalloc_end").isPresent()) {
      return m.boardSize("vmalloc_end", 0x40000000L, 0xff000000L).get();
    }
    if (!v.atLeast(3, 4)) {
      notes.add("before 3.4 VMALLOC_END was set per machine (mach/vmalloc.h); assumed 0xff000000,"
          + " give the board's value as the board fact vmalloc_end");
      return 0xff000000L;
    }
    return v.atLeast(4, 4) ? 0xff800000L : 0xff000000L;
  }

  /**
   * {@code vmalloc_min}: the highest virtual address lowmem may reach, from the default vmalloc
   * size or {@code vmalloc=} ({@code early_vmalloc()} in mm/mmu.c), with the kernel's clamping.
   */
  private static long vmallocMin(
      Machine m, KernelVersion v, long pageOffset, long end, List<String> warnings) {
    var requested = m.commandLine().size("vmalloc");
    boolean v514 = v.atLeast(5, 14);
    String unit = v514 ? "MiB" : "MB";
    if (requested.isEmpty()) {
      return v.atLeast(3, 4) ? end - 240 * MB - VMALLOC_OFFSET : end - 128 * MB;
    }
    // early_vmalloc(): "unsigned long vmalloc_reserve = memparse(arg, NULL);" keeps the low 32
    // bits of the 64-bit memparse() result, so vmalloc=4G is 0 and then "too small".
    long reserve = requested.get() & 0xffffffffL;
    if (reserve < 16 * MB) {
      reserve = 16 * MB;
      warnings.add(String.format(Locale.ROOT,
          v514 ? "vmalloc area is too small, limiting to %d%s" : "vmalloc area too small, limiting to %d%s",
          reserve >> 20, unit));
    }
    long max = end - (pageOffset + 32 * MB) - (v514 ? VMALLOC_OFFSET : 0);
    if (reserve > max) {
      reserve = max;
      warnings.add(String.format(Locale.ROOT, "vmalloc area is too big, limiting to %d%s", reserve >> 20, unit));
    }
    return v514 ? end - reserve - VMALLOC_OFFSET : end - reserve;
  }

  /** Without CONFIG_HIGHMEM the kernel removes what does not fit in lowmem. */
  private static List<RamRange> dropHighmem(
      List<RamRange> ram, long limit, KernelVersion v, boolean lpae, List<String> warnings) {
    List<RamRange> kept = new ArrayList<>();
    String fmt = lpae ? "0x%016x" : "0x%08x";
    for (RamRange r : ram) {
      if (r.end() <= limit) {
        kept.add(r);
        continue;
      }
      if (v.atLeast(4, 11)) {
        warnings.add(String.format(Locale.ROOT, "Ignoring RAM at " + fmt + "-" + fmt,
            Math.max(r.base(), limit), r.end() - 1));
        warnings.add("Consider using a HIGHMEM enabled kernel.");
      } else if (r.base() >= limit) {
        warnings.add(String.format(Locale.ROOT,
            "Ignoring RAM at %.8x-%.8x (!CONFIG_HIGHMEM)".replace("%.8x", "%08x"), r.base(), r.end() - 1));
      } else {
        warnings.add(String.format(Locale.ROOT,
            "Truncating RAM at %08x-%08x to -%08x (vmalloc region overlap).", r.base(), r.end() - 1, limit - 1));
      }
      if (r.base() < limit) {
        kept.add(new RamRange(r.base(), limit - r.base()));
      }
    }
    return kept;
  }

  /** {@code FIXADDR_START .. FIXADDR_END} of the release (kernel-layout.md §1.5). */
  static Fixaddr fixmap(KernelVersion v) {
    if (!v.atLeast(3, 15)) {
      return new Fixaddr(0xfff00000L, 0xfffe0000L);
    }
    if (!v.atLeast(3, 19)) {
      return new Fixaddr(0xffc00000L, 0xffe00000L);
    }
    if (!v.atLeast(5, 11)) {
      return new Fixaddr(0xffc00000L, 0xfff00000L);
    }
    return new Fixaddr(0xffc80000L, 0xfff00000L);
  }

  /**
   * {@code sizeof(struct page)} ({@link ZoneRules#structPageSize}): ARM's {@code dma_addr_t} is
   * 64-bit with LPAE, and ARM does not select {@code HAVE_ALIGNED_STRUCT_PAGE}; the board fact
   * {@code struct_page_size} overrides it.
   */
  private static int structPageSize(Machine m, KernelConfig cfg, KernelVersion v) {
    if (m.boardFact("struct_page_size").isPresent()) {
      return (int) (long) m.boardSize("struct_page_size", 16, 256).get();
    }
    return ZoneRules.structPageSize(v, cfg, cfg.isEnabled("ARM_LPAE"), false);
  }
}

package org.memmap.arch.x86;

import static org.memmap.api.Addresses.MB;
import static org.memmap.api.Addresses.PAGE_SIZE;
import static org.memmap.api.Addresses.hex;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.Printable;
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
import org.memmap.api.spi.BuildInput;
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
 * The constants and formulas of {@code arch/x86/include/asm/{page_32_types,pgtable_32_types,
 * pgtable_32_areas,fixmap}.h} and {@code arch/x86/mm/init_32.c}, release by release (evidence in
 * {@code docs/eras-x86.md}).
 */
final class X86Layouts {
  /** {@code __FIXADDR_TOP} default. */
  static final long FIXADDR_TOP = 0xfffff000L;
  /** {@code VMALLOC_OFFSET}. */
  static final long VMALLOC_OFFSET = 8 * MB;
  /** {@code __VMALLOC_RESERVE} default. */
  static final long VMALLOC_RESERVE = 128 * MB;
  /** {@code MAX_NONPAE_PFN}: 4 GiB. */
  static final long MAX_NONPAE_PFN = 1L << 20;
  /** {@code max_arch_pfn} with PAE: {@code 1ULL << (MAX_PHYSMEM_BITS - PAGE_SHIFT)}, 64 GiB. */
  static final long MAX_PAE_PFN = 1L << 24;

  private X86Layouts() {}

  /**
   * What a distribution i386 kernel of {@code v} is configured with: Debian's {@code 686} flavour
   * (HIGHMEM4G, no PAE, VMSPLIT_3G, NR_CPUS 32, MEMCG) up to 6.1. Debian ships no i386 kernel
   * after 6.1, so 6.2 and later keep the 6.1 {@code 686} choices (the options involved have the
   * same names and meaning up to 7.x).
   */
  static KernelConfig defaultConfig(KernelVersion v) {
    KernelConfig c =
        KernelConfig.EMPTY
            .with("X86_32", "y")
            .with("VMSPLIT_3G", "y")
            .with("PAGE_OFFSET", "0xC0000000")
            .with("HIGHMEM", "y")
            .with("HIGHMEM4G", "y")
            .with("X86_PAE", "n")
            .with("MODULES", "y")
            .with("SMP", "y")
            .with("ZONE_DMA", "y")
            .with("X86_LOCAL_APIC", "y")
            .with("X86_IO_APIC", "y")
            .with("PCI_MMCONFIG", "y")
            .with("CPU_SUP_INTEL", "y")
            .with("SLUB", "y")
            .with("NR_CPUS", v.atLeast(4, 0) ? "32" : "8");
    if (v.atLeast(4, 13)) {
      c = c.with("ACPI_APEI_GHES", "y");
    }
    if (v.atLeast(6, 0)) {
      c = c.with("MEMCG", "y").with("KMAP_LOCAL", "y");
    }
    return c;
  }

  static ArchDescription describe(Machine machine) {
    KernelVersion v = machine.kernel();
    KernelConfig cfg = effectiveConfig(machine.config(), v);
    List<String> warnings = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    // HIGHMEM64G (which selected X86_PAE) is gone from 6.15 (commit bbeb69ce3013): PAE is chosen
    // directly and HIGHMEM4G alone makes HIGHMEM. Before, X86_PAE with highmem meant HIGHMEM64G.
    boolean highmem64g = !v.atLeast(6, 15) && (cfg.isEnabled("HIGHMEM64G")
        || cfg.isEnabled("X86_PAE") && (cfg.isEnabled("HIGHMEM") || cfg.isEnabled("HIGHMEM4G")));
    boolean pae = cfg.isEnabled("X86_PAE") || highmem64g;
    boolean highmem = cfg.isEnabled("HIGHMEM") || cfg.isEnabled("HIGHMEM4G") || highmem64g;
    long pmdSize = pae ? 2 * MB : 4 * MB;
    int lastPkmap = pae ? 512 : 1024;
    long pageOffset = pageOffset(cfg, pae);

    Fixmap fix = Fixmap.of(machine, cfg, v, pae, notes);
    long fixaddrStart = fix.fixaddrStart();
    long totStart = fix.fixaddrTotStart();

    List<Region> regions = new ArrayList<>();
    List<BannerLine> lines = new ArrayList<>();
    regions.add(new Region("fixmap", RegionKind.FIXMAP, fixaddrStart, FIXADDR_TOP));
    lines.add(line("    fixmap  ", "fixmap", SizeUnit.KB));

    // The chain of areas below the fixmap, each PMD-aligned below the previous.
    long below;
    if (v.atLeast(4, 15)) {
      long ceaBase = fix.cpuEntryAreaBase()
          .orElse(Addresses.alignDown(totStart - PAGE_SIZE * (fix.cpuEntryAreaBasePages() + 1), pmdSize));
      long ceaEnd = ceaBase + fix.cpuEntryAreaMapPages() * PAGE_SIZE;
      if (ceaEnd > totStart) {
        // The cpu_entry_area lies below the fixmap (pgtable_32_areas.h): it cannot reach into it.
        throw new InputException(InputException.Input.BOARD_FACT, "board fact cpu_entry_area_size "
            + (ceaEnd - ceaBase) + ": the area from " + hex(ceaBase) + " would end at " + hex(ceaEnd)
            + ", past the fixmap start " + hex(totStart));
      }
      regions.add(new Region("cpu_entry", RegionKind.CPU_ENTRY, ceaBase, ceaEnd));
      lines.add(line("  cpu_entry ", "cpu_entry", SizeUnit.KB));
      below = ceaBase;
      if (v.atLeast(4, 19)) {
        long ldt = Addresses.alignDown(ceaBase - PAGE_SIZE, pmdSize);
        regions.add(new Region("ldt", RegionKind.LDT, ldt, ldt + pmdSize));
        below = ldt;
      }
    } else {
      // PKMAP_BASE hung below FIXADDR_BOOT_START (boot-time slots included) up to 3.x and below
      // FIXADDR_START (permanent part only) by 4.2; a 3.18 tree has the first, a 4.2 PAE boot log
      // needs the second. The switch is taken as 4.0 (the commit is not pinned).
      below = v.atLeast(4, 0) ? fixaddrStart : totStart;
    }
    Optional<PkmapSpec> pkmap = Optional.empty();
    long vmallocEnd;
    if (highmem) {
      long pkmapBase =
          v.atLeast(4, 15)
              ? Addresses.alignDown(below - PAGE_SIZE, pmdSize)
              : Addresses.alignDown(below - PAGE_SIZE * (lastPkmap + 1), pmdSize);
      PkmapSpec window = new PkmapSpec(pkmapBase, lastPkmap, false); // no ARCH_NEEDS_KMAP_HIGH_GET on x86
      pkmap = Optional.of(window);
      regions.add(new Region("pkmap", RegionKind.PKMAP, window.pkmapBase(), window.pkmapEnd()));
      lines.add(line("    pkmap   ", "pkmap", SizeUnit.KB));
      vmallocEnd = pkmapBase - 2 * PAGE_SIZE;
    } else {
      vmallocEnd = (v.atLeast(4, 15) ? below : fixaddrStart) - 2 * PAGE_SIZE;
    }

    // MAXMEM and the lowmem / highmem split of find_low_pfn_range().
    boolean newVmalloc = v.atLeast(2, 6, 28);
    long reserve = VMALLOC_RESERVE;
    var vmallocParam = machine.commandLine().size("vmalloc");
    if (vmallocParam.isPresent()) {
      reserve = vmallocParam.get() + (newVmalloc ? VMALLOC_OFFSET : 0);
    }
    long maxmem = newVmalloc
        ? vmallocEnd - pageOffset - reserve
        : Addresses.ADDRESS_LIMIT - pageOffset - reserve;
    if (maxmem <= 64 * MB) {
      String leaves = ": leaves " + (Math.max(maxmem, 0) >> 20)
          + " MB of lowmem (MAXMEM); the kernel cannot boot with that";
      if (vmallocParam.isPresent()) {
        throw new InputException(InputException.Input.COMMAND_LINE, "vmalloc="
            + Printable.escape(machine.commandLine().param("vmalloc").orElse("")) + leaves);
      }
      for (String fact : List.of("cpu_entry_area_base", "fixaddr_start")) {
        if (machine.boardFact(fact).isPresent()) {
          // The fact moved VMALLOC_END down: say so in its own name.
          throw new InputException(InputException.Input.BOARD_FACT, "board fact " + fact + "="
              + Printable.escape(machine.boardFact(fact).get()) + ": puts VMALLOC_END at "
              + Addresses.hex(vmallocEnd) + ", which with PAGE_OFFSET " + Addresses.hex(pageOffset)
              + " and the " + (reserve >> 20) + " MB vmalloc reserve " + leaves.substring(2));
        }
      }
      throw new InputException(InputException.Input.CONFIG, "PAGE_OFFSET " + Addresses.hex(pageOffset)
          + " with VMALLOC_END " + Addresses.hex(vmallocEnd) + " and the 128 MB vmalloc reserve" + leaves);
    }
    long maxmemPfn = maxmem >>> Addresses.PAGE_SHIFT;

    List<RamRange> e820 = E820.usable(machine, v, warnings);
    // e820__end_of_ram_pfn(): the end of the highest RAM entry, capped at MAX_ARCH_PFN (4 GiB
    // without PAE, 64 GiB with it).
    long maxArchPfn = pae ? MAX_PAE_PFN : MAX_NONPAE_PFN;
    long maxPfn = 0;
    for (RamRange r : e820) {
      if (Addresses.pfnDown(r.base()) < maxArchPfn) {
        maxPfn = Math.max(maxPfn, Math.min(Addresses.pfnDown(r.end()), maxArchPfn));
      }
    }
    if (pae && Addresses.pfnDown(e820.get(e820.size() - 1).end()) > MAX_PAE_PFN) {
      // e820__end_of_ram_pfn() (e820_end_pfn() before 4.14) prints the clamp at KERN_INFO.
      warnings.add(String.format(Locale.ROOT, "last_pfn = %#x max_arch_pfn = %#x", MAX_PAE_PFN, MAX_PAE_PFN));
    }
    long maxLowPfn;
    long highmemPages = machine.commandLine().size("highmem").map(s -> s >>> Addresses.PAGE_SHIFT).orElse(-1L);
    if (maxPfn <= maxmemPfn) {
      maxLowPfn = maxPfn;
      if (highmemPages == -1) {
        highmemPages = 0;
      }
      if (highmem) {
        if (highmemPages >= maxPfn) {
          warnings.add(String.format(Locale.ROOT,
              "highmem size (%dMB) is bigger than pages available (%dMB)!", highmemPages >> 8, maxPfn >> 8));
          highmemPages = 0;
        }
        if (highmemPages > 0) {
          if (maxLowPfn - highmemPages < 64 * MB / PAGE_SIZE) {
            warnings.add(String.format(Locale.ROOT,
                "highmem size (%dMB) results in <64MB lowmem, ignoring it!", highmemPages >> 8));
            highmemPages = 0;
          }
          maxLowPfn -= highmemPages;
        }
      } else if (highmemPages > 0) {
        warnings.add("ignoring highmem size on non-highmem kernel!");
      }
    } else {
      maxLowPfn = maxmemPfn;
      if (highmemPages == -1) {
        highmemPages = maxPfn - maxmemPfn;
      }
      if (highmemPages + maxmemPfn < maxPfn) {
        maxPfn = maxmemPfn + highmemPages;
      }
      if (highmemPages + maxmemPfn > maxPfn) {
        warnings.add(String.format(Locale.ROOT,
            "only %dMB highmem pages available, ignoring highmem size of %dMB!",
            (maxPfn - maxmemPfn) >> 8, highmemPages >> 8));
      }
      if (!highmem) {
        warnings.add(String.format(Locale.ROOT, "Warning only %dMB will be used.", maxmem >> 20));
        warnings.add(maxPfn > MAX_NONPAE_PFN && !v.atLeast(6, 15)
            ? "Use a HIGHMEM64G enabled kernel." : "Use a HIGHMEM enabled kernel.");
        maxPfn = maxmemPfn;
      } else if (!highmem64g && maxPfn > MAX_NONPAE_PFN) {
        // Without HIGHMEM64G (every kernel from 6.15, PAE or not) highmem ends at 4 GiB.
        maxPfn = MAX_NONPAE_PFN;
        warnings.add(v.atLeast(6, 15)
            ? "Warning: only 4GB will be used. Support for CONFIG_HIGHMEM64G was removed!"
            : "Warning: only 4GB will be used. Use a HIGHMEM64G enabled kernel!");
      }
    }
    List<RamRange> memory = clip(e820, Addresses.pfnToPhys(maxPfn));
    if (memory.stream().noneMatch(r -> Addresses.pfnDown(r.end()) > Addresses.pfnUp(r.base()))) {
      throw new InputException(InputException.Input.RAM, "RAM: no whole page below max_pfn "
          + hex(Addresses.pfnToPhys(maxPfn)) + " (after mem=, memmap=, highmem= and the lowmem"
          + " limit " + hex(Addresses.pfnToPhys(maxLowPfn)) + "); the kernel would have no memory to run in");
    }
    long lowmemLimit = Addresses.pfnToPhys(maxLowPfn);
    long highMemory = pageOffset + lowmemLimit;
    long vmallocStart = newVmalloc
        ? highMemory + VMALLOC_OFFSET
        : Addresses.alignDown(highMemory + 2 * VMALLOC_OFFSET - 1, VMALLOC_OFFSET);
    if (vmallocStart >= vmallocEnd) {
      throw new InputException(InputException.Input.COMMAND_LINE, "the vmalloc area would be empty (VMALLOC_START " + hex(vmallocStart)
          + " >= VMALLOC_END " + hex(vmallocEnd) + ")");
    }
    regions.add(new Region("vmalloc", RegionKind.VMALLOC, vmallocStart, vmallocEnd));
    lines.add(line("    vmalloc ", "vmalloc", SizeUnit.MB));
    regions.add(new Region("lowmem", RegionKind.LOWMEM, pageOffset, highMemory));
    lines.add(line("    lowmem  ", "lowmem", SizeUnit.MB));
    List<ImageSection> sections = List.of(
        new ImageSection(".init", "__init_begin", "__init_end"),
        new ImageSection(".data", "_etext", "_edata"),
        new ImageSection(".text", "_text", "_etext"));
    for (Region r : ImageSection.regions(machine, sections)) {
      regions.add(r);
      lines.add(line(String.format(Locale.ROOT, "%11s ", r.name()), r.name(), SizeUnit.KB));
    }
    BannerSpec banner = new BannerSpec(!v.atLeast(5, 7), "virtual kernel memory layout:", lines);

    int nrCpus = (int) cfg.longValue("NR_CPUS", 8, 1, 64);
    // kmap_local (5.11+) keeps a per-task stack of KM_MAX_IDX slots (asm-generic/kmap_size.h: 16,
    // 33 with DEBUG_KMAP_LOCAL); kmap_atomic kept KM_TYPE_NR 20 per CPU (asm-generic/kmap_types.h,
    // which x86-32 includes, without __WITH_KM_FENCE; DEBUG_HIGHMEM's 41 and fence not modelled).
    boolean perTask = v.atLeast(5, 11);
    KmapLocalSpec kmapLocal = perTask
        ? KmapLocalSpec.kmapLocal(FIXADDR_TOP, fix.kmapBegin(), nrCpus, cfg)
        : new KmapLocalSpec(FIXADDR_TOP, fix.kmapBegin(), 20, nrCpus, false);
    PageTableFormat tables = pae ? X86PageTables.pae() : X86PageTables.twoLevel();
    int structPage = machine.boardSize("struct_page_size", 16, 256).map(Long::intValue)
        .orElse(ZoneRules.structPageSize(v, cfg, false, alignedStructPage(cfg, v)));
    // mem_init() printed its own Memory: line until 3.11 switched to mem_init_print_info();
    // initmem_init() prints "NMB HIGHMEM available." and "NMB LOWMEM available." (mm/init_32.c).
    MemoryLineStyle memoryLine = v.atLeast(3, 11) ? MemoryLineStyle.GENERIC : MemoryLineStyle.X86_LEGACY;
    BootOutput boot = BootOutput.of(banner, memoryLine)
        .withImageSections(sections)
        .withBuildInputs(List.of(new BuildInput("fixmap", "fixaddr_start", Optional.empty()),
            new BuildInput("cpu_entry", "cpu_entry_area_base", Optional.of("cpu_entry_area_size"))))
        .withPrintsLowHighAvailable(true);
    // x86-32: MODULES_VADDR = VMALLOC_START, MODULES_END = VMALLOC_END (pgtable_32_areas.h).
    // IOREMAP_MAX_ORDER is PMD_SHIFT (22, PAE 21) from 4.1, when the huge I/O mappings came
    // (arch/x86/include/asm/page_types.h, Toshi Kani's "Kernel huge I/O mapping support"), the
    // generic 7 + PAGE_SHIFT before (include/linux/vmalloc.h). module_alloc() passes
    // VM_FLUSH_RESET_PERMS from 5.2 ("x86/modules: Make x86 allocs to flush when free").
    VmallocSpec vmallocSpec = VmallocSpec.generic(vmallocStart, vmallocEnd)
        .withIoremapMaxOrder(v.atLeast(4, 1) ? (pae ? 21 : 22) : VmallocSpec.GENERIC_IOREMAP_MAX_ORDER)
        .withModuleFlushResetPerms(v.atLeast(5, 2))
        // HAVE_ARCH_HUGE_VMAP "if X86_64 || X86_PAE" (arch/x86/Kconfig, 4.1+): ioremap_page_range()
        // maps whole aligned 2 MiB chunks with pmd_set_huge() (arch_vmap_pmd_supported(): PSE),
        // unless the command line says nohugeiomap (ioremap_max_page_shift = PAGE_SHIFT).
        .withIoremapHugeShift(pae && v.atLeast(4, 1)
            && !machine.commandLine().words().contains("nohugeiomap") ? 21 : 0);
    Mechanisms mechanisms = new Mechanisms(pkmap, kmapLocal, Optional.of(vmallocSpec), tables);
    // ZONE_DMA is the ISA DMA limit, MAX_DMA_ADDRESS 16 MiB (asm/dma.h); PHYS_OFFSET is 0.
    return new ArchDescription("x86", v,
        new LinearMap(pageOffset, 0, lowmemLimit, memory),
        regions,
        boot,
        mechanisms,
        // HPAGE_SHIFT is PMD_SHIFT: 21 with PAE, 22 without (the folded pmd of 2-level tables).
        new ZoneRules(cfg.isEnabled("ZONE_DMA") ? 16 * MB : 0, highmem, structPage,
            ZoneRules.pageblockOrder(v, cfg, (pae ? 21 : 22) - Addresses.PAGE_SHIFT,
                ZoneRules.maxPageOrder(v, cfg)),
            ZoneRules.migrateTypes(v, cfg), 0)
            .withNodeMemory(nodeMemory(e820, memory, pae, v))
            .withZonesEnd(zonesEnd(memory, maxPfn)),
        new Diagnostics(warnings, notes));
  }

  /**
   * Whether x86 selects {@code HAVE_ALIGNED_STRUCT_PAGE}: with SLUB from 3.1 ({@code select ...
   * if SLUB}), always from 6.8 where SLUB is the only allocator (6.12 and 7.2 select it
   * unconditionally). i386 aligns a {@code u64} member to 4 bytes, so PAE's 64-bit {@code
   * dma_addr_t} leaves no hole in {@code struct page}.
   */
  static boolean alignedStructPage(KernelConfig cfg, KernelVersion v) {
    return cfg.isEnabled("SLUB") && v.atLeast(3, 1) || v.atLeast(6, 8);
  }

  /**
   * The configuration the kernel was built with: a complete {@code .config} (one that sets {@code
   * CONFIG_X86_32} and {@code CONFIG_PAGE_OFFSET}, as every i386 {@code .config} does) as it is,
   * since an option it does not mention was not selectable there and is off (an allnoconfig
   * kernel has no IO-APIC, no MEMCG and no PCI_MMCONFIG); otherwise the distribution defaults of
   * {@link #defaultConfig} with the given options over them.
   */
  static KernelConfig effectiveConfig(KernelConfig given, KernelVersion v) {
    if (given.isEnabled("X86_32") && given.mentions("PAGE_OFFSET")) {
      return given;
    }
    return defaultConfig(v).withAll(given);
  }

  private static BannerLine line(String label, String region, SizeUnit unit) {
    return new BannerLine(label, region, unit, false);
  }

  /**
   * The RAM {@code Early memory node ranges} lists: from 3.3 (HAVE_MEMBLOCK_NODE_MAP) all of
   * memblock, which e820__memblock_setup() fills with every usable e820 entry that phys_addr_t
   * can hold (below 4 GiB without PAE), whatever max_pfn find_low_pfn_range() chose; before, the
   * active ranges registered up to max_pfn ({@code memory}).
   */
  private static List<RamRange> nodeMemory(List<RamRange> e820, List<RamRange> memory, boolean pae,
      KernelVersion v) {
    // From 6.15 e820__memblock_setup() discards memory above max_pfn on 32-bit ("32-bit systems
    // are limited to 4BG of memory even with HIGHMEM": memblock_remove(PFN_PHYS(max_pfn), -1),
    // not in 6.12; a 7.2 PAE boot with 4 GiB lists no node range above 4 GiB).
    if (!v.atLeast(3, 3) || v.atLeast(6, 15)) {
      return memory;
    }
    List<RamRange> out = new ArrayList<>();
    for (RamRange r : e820) {
      if (pae || r.end() <= Addresses.ADDRESS_LIMIT) {
        out.add(r);
      }
    }
    return out.isEmpty() ? memory : out;
  }

  /**
   * {@code max_pfn} as an address when it lies above the end of RAM: PAE from 6.15 caps {@code
   * max_pfn} at 4 GiB (the end of the PCI hole when RAM continues above 4 GiB), and the zone
   * ranges and {@code HIGHMEM available} count up to it (7.2 PAE, 4 GiB: {@code HighMem [mem
   * 0x375fe000-0xffffffff]}, 3210MB HIGHMEM available); 0 otherwise.
   */
  private static long zonesEnd(List<RamRange> memory, long maxPfn) {
    long end = Addresses.pfnToPhys(maxPfn);
    return end > memory.get(memory.size() - 1).end() ? end : 0;
  }

  /** RAM below {@code limit}. */
  private static List<RamRange> clip(List<RamRange> ram, long limit) {
    List<RamRange> out = new ArrayList<>();
    for (RamRange r : ram) {
      if (r.base() < limit) {
        out.add(new RamRange(r.base(), Math.min(r.end(), limit) - r.base()));
      }
    }
    return out;
  }

  /** {@code CONFIG_PAGE_OFFSET}, from the option or the VMSPLIT choice. */
  static long pageOffset(KernelConfig cfg, boolean pae) {
    long fromChoice = 0xC0000000L;
    String choice = null;
    if (cfg.isEnabled("VMSPLIT_1G")) {
      fromChoice = 0x40000000L;
      choice = "VMSPLIT_1G";
    } else if (cfg.isEnabled("VMSPLIT_2G_OPT")) {
      fromChoice = 0x78000000L;
      choice = "VMSPLIT_2G_OPT";
    } else if (cfg.isEnabled("VMSPLIT_2G")) {
      fromChoice = 0x80000000L;
      choice = "VMSPLIT_2G";
    } else if (cfg.isEnabled("VMSPLIT_3G_OPT")) {
      fromChoice = 0xB0000000L;
      choice = "VMSPLIT_3G_OPT";
    }
    if (pae && (fromChoice == 0x78000000L || fromChoice == 0xB0000000L)) {
      throw new InputException("CONFIG_" + choice + " depends on !X86_PAE");
    }
    long po = choice != null ? fromChoice : cfg.longValue("PAGE_OFFSET", fromChoice);
    if (po != 0x40000000L && po != 0x78000000L && po != 0x80000000L && po != 0xB0000000L
        && po != 0xC0000000L) {
      throw new InputException("CONFIG_PAGE_OFFSET=" + hex(po)
          + ": x86-32 offers 0x40000000, 0x78000000, 0x80000000, 0xB0000000, 0xC0000000");
    }
    return po;
  }
}

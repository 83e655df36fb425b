package org.memmap.arch.x86;

import java.util.List;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;

/**
 * Sizes of {@code enum fixed_addresses} ({@code asm/fixmap.h}) and {@code struct cpu_entry_area}
 * ({@code asm/cpu_entry_area.h}) for a release and configuration, where no banner line gives
 * them. Entry by entry for x86-32:
 *
 * <pre>
 * FIX_HOLE, FIX_DBGP_BASE, FIX_EARLYCON_MEM_BASE           3
 * FIX_OHCI1394_BASE             PROVIDE_OHCI1394_DMA_INIT  1
 * FIX_APIC_BASE                 X86_LOCAL_APIC             1
 * FIX_IO_APIC_BASE_0..          X86_IO_APIC                MAX_IO_APICS = 64
 * FIX_RO_IDT                    before 4.15                1
 * FIX_KMAP_BEGIN..END           KM_TYPE_NR (20, 41 DEBUG_HIGHMEM) x NR_CPUS up to 5.10,
 *                               KM_MAX_IDX (16, 33 DEBUG_KMAP_LOCAL) x NR_CPUS from 5.11
 * FIX_PCIE_MCFG                 PCI_MMCONFIG               1
 * FIX_PARAVIRT_BOOTMAP          PARAVIRT (PARAVIRT_XXL from 4.19)  1
 * FIX_TEXT_POKE1, _POKE0        before 5.2                 2
 * FIX_LNW_VRTC                  X86_INTEL_MID, before 5.12 1
 * FIX_GDT_REMAP_BEGIN..         4.12 .. 4.14               NR_CPUS
 * FIX_APEI_GHES_IRQ, _NMI       ACPI_APEI_GHES (4.13+)     2
 * __end_of_permanent_fixed_addresses
 * FIX_BTMAP_END .. BEGIN        TOTAL_FIX_BTMAPS = 64 x 8 = 512, not crossing a page table
 * FIX_WP_TEST                   1
 * FIX_TBOOT_BASE                INTEL_TXT                  1
 * </pre>
 *
 * {@code struct cpu_entry_area} on x86-32: 39 pages in 4.15–4.19 (6 without CPU_SUP_INTEL), 38
 * in 4.20–5.4 (5), 43 from 5.5; {@code CPU_ENTRY_AREA_PAGES} in the base formula was the
 * constant {@code NR_CPUS * 40} before 5.5. Boundaries: {@code docs/eras-x86.md}.
 *
 * @param nPerm {@code __end_of_permanent_fixed_addresses}
 * @param totalBtmaps {@code TOTAL_FIX_BTMAPS}
 * @param afterBtmaps entries after the BTMAP slots
 * @param cpuEntryAreaBasePages {@code CPU_ENTRY_AREA_PAGES} as the base formula uses it
 * @param cpuEntryAreaMapPages {@code CPU_ENTRY_AREA_MAP_SIZE} in pages (the banner's size)
 * @param kmapBegin {@code FIX_KMAP_BEGIN}
 */
record FixmapModel(
    long nPerm,
    long totalBtmaps,
    long afterBtmaps,
    long cpuEntryAreaBasePages,
    long cpuEntryAreaMapPages,
    int kmapBegin) {

  static FixmapModel of(KernelConfig cfg, KernelVersion v, boolean pae, List<String> notes) {
    if (!v.atLeast(2, 6, 28)) {
      // Not modelled entry by entry: Ubuntu 2.6.22-15-generic prints fixmap 0xfff4d000 (178 pages).
      notes.add("the 2.6.2x fixmap enum is not modelled; using 2.6.22-generic's 178 pages"
          + " (give the board fact fixaddr_start from the banner)");
      return new FixmapModel(178, 16, 1, 0, 0, 4);
    }
    long nrCpus = cfg.longValue("NR_CPUS", 8, 1, 64);
    long n = 3;
    n += on(cfg, "PROVIDE_OHCI1394_DMA_INIT");
    n += on(cfg, "X86_LOCAL_APIC");
    n += cfg.isEnabled("X86_IO_APIC") ? 64 : 0;
    if (!v.atLeast(4, 15)) {
      n += 1;
    }
    int kmapBegin = (int) n;
    long kmTypes = v.atLeast(5, 11)
        ? (cfg.isEnabled("DEBUG_KMAP_LOCAL") ? 33 : 16)
        : (cfg.isEnabled("DEBUG_HIGHMEM") ? 41 : 20);
    n += kmTypes * nrCpus;
    n += on(cfg, "PCI_MMCONFIG");
    n += on(cfg, v.atLeast(4, 19) ? "PARAVIRT_XXL" : "PARAVIRT");
    if (!v.atLeast(5, 2)) {
      n += 2;
    }
    if (!v.atLeast(5, 12)) {
      n += on(cfg, "X86_INTEL_MID");
    }
    if (v.atLeast(4, 12) && !v.atLeast(4, 15)) {
      n += nrCpus;
    }
    if (v.atLeast(4, 13)) {
      n += 2 * on(cfg, "ACPI_APEI_GHES");
    }
    if (!v.atLeast(4, 0)) {
      notes.add("the fixmap enum before 4.0 is modelled with 4.x entries; give the board fact fixaddr_start"
          + " from the banner for an exact layout");
    }
    long after = 1 + on(cfg, "INTEL_TXT");
    // TOTAL_FIX_BTMAPS = NR_FIX_BTMAPS (64) x FIX_BTMAPS_SLOTS: 4 slots until x86 took the
    // generic early_ioremap (3.15), 8 after.
    long btmaps = v.atLeast(3, 15) ? 512 : 256;
    boolean intel = cfg.isEnabled("CPU_SUP_INTEL");
    long perCpu;
    if (v.atLeast(5, 5)) {
      perCpu = 43;
    } else if (v.atLeast(4, 20)) {
      perCpu = intel ? 38 : 5;
    } else {
      perCpu = intel ? 39 : 6;
    }
    long basePages = v.atLeast(5, 5) ? nrCpus * perCpu : nrCpus * 40;
    return new FixmapModel(n, btmaps, after, basePages, 1 + nrCpus * perCpu, kmapBegin);
  }

  private static long on(KernelConfig cfg, String option) {
    return cfg.isEnabled(option) ? 1 : 0;
  }
}

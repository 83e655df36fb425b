package org.memmap.arch.arm;

import com.google.auto.service.AutoService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.RamRange;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.ConfigSetting;
import org.memmap.api.spi.KmapProvider;
import org.memmap.api.spi.LogHint;
import org.memmap.api.spi.LogLines;

/**
 * The ARM (32-bit) plugin, id {@code arm}: describes {@code arch/arm} kernels from 2.6.22 to 7.3.
 * Stateless; the rules live in {@link ArmLayouts}.
 */
@AutoService(KmapProvider.class)
public final class ArmKmapProvider implements KmapProvider {
  /** Public no-arg constructor: {@link java.util.ServiceLoader} and AutoService need it. */
  public ArmKmapProvider() {}

  @Override
  public String id() {
    return "arm";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("arm32", "armhf");
  }

  @Override
  public String displayName() {
    return "ARM (32-bit)";
  }

  /**
   * The default board of {@code docs/default-board.md}: a Marvell printer controller with 1 GiB of
   * RAM and a 4 MiB hole inside lowmem, on a 3.18 kernel. The RAM banks, and the image symbols
   * the banner does not print ({@code _stext}, rodata, init text), are one choice that fits
   * every number the board printed. Its boot-time reservations (16084K) are computed
   * ({@code org.memmap.core.memblock.BootReservations}): image, page tables, memmap, early hash
   * tables from the model; the percpu static size, the device tree, the initrd and the small
   * early allocations, which the log does not give, are board facts chosen to reproduce the
   * figure (docs/default-board.md).
   */
  @Override
  public Machine defaultMachine() {
    KernelVersion v = KernelVersion.of(3, 18);
    return new Machine(
        id(),
        v,
        List.of(new RamRange(0, 512L << 20), new RamRange(0x20400000L, 508L << 20)),
        KernelConfig.EMPTY,
        new KernelCommandLine(
            "console=ttyS0,115200n8 earlyprintk=serial,ttyS0,115200 root=/dev/mmcblk1p2"
                + " uio_pdrv_genirq.of_id=generic-uio rootwait"),
        Map.of("initrd_size", "0", "dtb_size", "32K", "percpu_static", "12K", "early_allocs", "392K"),
        ArmLayouts.SEED_SYMBOLS,
        List.of());
  }

  @Override
  public KernelConfig defaultConfig(KernelVersion kernel) {
    return ArmLayouts.defaultConfig(kernel);
  }

  /**
   * {@code CONFIG_ARM_L1_CACHE_SHIFT} (arch/arm/include/asm/cache.h): 6 for ARMv7 multiplatform
   * kernels, which {@code arch/arm/mm/Kconfig} defaults to when the option is absent.
   */
  @Override
  public int l1CacheShift(KernelConfig config) {
    return (int) config.longValue("ARM_L1_CACHE_SHIFT", 6);
  }

  /**
   * arch/arm/mm/init.c {@code mem_init()}: only an LPAE kernel calls {@code swiotlb_init(max_pfn >
   * arm_dma_pfn_limit, ...)} ("ARM: use swiotlb for bounce buffering on LPAE configs", 5.1), with
   * the limit the description's {@link org.memmap.api.spi.MemblockRules#swiotlbDmaLimit()} holds
   * (set from 5.10: the 5.10, 6.1, 6.12 and 7.2 armmp-lpae boots and an allnoconfig 6.1 LPAE
   * kernel print it from 3 GiB of RAM at 0x40000000 up, not at 2 GiB). LPAE releases before 5.10
   * are not pinned.
   */
  @Override
  public org.memmap.api.spi.SwiotlbSetup swiotlb(org.memmap.api.spi.ArchDescription d, KernelConfig config) {
    if (!config.isEnabled("ARM_LPAE")) {
      return org.memmap.api.spi.SwiotlbSetup.NEVER;
    }
    long limit = d.boot().memblock().swiotlbDmaLimit();
    if (limit == 0) {
      return org.memmap.api.spi.SwiotlbSetup.UNKNOWN;
    }
    return org.memmap.api.spi.SwiotlbSetup.above((limit >> 12) << 12);
  }

  /**
   * {@code cache_line_size()} is {@code L1_CACHE_BYTES}, {@code 1 << CONFIG_ARM_L1_CACHE_SHIFT}:
   * known when the {@code .config} sets it (ARMv5 boards build with 32-byte lines, ARMv7 with 64).
   */
  @Override
  public java.util.OptionalInt cacheLineSize(KernelConfig config) {
    return config.mentions("ARM_L1_CACHE_SHIFT")
        ? java.util.OptionalInt.of(1 << l1CacheShift(config)) : java.util.OptionalInt.empty();
  }

  /** A message only a MEMCG kernel prints (see {@link #logHints()}). */
  static final Pattern MEMCG_LINE =
      Pattern.compile("Initializing cgroup subsys memory|allocated \\d+ bytes of page_cgroup");

  /**
   * What a log reveals about the build. {@code PAGE_OFFSET}, which only the VMSPLIT choice sets:
   * the kernel image is linked at {@code PAGE_OFFSET + TEXT_OFFSET} (arch/arm/Makefile, a few
   * hundred KiB at most), so the banner's image section lines (inputs: they are the image's
   * symbols) start within the first 128 MiB above it; a log whose sections are hashed ({@code
   * 0x(ptrval)}, 4.15+) gives it only in the banner's lowmem start, which then is reported as an
   * input. {@code CONFIG_HIGHMEM}: the generic {@code Memory:} line (3.11+) has a {@code highmem}
   * item exactly when it is set (mm/page_alloc.c), and the banner (2.6.37 to 5.0) prints its
   * {@code pkmap} line under {@code #ifdef CONFIG_HIGHMEM} (arch/arm/mm/init.c, mem_init()), so a
   * banner with a lowmem line and no pkmap line is a {@code !HIGHMEM} kernel's, of every release;
   * each of these reads a printed figure, reported as an input. {@code Initializing cgroup subsys
   * memory} (cgroup_init_subsys(), kernel/cgroup.c, printed up to 4.5) and {@code allocated N
   * bytes of page_cgroup} (mm/page_cgroup.c, 2.6.28 to 3.18) are printed only by a kernel built
   * with {@code CONFIG_MEMCG} ({@code CGROUP_MEM_RES_CTLR} before 3.6), which memmap reads as
   * MEMCG.
   */
  @Override
  public List<LogHint> logHints() {
    List<LogHint> hints = new java.util.ArrayList<>();
    for (String po : List.of("40000000", "80000000", "b0000000", "c0000000")) {
      String first = po.substring(0, 1);
      hints.add(new LogHint(Pattern.compile("\\s*\\.(?:text|init)\\s*: 0x" + first + "[0-7][0-9a-f]{6} - .*"),
          "CONFIG_PAGE_OFFSET", "0x" + po));
    }
    for (String po : List.of("40000000", "80000000", "b0000000", "c0000000")) {
      hints.add(LogHint.reading(Pattern.compile("lowmem\\s*: 0x" + po + " - .*"), "CONFIG_PAGE_OFFSET", "0x" + po,
          new LogHint.Reads("banner lowmem", "its start")));
    }
    hints.add(LogHint.unless(Pattern.compile("lowmem\\s*: 0x[0-9a-f]{8} - 0x[0-9a-f]{8}\\s+\\(.*\\)"),
        Pattern.compile("pkmap\\s*: 0x.*"), "CONFIG_HIGHMEM", "n", new LogHint.Reads("banner pkmap", "")));
    hints.add(LogHint.reading(Pattern.compile("Memory: \\d+K/\\d+K available \\((?!.*highmem).*\\)"),
        "CONFIG_HIGHMEM", "n", new LogHint.Reads("Memory: highmem (K)", "")));
    hints.add(new LogHint(MEMCG_LINE, "CONFIG_MEMCG", "y"));
    // A banner without a pkmap line: MODULES_END is PAGE_OFFSET itself only without HIGHMEM
    // (asm/memory.h), so the modules line ends at one of the four PAGE_OFFSETs (2.6.37+ banners,
    // which the generic Memory: line of 3.11 does not cover before then).
    hints.add(LogHint.reading(
        Pattern.compile("\\s*modules\\s*: 0x[0-9a-f]{8} - 0x(?:40000000|80000000|b0000000|c0000000)\\s.*"),
        "CONFIG_HIGHMEM", "n", new LogHint.Reads("banner modules", "its end")));
    return hints;
  }

  /** Whether the kernel is Thumb-2 changes the layout (see ArmLayouts), and logs seldom say so. */
  @Override
  public List<ConfigSetting> silentSettings() {
    return List.of(new ConfigSetting("CONFIG_THUMB2_KERNEL", "y"), new ConfigSetting("CONFIG_THUMB2_KERNEL", "n"));
  }

  /**
   * An ARM kernel names its processor ({@code CPU: ARMv7 Processor [414fc0f0] revision 0 (ARMv7),
   * cr=10c5387d}, {@code setup_processor()} of arch/arm/kernel/setup.c), its memory policy
   * ({@code build_mem_type_table()} of arch/arm/mm/mmu.c) or prints the banner's {@code vector}
   * line, which no other architecture has.
   */
  @Override
  public boolean recognises(LogLines log) {
    return log.lines().stream().anyMatch(l -> l.matches("CPU: .*\\(ARMv\\w+\\), cr=[0-9a-f]+")
        || l.startsWith("Memory policy: ")
        || l.matches("vector\\s*: 0xffff0000 - .*"));
  }

  @Override
  public ArchDescription describe(Machine machine) {
    return ArmLayouts.describe(machine);
  }

  /** The board facts this plugin's layout rules read (docs/cli.md, machine options). */
  @Override
  public Set<String> boardFacts() {
    return Set.of(
        "phys_offset",
        "dma_zone_size",
        "struct_page_size",
        "vmalloc_end",
        "consistent_dma_size");
  }

  /** The {@code .config} options this plugin's layout rules read. */
  @Override
  public Set<String> configOptions() {
    return Set.of(
        "CONFIG_ARCH_FORCE_MAX_ORDER",
        "CONFIG_ARM",
        "CONFIG_ARM_ERRATA_798181",
        "CONFIG_ARM_LPAE",
        "CONFIG_ARM_MODULE_PLTS",
        "CONFIG_CMA",
        "CONFIG_CMA_SIZE_MBYTES",
        "CONFIG_CPU_TLB_V6",
        "CONFIG_DMA_CMA",
        "CONFIG_FORCE_MAX_ZONEORDER",
        "CONFIG_HIGHMEM",
        "CONFIG_HUGETLB_PAGE",
        "CONFIG_MEM_ALLOC_PROFILING",
        "CONFIG_MEMCG",
        "CONFIG_MEMORY_HOTREMOVE",
        "CONFIG_MEMORY_ISOLATION",
        "CONFIG_MODULES",
        "CONFIG_NR_CPUS",
        "CONFIG_PAGE_BLOCK_MAX_ORDER",
        "CONFIG_PAGE_OFFSET",
        "CONFIG_PCI",
        "CONFIG_SMP",
        "CONFIG_THUMB2_KERNEL",
        "CONFIG_TRANSPARENT_HUGEPAGE",
        "CONFIG_VMSPLIT_1G",
        "CONFIG_VMSPLIT_2G",
        "CONFIG_VMSPLIT_3G",
        "CONFIG_VMSPLIT_3G_OPT",
        "CONFIG_ZONE_DMA");
  }

  /** The Kconfig choices read: the memory split. */
  @Override
  public List<Set<String>> configChoices() {
    return List.of(
        Set.of("CONFIG_VMSPLIT_1G", "CONFIG_VMSPLIT_2G", "CONFIG_VMSPLIT_3G", "CONFIG_VMSPLIT_3G_OPT"));
  }

  /** {@code CONFIG_ARM}: every {@code .config} of this architecture sets it. */
  @Override
  public java.util.Optional<String> archConfigOption() {
    return java.util.Optional.of("CONFIG_ARM");
  }
}

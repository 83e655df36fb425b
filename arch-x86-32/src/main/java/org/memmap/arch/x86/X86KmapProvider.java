package org.memmap.arch.x86;

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
import org.memmap.api.spi.KmapProvider;
import org.memmap.api.spi.LogHint;
import org.memmap.api.spi.LogLines;

/**
 * The x86-32 plugin, id {@code x86}: describes {@code arch/x86} (i386) kernels from 2.6.22 to
 * 7.3. Stateless; the rules live in {@link X86Layouts}.
 */
@AutoService(KmapProvider.class)
public final class X86KmapProvider implements KmapProvider {
  /** Public no-arg constructor: {@link java.util.ServiceLoader} and AutoService need it. */
  public X86KmapProvider() {}

  @Override
  public String id() {
    return "x86";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("x86-32", "i386", "i686");
  }

  @Override
  public String displayName() {
    return "x86-32 (i386)";
  }

  /**
   * A PC with 1 GiB of RAM as QEMU's BIOS hands it over in e820 (the 640 KiB of base memory, then
   * 1 MiB up to the top of RAM less 128 KiB), on Debian's 6.1 {@code 686} kernel.
   */
  @Override
  public Machine defaultMachine() {
    return new Machine(
        id(),
        KernelVersion.of(6, 1, 176),
        List.of(new RamRange(0, 0x9fc00L), new RamRange(0x100000L, 0x3ffe0000L - 0x100000L)),
        KernelConfig.EMPTY,
        new KernelCommandLine("console=ttyS0"),
        Map.of(),
        Map.of(),
        List.of());
  }

  @Override
  public KernelConfig defaultConfig(KernelVersion kernel) {
    return X86Layouts.defaultConfig(kernel);
  }

  /**
   * {@code CONFIG_X86_L1_CACHE_SHIFT} (arch/x86/include/asm/cache.h); {@code arch/x86/Kconfig.cpu}
   * gives 6 to every generic or 686-class build, the distribution case.
   */
  @Override
  public int l1CacheShift(KernelConfig config) {
    return (int) config.longValue("X86_L1_CACHE_SHIFT", 6);
  }

  /**
   * x86's {@code cache_line_size()} is {@code boot_cpu_data.x86_cache_alignment}, the boot CPU's
   * CPUID clflush size (32 on QEMU's qemu32, 64 or 128 on real CPUs): no build decides it.
   */
  @Override
  public java.util.OptionalInt cacheLineSize(KernelConfig config) {
    return java.util.OptionalInt.empty();
  }

  /**
   * arch/x86/kernel/pci-dma.c {@code pci_swiotlb_detect()}: the swiotlb is set up when {@code
   * max_possible_pfn > MAX_DMA32_PFN}, RAM above 4 GiB, which only a PAE kernel keeps (5.10 and
   * 6.1 686-pae boots with 4 GiB or more print it, 686 with 4 GiB does not; 7.2's PAE kernel drops
   * the RAM above 4 GiB and prints nothing). 3.2 and 4.2 PAE boots with more than 4 GiB print
   * nothing; 4.3 to 5.9 are not pinned.
   */
  @Override
  public org.memmap.api.spi.SwiotlbSetup swiotlb(org.memmap.api.spi.ArchDescription d, KernelConfig config) {
    if (d.kernel().atLeast(5, 10)) {
      return org.memmap.api.spi.SwiotlbSetup.above(1L << 32);
    }
    return d.kernel().atLeast(4, 3) ? org.memmap.api.spi.SwiotlbSetup.UNKNOWN : org.memmap.api.spi.SwiotlbSetup.NEVER;
  }

  /**
   * arch/x86/kernel/setup_percpu.c: {@code pcpu_embed_first_chunk(PERCPU_FIRST_CHUNK_RESERVE,
   * PERCPU_MODULE_RESERVE + PERCPU_DYNAMIC_RESERVE - PERCPU_FIRST_CHUNK_RESERVE, atom_size, ...)}
   * with {@code PERCPU_FIRST_CHUNK_RESERVE} 0 on 32-bit (its boots print {@code r0}); {@code
   * atom_size} is {@code PMD_SIZE} (4 MiB, 2 MiB with PAE: 2.6.36 and 2.6.38 boots print {@code
   * alloc=1*4194304} and {@code alloc=1*2097152}) and a page from the release that chose "PAGE_SIZE
   * on 32bit as vmalloc space is highly contended" (3.2 prints {@code alloc=14*4096}); 2.6.39 to
   * 3.1 are not pinned, so their atom is unknown.
   */
  @Override
  public org.memmap.api.spi.PercpuSetup percpuSetup(KernelVersion kernel, KernelConfig config) {
    java.util.OptionalLong atom;
    if (kernel.atLeast(3, 2)) {
      atom = java.util.OptionalLong.of(4096);
    } else if (kernel.atLeast(2, 6, 39)) {
      atom = java.util.OptionalLong.empty();
    } else {
      atom = java.util.OptionalLong.of(config.isEnabled("X86_PAE") ? 2L << 20 : 4L << 20);
    }
    return new org.memmap.api.spi.PercpuSetup(true, atom);
  }

  /**
   * {@code max_arch_pfn} (printed by {@code e820} setup since 2.6.2x) is {@code 1 << 20} without
   * PAE and {@code 1 << 24} with it (arch/x86/kernel/e820.c, {@code MAX_ARCH_PFN}). The banner
   * (mem_init(), arch/x86/mm/init_32.c) prints its {@code pkmap} line under {@code #ifdef
   * CONFIG_HIGHMEM}: a banner with a lowmem line and no pkmap line is a {@code !HIGHMEM} kernel's;
   * that absence is a printed figure, and so is the lowmem start, {@code PAGE_OFFSET}, which only
   * the VMSPLIT choice sets: {@code check} reports each as an input. The image section lines do not
   * tell {@code PAGE_OFFSET} here: a relocatable x86-32 kernel may sit anywhere in the first 512
   * MiB above it ({@code KERNEL_IMAGE_SIZE}, KASLR from 3.14).
   * {@code Initializing cgroup subsys memory} (kernel/cgroup.c, up to 4.5) and {@code allocated N
   * bytes of page_cgroup} (mm/page_cgroup.c, 2.6.28 to 3.18) are printed only with {@code
   * CONFIG_MEMCG}.
   */
  @Override
  public List<LogHint> logHints() {
    Pattern lowmem = Pattern.compile("lowmem\\s*: 0x[0-9a-f]{8} - 0x[0-9a-f]{8}\\s+\\(.*\\)");
    Pattern pkmap = Pattern.compile("pkmap\\s*: 0x.*");
    LogHint.Reads noPkmap = new LogHint.Reads("banner pkmap", "");
    LogHint.Reads lowmemStart = new LogHint.Reads("banner lowmem", "its start");
    return List.of(
        new LogHint(Pattern.compile("Initializing cgroup subsys memory|allocated \\d+ bytes of page_cgroup"),
            "CONFIG_MEMCG", "y"),
        LogHint.unless(lowmem, pkmap, "CONFIG_HIGHMEM", "n", noPkmap),
        LogHint.unless(lowmem, pkmap, "CONFIG_HIGHMEM4G", "n", noPkmap),
        LogHint.unless(lowmem, pkmap, "CONFIG_HIGHMEM64G", "n", noPkmap),
        new LogHint(Pattern.compile(".*max_arch_pfn = 0x1000000\\b.*"), "CONFIG_X86_PAE", "y"),
        new LogHint(Pattern.compile(".*max_arch_pfn = 0x1000000\\b.*"), "CONFIG_HIGHMEM64G", "y"),
        new LogHint(Pattern.compile(".*max_arch_pfn = 0x100000\\b.*"), "CONFIG_X86_PAE", "n"),
        // The banner's lowmem line starts at PAGE_OFFSET, which only the VMSPLIT choice sets.
        LogHint.reading(Pattern.compile("lowmem\\s*: 0x40000000 - .*"), "CONFIG_PAGE_OFFSET", "0x40000000", lowmemStart),
        LogHint.reading(Pattern.compile("lowmem\\s*: 0x78000000 - .*"), "CONFIG_PAGE_OFFSET", "0x78000000", lowmemStart),
        LogHint.reading(Pattern.compile("lowmem\\s*: 0x80000000 - .*"), "CONFIG_PAGE_OFFSET", "0x80000000", lowmemStart),
        LogHint.reading(Pattern.compile("lowmem\\s*: 0xb0000000 - .*"), "CONFIG_PAGE_OFFSET", "0xB0000000", lowmemStart));
  }

  /** An x86 kernel's log prints the BIOS-e820 map ({@code e820_print_map()}); no other arch does. */
  @Override
  public boolean recognises(LogLines log) {
    return E820Log.present(log);
  }

  /** The e820 map's usable RAM less the kernel's own cuts (see {@link E820Log}). */
  @Override
  public List<RamRange> firmwareMemory(LogLines log) {
    return E820Log.usable(log);
  }

  @Override
  public ArchDescription describe(Machine machine) {
    return X86Layouts.describe(machine);
  }

  /** The board facts this plugin's layout rules read (docs/cli.md, machine options). */
  @Override
  public Set<String> boardFacts() {
    return Set.of(
        "fixaddr_start",
        "cpu_entry_area_base",
        "cpu_entry_area_size",
        "struct_page_size");
  }

  /** The {@code .config} options this plugin's layout rules read. */
  @Override
  public Set<String> configOptions() {
    return Set.of(
        "CONFIG_CPU_SUP_INTEL",
        "CONFIG_DEBUG_HIGHMEM",
        "CONFIG_DEBUG_KMAP_LOCAL",
        "CONFIG_HIGHMEM",
        "CONFIG_HIGHMEM4G",
        "CONFIG_HIGHMEM64G",
        "CONFIG_NOHIGHMEM",
        "CONFIG_KMEMCHECK",
        "CONFIG_MEMCG",
        "CONFIG_NR_CPUS",
        "CONFIG_PAGE_OFFSET",
        "CONFIG_SLUB",
        "CONFIG_VMSPLIT_1G",
        "CONFIG_VMSPLIT_2G",
        "CONFIG_VMSPLIT_2G_OPT",
        "CONFIG_VMSPLIT_3G",
        "CONFIG_VMSPLIT_3G_OPT",
        "CONFIG_X86_IO_APIC",
        "CONFIG_X86_PAE",
        "CONFIG_ZONE_DMA",
        "CONFIG_ACPI_APEI_GHES",
        "CONFIG_INTEL_TXT",
        "CONFIG_PCI_MMCONFIG",
        "CONFIG_PROVIDE_OHCI1394_DMA_INIT",
        "CONFIG_X86_INTEL_MID",
        "CONFIG_X86_LOCAL_APIC",
        "CONFIG_PARAVIRT",
        "CONFIG_PARAVIRT_XXL");
  }

  /** The Kconfig choices read: the memory split and the high memory support. */
  @Override
  public List<Set<String>> configChoices() {
    return List.of(
        Set.of("CONFIG_VMSPLIT_1G", "CONFIG_VMSPLIT_2G", "CONFIG_VMSPLIT_2G_OPT", "CONFIG_VMSPLIT_3G", "CONFIG_VMSPLIT_3G_OPT"),
        Set.of("CONFIG_NOHIGHMEM", "CONFIG_HIGHMEM4G", "CONFIG_HIGHMEM64G"));
  }

  /** {@code CONFIG_X86_32}: every {@code .config} of this architecture sets it. */
  @Override
  public java.util.Optional<String> archConfigOption() {
    return java.util.Optional.of("CONFIG_X86_32");
  }
}

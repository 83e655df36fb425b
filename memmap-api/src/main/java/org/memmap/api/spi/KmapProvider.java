package org.memmap.api.spi;

import java.util.List;
import java.util.Set;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;

/**
 * An architecture plugin: describes how one 32-bit architecture lays out kernel virtual memory,
 * release by release. Implementations are stateless, {@code public final}, have a public no-arg
 * constructor, and register twice: {@code @AutoService(KmapProvider.class)} for the class path and
 * {@code provides org.memmap.api.spi.KmapProvider with ...} in {@code module-info} for the module
 * path. Core finds them with {@link java.util.ServiceLoader}.
 *
 * <pre>{@code
 * @AutoService(KmapProvider.class)
 * public final class MipsKmapProvider implements KmapProvider {
 *   public String id() { return "mips"; }
 *   ...
 *   public ArchDescription describe(Machine machine) { ... }
 * }
 * }</pre>
 */
public interface KmapProvider {
  /** The kernel's {@code ARCH=} name, lower case, unique among installed plugins: {@code arm}. */
  String id();

  /** Other names users may type: {@code arm32}, {@code armhf}. May be empty. */
  Set<String> aliases();

  /** A human name: {@code ARM (32-bit)}. */
  String displayName();

  /** The oldest release this plugin describes; by default memmap's oldest, {@link KernelVersion#OLDEST}. */
  default KernelVersion oldestKernel() {
    return KernelVersion.OLDEST;
  }

  /** The newest release this plugin describes; by default memmap's newest, {@link KernelVersion#NEWEST}. */
  default KernelVersion newestKernel() {
    return KernelVersion.NEWEST;
  }

  /**
   * The machine {@code ./memmap --arch ID} models when the user gives no RAM, release or
   * configuration: a typical board of this architecture with a distribution kernel's defaults.
   */
  Machine defaultMachine();

  /**
   * The configuration a distribution kernel of {@code kernel} would use on this architecture;
   * options the user sets override it.
   */
  org.memmap.api.KernelConfig defaultConfig(KernelVersion kernel);

  /**
   * Describes {@code machine} as its kernel would lay it out: a pure function of the machine.
   *
   * @throws org.memmap.api.InputException if the machine cannot be described (release out of
   *     range, a command-line value the kernel would reject, RAM the kernel cannot use at all)
   */
  ArchDescription describe(Machine machine);

  /**
   * {@code L1_CACHE_SHIFT} of {@code arch/*}{@code /include/asm/cache.h} for a kernel built with
   * {@code config} (the plugin's defaults already merged): the alignment of {@code
   * ____cacheline_aligned_in_smp} structures such as futex hash buckets. By default 6 (64-byte
   * lines).
   */
  default int l1CacheShift(org.memmap.api.KernelConfig config) {
    return 6;
  }

  /**
   * {@code cache_line_size()} for a kernel built with {@code config} (the plugin's defaults
   * merged): the {@code HWalign} SLUB prints. Empty where the build does not fix it: x86 takes it
   * from the boot CPU ({@code boot_cpu_data.x86_cache_alignment}, CPUID's clflush size). By
   * default {@code 1 << l1CacheShift(config)}.
   */
  default java.util.OptionalInt cacheLineSize(org.memmap.api.KernelConfig config) {
    return java.util.OptionalInt.of(1 << l1CacheShift(config));
  }

  /**
   * How this architecture's {@code setup_per_cpu_areas()} embeds the first percpu chunk on an SMP
   * kernel of {@code kernel} built with {@code config}. By default the generic one of
   * mm/percpu.c ({@link PercpuSetup#GENERIC}).
   */
  default PercpuSetup percpuSetup(KernelVersion kernel, org.memmap.api.KernelConfig config) {
    return PercpuSetup.GENERIC;
  }

  /**
   * Whether this architecture's kernel sets up the swiotlb bounce buffer at boot ({@code software
   * IO TLB: mapped [mem ...] (64MB)}) for a machine: above which RAM end it does, never, or not
   * known for this release. By default not known.
   *
   * @param d the machine's description
   * @param config the effective {@code .config}
   */
  default SwiotlbSetup swiotlb(ArchDescription d, org.memmap.api.KernelConfig config) {
    return SwiotlbSetup.UNKNOWN;
  }

  /**
   * The lower-case board facts ({@link Machine#boardFacts()}) this plugin reads, e.g. {@code
   * phys_offset}. A machine with any other fact is refused when it is laid out, so a misspelt
   * key ({@code phys_ofset}) or a fact of another architecture cannot be silently ignored.
   * None by default.
   */
  default Set<String> boardFacts() {
    return Set.of();
  }

  /**
   * The {@code .config} options this plugin reads, with their {@code CONFIG_} prefix. They are
   * checked when a machine is laid out: an option the configuration names that is one edit away
   * from one of these while that one is absent ({@code CONFIG_HIGHMEN} for {@code
   * CONFIG_HIGHMEM}) is refused as a likely typo, unless the configuration is a full {@code
   * .config} of this architecture (it sets {@link #archConfigOption()}), which Kconfig wrote;
   * other unknown options are ignored, as a {@code .config} holds thousands. The values of the
   * options read are checked as they are read ({@link org.memmap.api.KernelConfig#isEnabled}
   * takes y, m or n; numbers are decimal or 0x hex within the option's range). None by default.
   */
  default Set<String> configOptions() {
    return Set.of();
  }

  /**
   * The Kconfig {@code choice} groups this plugin reads (options with their {@code CONFIG_}
   * prefix), e.g. the memory split {@code VMSPLIT_3G}, {@code VMSPLIT_2G}, ...: a configuration
   * that sets two members of one group to {@code y} is refused, naming both. None by default.
   */
  default List<Set<String>> configChoices() {
    return List.of();
  }

  /**
   * The option every {@code .config} of this architecture sets to {@code y}, e.g. {@code
   * CONFIG_ARM} or {@code CONFIG_X86_32}: a configuration that lacks it and sets another
   * architecture's option instead is refused. Empty by default (no check).
   */
  default java.util.Optional<String> archConfigOption() {
    return java.util.Optional.empty();
  }

  /**
   * Log lines that reveal configuration choices (see {@link LogHint}); none by default.
   */
  default List<LogHint> logHints() {
    return java.util.List.of();
  }

  /**
   * Configuration settings of this architecture that change the layout and that logs rarely
   * print ({@code CONFIG_THUMB2_KERNEL}, the VMSPLIT): {@code check} tries each to explain a
   * mismatch. The generic ones ({@code CONFIG_MEMCG}, {@code CONFIG_HIGHMEM}) and the {@link
   * #logHints()} are tried anyway. None by default.
   */
  default java.util.List<ConfigSetting> silentSettings() {
    return java.util.List.of();
  }

  /**
   * Whether {@code log} is the boot log of a kernel of this architecture, from lines only its
   * kernels print (x86's {@code BIOS-e820} map, an ARM {@code CPU: ... (ARMv7)} line). {@code
   * check} takes the architecture from the one plugin that recognises a log, when the user names
   * none. None by default.
   */
  default boolean recognises(LogLines log) {
    return false;
  }

  /**
   * The RAM the firmware handed the kernel, as this architecture's kernels record it in the boot
   * log: x86's {@code BIOS-e820} map less the ranges the kernel itself cut out before sizing its
   * zones, MIPS's {@code Determined physical RAM map}. Empty when the log has no such map; {@code
   * check} then takes the generic {@code Early memory node ranges}. Only input lines may be read
   * here, never a figure {@code check} verifies.
   *
   * @throws org.memmap.api.InputException naming the log line (see {@link LogLines#error}) when a
   *     map line holds an unusable number
   */
  default java.util.List<org.memmap.api.RamRange> firmwareMemory(LogLines log) {
    return java.util.List.of();
  }
}

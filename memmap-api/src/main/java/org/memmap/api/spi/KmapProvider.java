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
}

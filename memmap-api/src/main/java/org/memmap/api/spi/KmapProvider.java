package org.memmap.api.spi;

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
   * Log lines that reveal configuration choices (see {@link LogHint}); none by default.
   */
  default java.util.List<LogHint> logHints() {
    return java.util.List.of();
  }
}

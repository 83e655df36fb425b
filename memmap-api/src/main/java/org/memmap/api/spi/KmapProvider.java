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
   * Log lines that reveal configuration choices (see {@link LogHint}); none by default.
   */
  default java.util.List<LogHint> logHints() {
    return java.util.List.of();
  }

  /**
   * Configuration choices of this architecture that change the layout and that logs rarely
   * print ({@code CONFIG_THUMB2_KERNEL}, the VMSPLIT): {@code check} tries each to explain a
   * mismatch. The generic ones ({@code CONFIG_MEMCG}, {@code CONFIG_HIGHMEM}) and the {@link
   * #logHints()} are tried anyway. None by default.
   */
  default java.util.List<ConfigChoice> configChoices() {
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

package org.memmap.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.memmap.api.InputException.Input;

/**
 * What a kernel is given: the architecture, the kernel release, the physical RAM, the {@code
 * .config}, the command line, board facts no {@code .config} holds, and optionally the kernel
 * image's symbols (from {@code System.map}) and areas reserved inside RAM (CMA).
 *
 * <pre>{@code
 * Machine m = Machine.of("arm", KernelVersion.parse("3.18"), List.of(RamRange.parse("1G@0")))
 *     .withCommandLine(new KernelCommandLine("vmalloc=256M"));
 * }</pre>
 *
 * @param arch the architecture plugin id or alias
 * @param kernel the release whose rules apply
 * @param ram the RAM ranges, sorted by base; they must not overlap
 * @param config the kernel configuration (options not set take the plugin's defaults)
 * @param commandLine the boot command line
 * @param boardFacts lower-case board facts such as {@code phys_offset} or {@code
 *     struct_page_size} (docs/cli.md)
 * @param symbols kernel image symbols such as {@code _text}, {@code _etext}, {@code __bss_stop}
 * @param cma contiguous-memory areas reserved at boot ({@code cma: Reserved 16 MiB at ...})
 */
public record Machine(
    String arch,
    KernelVersion kernel,
    List<RamRange> ram,
    KernelConfig config,
    KernelCommandLine commandLine,
    Map<String, String> boardFacts,
    Map<String, Long> symbols,
    List<RamRange> cma) {

  /** The most RAM ranges a machine may have ({@code E820_MAX_ENTRIES} is 128; memblock grows). */
  public static final int MAX_RAM_RANGES = 1024;

  private static final java.util.regex.Pattern FACT_KEY =
      java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /**
   * Sorts and checks the RAM: at least one range, at most {@link #MAX_RAM_RANGES}, no two
   * overlapping; board fact keys are lower-case identifiers. Which facts and options an
   * architecture reads, and their values, are checked when the machine is laid out.
   *
   * @throws InputException naming the input ({@link InputException#input()}) if one is unusable
   */
  public Machine {
    if (arch == null || arch.isBlank()) {
      throw new InputException(Input.ARCH, "architecture: expected a plugin id such as arm or x86");
    }
    if (kernel == null) {
      throw new InputException(Input.KERNEL, "kernel release: required");
    }
    List<RamRange> sorted = new ArrayList<>(ram == null ? List.of() : ram);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      throw new InputException(Input.RAM, "RAM: at least one RAM range is required");
    }
    if (sorted.size() > MAX_RAM_RANGES) {
      throw new InputException(Input.RAM,
          "RAM: " + sorted.size() + " ranges given; at most " + MAX_RAM_RANGES + " are allowed");
    }
    for (int i = 1; i < sorted.size(); i++) {
      RamRange a = sorted.get(i - 1);
      RamRange b = sorted.get(i);
      if (a.overlaps(b)) {
        throw new InputException(Input.RAM, "RAM range " + a + " overlaps " + b);
      }
    }
    if (boardFacts != null) {
      for (Map.Entry<String, String> e : boardFacts.entrySet()) {
        if (e.getKey() == null || !FACT_KEY.matcher(e.getKey()).matches()) {
          throw new InputException(Input.BOARD_FACT, "board fact '" + Printable.escape(e.getKey())
              + "': keys are lower-case letters, digits and '_', e.g. phys_offset");
        }
        if (e.getValue() == null) {
          throw new InputException(Input.BOARD_FACT, "board fact " + e.getKey() + ": no value");
        }
      }
    }
    ram = List.copyOf(sorted);
    config = config == null ? KernelConfig.EMPTY : config;
    commandLine = commandLine == null ? KernelCommandLine.EMPTY : commandLine;
    boardFacts = Collections.unmodifiableMap(new TreeMap<>(boardFacts == null ? Map.of() : boardFacts));
    symbols = Collections.unmodifiableMap(new TreeMap<>(symbols == null ? Map.of() : symbols));
    cma = List.copyOf(cma == null ? List.of() : cma);
  }

  /** A machine with only architecture, release and RAM given. */
  public static Machine of(String arch, KernelVersion kernel, List<RamRange> ram) {
    return new Machine(arch, kernel, ram, null, null, null, null, null);
  }

  /** A copy for another architecture id. */
  public Machine withArch(String newArch) {
    return new Machine(newArch, kernel, ram, config, commandLine, boardFacts, symbols, cma);
  }

  /**
   * A copy for another kernel release. The image {@link #symbols()} and the {@code reserved}
   * board fact describe one kernel build, so a different release drops them (set them again
   * after this call if they hold for the new release too).
   */
  public Machine withKernel(KernelVersion newKernel) {
    if (newKernel != null && newKernel.equals(kernel)) {
      return this;
    }
    return new Machine(arch, newKernel, ram, config, commandLine, withoutImageFacts(), Map.of(), cma);
  }

  /**
   * A copy with other RAM. The {@code reserved} board fact (boot-time reservations, which grow
   * with the RAM's {@code struct page} array) describes the old RAM, so different RAM drops it.
   */
  public Machine withRam(List<RamRange> newRam) {
    if (newRam != null && List.copyOf(newRam).stream().sorted().toList().equals(ram)) {
      return this;
    }
    return new Machine(arch, kernel, newRam, config, commandLine, withoutImageFacts(), symbols, cma);
  }

  /**
   * A copy with another configuration. A different configuration builds a different image, so
   * it drops the image {@link #symbols()} and the {@code reserved} board fact, as {@link
   * #withKernel} does.
   */
  public Machine withConfig(KernelConfig newConfig) {
    KernelConfig c = newConfig == null ? KernelConfig.EMPTY : newConfig;
    if (c.equals(config)) {
      return this;
    }
    return new Machine(arch, kernel, ram, c, commandLine, withoutImageFacts(), Map.of(), cma);
  }

  private Map<String, String> withoutImageFacts() {
    Map<String, String> copy = new TreeMap<>(boardFacts);
    copy.remove("reserved");
    return copy;
  }

  /** A copy with another command line. */
  public Machine withCommandLine(KernelCommandLine newCommandLine) {
    return new Machine(arch, kernel, ram, config, newCommandLine, boardFacts, symbols, cma);
  }

  /** A copy with one board fact set. */
  public Machine withBoardFact(String key, String value) {
    Map<String, String> copy = new TreeMap<>(boardFacts);
    copy.put(key, value);
    return new Machine(arch, kernel, ram, config, commandLine, copy, symbols, cma);
  }

  /** A copy with other kernel image symbols. */
  public Machine withSymbols(Map<String, Long> newSymbols) {
    return new Machine(arch, kernel, ram, config, commandLine, boardFacts, newSymbols, cma);
  }

  /** A copy with other CMA areas. */
  public Machine withCma(List<RamRange> newCma) {
    return new Machine(arch, kernel, ram, config, commandLine, boardFacts, symbols, newCma);
  }

  /** The board fact {@code key}, if given. */
  public Optional<String> boardFact(String key) {
    return Optional.ofNullable(boardFacts.get(key));
  }

  /**
   * The board fact {@code key} as a number or size ({@code 0x...}, decimal, K/M/G suffixes).
   *
   * @throws InputException ({@link Input#BOARD_FACT}) naming the fact if it is not a number
   */
  public Optional<Long> boardSize(String key) {
    try {
      return boardFact(key).map(v -> Addresses.parseSize(v, "board fact " + key));
    } catch (InputException e) {
      throw InputException.about(Input.BOARD_FACT, e);
    }
  }

  /**
   * The board fact {@code key} as {@link #boardSize} reads it, checked to lie in {@code [min,
   * max]}.
   *
   * @throws InputException ({@link Input#BOARD_FACT}) naming the fact, the value and the range
   */
  public Optional<Long> boardSize(String key, long min, long max) {
    try {
      return boardSize(key).map(v -> Addresses.checkRange(v, "board fact " + key, min, max));
    } catch (InputException e) {
      throw InputException.about(Input.BOARD_FACT, e);
    }
  }

  /** The kernel image symbol {@code name}, if known. */
  public Optional<Long> symbol(String name) {
    return Optional.ofNullable(symbols.get(name));
  }

  /** The total size of RAM in bytes. */
  public long ramBytes() {
    return ram.stream().mapToLong(RamRange::size).sum();
  }
}

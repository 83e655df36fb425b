package org.memmap.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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

  /** Sorts and checks the RAM: at least one range, no two overlapping. */
  public Machine {
    if (arch == null || arch.isBlank()) {
      throw new InputException("--arch: expected an architecture id such as arm or x86");
    }
    if (kernel == null) {
      throw new InputException("--kernel: a kernel release is required");
    }
    List<RamRange> sorted = new ArrayList<>(ram);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      throw new InputException("--ram: at least one RAM range is required");
    }
    for (int i = 1; i < sorted.size(); i++) {
      RamRange a = sorted.get(i - 1);
      RamRange b = sorted.get(i);
      if (a.overlaps(b)) {
        throw new InputException("--ram: RAM range " + a + " overlaps " + b);
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

  /** A copy for another kernel release. */
  public Machine withKernel(KernelVersion newKernel) {
    return new Machine(arch, newKernel, ram, config, commandLine, boardFacts, symbols, cma);
  }

  /** A copy with other RAM. */
  public Machine withRam(List<RamRange> newRam) {
    return new Machine(arch, kernel, newRam, config, commandLine, boardFacts, symbols, cma);
  }

  /** A copy with another configuration. */
  public Machine withConfig(KernelConfig newConfig) {
    return new Machine(arch, kernel, ram, newConfig, commandLine, boardFacts, symbols, cma);
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
   * @throws InputException naming the fact if it is not a number
   */
  public Optional<Long> boardSize(String key) {
    return boardFact(key).map(v -> Addresses.parseSize(v, "--set " + key + "="));
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

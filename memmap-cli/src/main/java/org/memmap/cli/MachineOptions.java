package org.memmap.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.memmap.api.InputException;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.RamRange;
import org.memmap.api.spi.KmapProvider;
import org.memmap.core.Architectures;
import org.memmap.core.MemMap;
import org.memmap.core.check.SystemMap;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options that describe a machine (docs/cli.md), declared once on {@code memmap} and inherited
 * by every command, so they may be typed before or after the command.
 */
final class MachineOptions {
  @Option(scope = ScopeType.INHERIT, names = "--arch", paramLabel = "ID", description = "Architecture plugin id or alias (arm, x86, ...). Default: arm.")
  String arch;

  @Option(scope = ScopeType.INHERIT, names = "--kernel", paramLabel = "VERSION",
      converter = Converters.Version.class, description = "Kernel release to model, e.g. 3.4, 3.18, 4.14, 5.10, 6.1.176. Default: the architecture's default board.")
  KernelVersion kernel;

  @Option(scope = ScopeType.INHERIT, names = "--ram", paramLabel = "SIZE@BASE",
      converter = Converters.Ram.class, description = "A physical RAM range, e.g. 512M@0x40000000; repeat for several banks (holes allowed).")
  List<RamRange> ram = new ArrayList<>();

  @Option(scope = ScopeType.INHERIT, names = "--cmdline", paramLabel = "\"...\"", description = "Kernel command line; mem=, vmalloc=, highmem= and memmap= (x86) are honoured as that release would.")
  String cmdline;

  @Option(scope = ScopeType.INHERIT, names = "--config", paramLabel = "FILE", description = "A kernel .config.")
  Path config;

  @Option(scope = ScopeType.INHERIT, names = "--set", paramLabel = "KEY=VALUE", description =
      "Overrides one .config option (CONFIG_X=value) or sets a board fact (a lower-case key): "
          + "phys_offset, dma_zone_size, struct_page_size, vmalloc_end (ARM before 3.4), "
          + "consistent_dma_size (ARM before 3.5), "
          + "fixaddr_start, cpu_entry_area_base, cpu_entry_area_size (x86), highmem_start "
          + "(MIPS HIGHMEM_START), nr_cpus (CPUs online, for the simulated kernel) or reserved "
          + "(boot-time reservations, for the Memory: line). Repeatable.")
  List<String> sets = new ArrayList<>();

  @Option(scope = ScopeType.INHERIT, names = "--system-map", paramLabel = "FILE", description = "A System.map, for the kernel image section lines.")
  Path systemMap;

  /** Whether the user said anything that changes the default board's kernel or image. */
  boolean changesKernel() {
    return kernel != null || config != null || systemMap != null
        || sets.stream().anyMatch(s -> s.startsWith("CONFIG_"));
  }

  /** The machine these options describe, starting from the architecture's default board. */
  Machine machine(Architectures arches) {
    KmapProvider p = arches.require(arch == null ? "arm" : arch);
    Machine m = p.defaultMachine().withArch(p.id());
    // mem= changes the RAM as --ram does: the board's boot-time reservations no longer hold.
    boolean keepBoardImage = !changesKernel() && ram.isEmpty()
        && (cmdline == null || new KernelCommandLine(cmdline).param("mem").isEmpty());
    if (!keepBoardImage) {
      m = m.withSymbols(Map.of());
      Map<String, String> facts = new LinkedHashMap<>(m.boardFacts());
      // The default board's boot-reservation facts describe its own image and firmware.
      facts.remove("reserved");
      org.memmap.core.memblock.BootReservations.FACTS.forEach(facts::remove);
      m = new Machine(m.arch(), m.kernel(), m.ram(), m.config(), m.commandLine(), facts, m.symbols(), m.cma());
    }
    if (kernel != null) {
      m = m.withKernel(kernel);
    }
    if (!ram.isEmpty()) {
      m = m.withRam(ram);
    }
    if (cmdline != null) {
      m = m.withCommandLine(new KernelCommandLine(cmdline));
    }
    KernelConfig cfg = m.config();
    if (config != null) {
      try {
        cfg = KernelConfig.read(config);
      } catch (InputException e) {
        // The file itself is unusable: name the option that gave it.
        throw new InputException("--config " + e.getMessage(), e);
      }
    }
    Map<String, String> facts = new LinkedHashMap<>();
    for (String s : sets) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new InputException("--set '" + s + "': expected KEY=VALUE, e.g. CONFIG_HIGHMEM=n or phys_offset=0x40000000");
      }
      String key = s.substring(0, eq).strip();
      String value = s.substring(eq + 1).strip();
      if (key.startsWith("CONFIG_")) {
        cfg = cfg.with(key, value);
      } else {
        // Board facts: which ones the architecture reads, and their values, the library checks.
        facts.put(key, value);
      }
    }
    // The configuration first: a new one drops the image's board facts, which --set restores.
    m = m.withConfig(cfg);
    for (Map.Entry<String, String> f : facts.entrySet()) {
      m = m.withBoardFact(f.getKey(), f.getValue());
    }
    if (systemMap != null) {
      m = m.withSymbols(SystemMap.read(systemMap));
    }
    return MemMap.of(arches).withDefaultCma(m);
  }

}

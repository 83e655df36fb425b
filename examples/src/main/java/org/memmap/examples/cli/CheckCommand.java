package org.memmap.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.memmap.api.InputException;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.RamRange;
import org.memmap.core.MemMap;
import org.memmap.core.check.BootLog;
import org.memmap.core.check.Fact;
import org.memmap.core.check.LogCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code memmap check LOGFILE}: recompute a real boot log's memory figures from its inputs. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Read a boot log (dmesg, serial console, syslog; /proc/meminfo etc. may follow), take only",
      "its inputs (release, command line, e820 / memory nodes, CMA, image sections, x86 fixmap),",
      "recompute every memory figure it prints and compare. Prints one line per fact and",
      "'N verified, M mismatched, K skipped'. Exit 0 when nothing mismatched, 1 otherwise."
    })
final class CheckCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "LOGFILE", description = "The boot log ('-' for standard input).")
  Path logFile;

  @Mixin MachineOptions machine = new MachineOptions();

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    BootLog log = logFile.toString().equals("-")
        ? BootLog.parse(org.memmap.api.InputFiles.readLines(System.in,
            org.memmap.api.InputFiles.DEFAULT_MAX_BYTES, "<stdin>"), "<stdin>")
        : BootLog.read(logFile);
    if (machine.systemMap != null) {
      throw new InputException("--system-map: check takes the image sections from the log's banner");
    }
    List<RamRange> ram = new ArrayList<>();
    for (String r : machine.ram) {
      ram.add(RamRange.parse(r));
    }
    KernelConfig sets = KernelConfig.EMPTY;
    Map<String, String> facts = new LinkedHashMap<>();
    for (String s : machine.sets) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new InputException("--set '" + s + "': expected KEY=VALUE");
      }
      String key = s.substring(0, eq).strip();
      if (key.startsWith("CONFIG_")) {
        sets = sets.with(key, s.substring(eq + 1).strip());
      } else {
        // Which board facts the architecture reads, the library checks.
        facts.put(key, s.substring(eq + 1).strip());
      }
    }
    LogCheck.Options options = new LogCheck.Options(
        Optional.ofNullable(machine.arch),
        Optional.ofNullable(machine.kernel).map(KernelVersion::parse),
        ram,
        Optional.ofNullable(machine.cmdline).map(KernelCommandLine::new),
        Optional.ofNullable(machine.config).map(KernelConfig::read),
        sets,
        facts);
    LogCheck.Result result = LogCheck.check(MemMap.installed(), log, options);
    for (Fact f : result.facts()) {
      out.println(f.line());
    }
    out.println(result.summary());
    return result.mismatched() == 0 && result.verified() > 0 ? 0 : 1;
  }
}

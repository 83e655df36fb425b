package org.memmap.cli;

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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code memmap check LOGFILE}: recompute a real boot log's memory figures from its inputs. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    header = "Check a real boot log against the computed layout.",
    description = {
      "Reads a boot log (dmesg, serial console or syslog; /proc/meminfo and the like may "
          + "follow) and takes only its inputs: the release, the command line, the e820 map or "
          + "memory nodes, CMA, the image sections and the x86 fixmap.",
      "Recomputes every memory figure the log prints and compares. Prints one line per "
          + "fact, then 'N verified, M mismatched, K skipped'.",
      "Exit status 0 when nothing mismatched, 1 otherwise."
    })
final class CheckCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "LOGFILE", description = "The boot log ('-' for standard input).")
  Path logFile;

  @ParentCommand Main main;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    BootLog log = logFile.toString().equals("-")
        ? BootLog.parse(org.memmap.api.InputFiles.readLines(System.in,
            org.memmap.api.InputFiles.DEFAULT_MAX_BYTES, "<stdin>"), "<stdin>")
        : BootLog.read(logFile);
    if (main.machine.systemMap != null) {
      throw new InputException("--system-map: check takes the image sections from the log's banner");
    }
    List<RamRange> ram = List.copyOf(main.machine.ram);
    KernelConfig sets = KernelConfig.EMPTY;
    Map<String, String> facts = new LinkedHashMap<>();
    for (String s : main.machine.sets) {
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
        Optional.ofNullable(main.machine.arch),
        Optional.ofNullable(main.machine.kernel),
        ram,
        Optional.ofNullable(main.machine.cmdline).map(KernelCommandLine::new),
        Optional.ofNullable(main.machine.config).map(KernelConfig::read),
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

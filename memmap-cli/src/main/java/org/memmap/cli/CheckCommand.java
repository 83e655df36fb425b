package org.memmap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.memmap.api.InputException;
import org.memmap.api.InputFiles;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelConfig;
import org.memmap.api.MemmapException;
import org.memmap.api.RamRange;
import org.memmap.core.MemMap;
import org.memmap.core.check.BootLog;
import org.memmap.core.check.Fact;
import org.memmap.core.check.LogCheck;
import org.memmap.core.check.SystemMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code memmap check LOGFILE...}: recompute real boot logs' memory figures from their inputs.
 * One log: one line per fact and {@code N verified, M mismatched, K skipped}. Several logs or a
 * directory: one verdict line per log (with its mismatches under it) and a total, all in one
 * process with the plugins loaded once.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    header = "Check real boot logs against the computed layout.",
    description = {
      "Reads a boot log (dmesg, serial console or syslog; /proc/meminfo and the like may "
          + "follow) and takes only its inputs: the release, the command line, the e820 map or "
          + "memory nodes, CMA, the image sections and the x86 fixmap.",
      "Recomputes every memory figure that kernel prints and compares. Prints one line per "
          + "fact (ok, MISMATCH log: ..., memmap: ..., or skipped with the reason), then "
          + "'N verified, M mismatched, K skipped'. With several logs or directories: one verdict "
          + "line per log and a total, in one process.",
      "Exit status 0 when every log verified something and nothing mismatched, 1 on a "
          + "mismatch, 2 when a log is unusable."
    })
final class CheckCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "LOG",
      description = "Boot logs, or directories of them (their *.log, *.txt, *.dmesg and dmesg* files); '-' reads standard input.")
  List<Path> logs = new ArrayList<>();

  @ParentCommand Main main;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    LogCheck.Options options = options();
    List<Path> files = expand(logs);
    MemMap memmap = MemMap.installed();
    if (files.size() == 1 && !Files.isDirectory(logs.get(0))) {
      LogCheck.Result result = LogCheck.check(memmap, read(files.get(0)), options);
      for (Fact f : result.facts()) {
        out.println(f.line("--set "));
      }
      out.println(result.summary());
      return result.passed() ? 0 : 1;
    }
    int passed = 0;
    int failed = 0;
    int unusable = 0;
    long verified = 0;
    long mismatched = 0;
    for (Path file : files) {
      try {
        LogCheck.Result r = LogCheck.check(memmap, read(file), options);
        verified += r.verified();
        mismatched += r.mismatched();
        if (r.passed()) {
          passed++;
          out.println("PASS   " + file + ": " + r.summary());
        } else {
          failed++;
          out.println("FAIL   " + file + ": " + r.summary());
          r.facts().stream().filter(f -> f.status() == Fact.Status.MISMATCH)
              .forEach(f -> out.println("         " + f.line("--set ")));
        }
      } catch (RuntimeException e) {
        // One log must not stop a fleet: report it, whatever went wrong, and go on.
        unusable++;
        if (!(e instanceof MemmapException)) {
          out.println("ERROR  " + file + ": internal error: " + e + " (please report it)");
          continue;
        }
        String msg = Main.firstLine(e.getMessage());
        String prefix = file + ": ";
        out.println("ERROR  " + prefix + (msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg));
      }
    }
    out.println(files.size() + " logs: " + passed + " passed, " + failed + " failed, " + unusable
        + " unusable; " + verified + " figures verified, " + mismatched + " mismatched");
    return unusable > 0 ? 2 : failed > 0 ? 1 : 0;
  }

  /** The files: each argument, or the regular files under a directory argument, in name order. */
  private static List<Path> expand(List<Path> args) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : args) {
      if (p.toString().equals("-")) {
        out.add(p);
      } else if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          List<Path> inside = walk.filter(Files::isRegularFile).filter(CheckCommand::isLogName).sorted().toList();
          if (inside.isEmpty()) {
            throw new InputException(p + ": the directory holds no log file (*.log, *.txt, *.dmesg, dmesg*)");
          }
          out.addAll(inside);
        }
      } else if (!Files.exists(p)) {
        throw new InputException(p + ": no such file");
      } else {
        out.add(p);
      }
    }
    return out;
  }

  /** In a directory, the files named like logs: {@code *.log}, {@code *.txt}, {@code *.dmesg}, {@code dmesg*}. */
  static boolean isLogName(Path file) {
    String n = file.getFileName().toString();
    return !n.startsWith(".") && (n.endsWith(".log") || n.endsWith(".txt") || n.endsWith(".dmesg") || n.startsWith("dmesg"));
  }

  private static BootLog read(Path file) {
    if (file.toString().equals("-")) {
      return BootLog.parse(InputFiles.readLines(System.in, BootLog.MAX_BYTES, "<stdin>"), "<stdin>");
    }
    return BootLog.read(file);
  }

  private LogCheck.Options options() {
    MachineOptions machine = main.machine;
    List<RamRange> ram = List.copyOf(machine.ram);
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
    Map<String, Long> symbols = machine.systemMap == null ? Map.of() : SystemMap.read(machine.systemMap);
    return new LogCheck.Options(
        Optional.ofNullable(machine.arch),
        Optional.ofNullable(machine.kernel),
        ram,
        Optional.ofNullable(machine.cmdline).map(KernelCommandLine::new),
        Optional.ofNullable(machine.config).map(KernelConfig::read),
        sets,
        facts,
        symbols);
  }
}

package org.memmap.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.RamRange;
import org.memmap.core.MemMap;
import org.memmap.core.check.BootLog;
import org.memmap.core.check.LogCheck;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Goal F1, the in-process half: checking the repository's real-log corpus ({@code
 * testdata/corpus/*.tsv}) in one warm process, one log per op in corpus order, reading the log
 * (and its {@code .config}) from disk every time as a fleet check does. {@code benchmarks/run.sh
 * fleet} runs this next to a timed loop of {@code ./memmap check} over the same rows (one process
 * per log) and prints the ratio of the two rates.
 *
 * <p>Run from the repository root (or set {@code -Dmemmap.root}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FleetBench {
  /** A corpus row: the log and the options a user gives, as the check API takes them. */
  record Row(Path log, Optional<String> arch, Optional<KernelVersion> kernel, List<RamRange> ram,
      Optional<KernelCommandLine> commandLine, Optional<Path> config, KernelConfig configSets,
      Map<String, String> boardFacts) {}

  MemMap memmap;
  Row[] rows;
  int next;

  /** Reads the corpus rows and checks each once (every row must pass). */
  @Setup(Level.Trial)
  public void setUp() {
    memmap = MemMap.installed();
    Path testdata = Path.of(System.getProperty("memmap.root", ".")).resolve("testdata")
        .toAbsolutePath().normalize();
    rows = corpus(testdata).toArray(new Row[0]);
    if (rows.length == 0) {
      throw new IllegalStateException("no corpus rows under " + testdata.resolve("corpus"));
    }
    for (Row r : rows) {
      LogCheck.Result result = check(memmap, r);
      if (result.mismatched() != 0 || result.verified() == 0) {
        throw new IllegalStateException(r.log() + " does not pass: " + result.summary());
      }
    }
  }

  /** Every row of {@code testdata/corpus/*.tsv}, in file and line order. */
  static List<Row> corpus(Path testdata) {
    List<Row> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(testdata.resolve("corpus"))) {
      for (Path tsv : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
          if (!line.isBlank() && !line.startsWith("#")) {
            String[] cols = line.split("\t");
            out.add(row(testdata.resolve(cols[0].trim()),
                cols[1].trim().replace("${testdata}", testdata.toString()).split("\\s+")));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The {@code memmap check} options of a corpus row (the subset the corpus uses). */
  static Row row(Path log, String[] args) {
    String arch = null;
    KernelVersion kernel = null;
    List<RamRange> ram = new ArrayList<>();
    KernelCommandLine cmdline = null;
    Path config = null;
    KernelConfig sets = KernelConfig.EMPTY;
    Map<String, String> facts = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--arch" -> arch = value;
        case "--kernel" -> kernel = KernelVersion.parse(value);
        case "--ram" -> ram.add(RamRange.parse(value));
        case "--cmdline" -> cmdline = new KernelCommandLine(value);
        case "--config" -> config = Path.of(value);
        case "--set" -> {
          int eq = value.indexOf('=');
          if (value.startsWith("CONFIG_")) {
            sets = sets.with(value.substring(0, eq), value.substring(eq + 1));
          } else {
            facts.put(value.substring(0, eq), value.substring(eq + 1));
          }
        }
        default -> throw new IllegalArgumentException(log + ": option " + args[i]
            + " is not one FleetBench knows");
      }
    }
    return new Row(log, Optional.ofNullable(arch), Optional.ofNullable(kernel), ram,
        Optional.ofNullable(cmdline), Optional.ofNullable(config), sets, facts);
  }

  /** The one adapter to the library's check API: what {@code memmap check LOG OPTIONS} does. */
  static LogCheck.Result check(MemMap memmap, Row r) {
    LogCheck.Options options = new LogCheck.Options(r.arch(), r.kernel(), r.ram(),
        r.commandLine(), r.config().map(KernelConfig::read), r.configSets(), r.boardFacts());
    return LogCheck.check(memmap, BootLog.read(r.log()), options);
  }

  /** Checks the next log of the corpus. */
  @Benchmark
  public long checkLog() {
    Row r = rows[next];
    next = next + 1 == rows.length ? 0 : next + 1;
    return check(memmap, r).verified();
  }
}

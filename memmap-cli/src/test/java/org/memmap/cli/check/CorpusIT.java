package org.memmap.cli.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.memmap.cli.MainAccess;

/**
 * The check corpus ({@code testdata/corpus/*.tsv}): every listed real log passes {@code memmap
 * check} with zero mismatches, and every printed figure of the kinds below, altered in a copy of
 * the log, is caught. It is the slow real-world set (about 10,000 cases, ~3 min): it runs in
 * {@code mvn verify}'s integration-test phase (failsafe), not in {@code mvn test}.
 */
class CorpusIT {
  static Path testdata() {
    return org.memmap.cli.Machines.testdata();
  }

  /** One corpus row: a log, the options a user would give, and the figures it must verify. */
  record Row(String source, String log, List<String> options, int minVerified) {
    @Override
    public String toString() {
      return log;
    }
  }

  /**
   * The rows to run: all, or with {@code -Dmemmap.corpus=REGEX} those whose manifest name or log
   * path the expression finds ({@code custom-x86}, {@code custom612-}), to check new rows alone.
   */
  static Stream<Row> rows() {
    Pattern only = Pattern.compile(System.getProperty("memmap.corpus", ""));
    return allRows().filter(r -> only.matcher(r.source()).find() || only.matcher(r.log()).find());
  }

  static Stream<Row> allRows() {
    Path dir = testdata().resolve("corpus");
    List<Row> rows = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path tsv : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
        for (String line : Files.readAllLines(tsv, StandardCharsets.UTF_8)) {
          if (line.isBlank() || line.startsWith("#")) {
            continue;
          }
          String[] cols = line.split("\t");
          List<String> options = new ArrayList<>();
          for (String o : cols[1].trim().split("\\s+")) {
            options.add(o.replace("${testdata}", testdata().toString()));
          }
          int min = cols.length > 2 ? Integer.parseInt(cols[2].trim()) : 10;
          rows.add(new Row(tsv.getFileName().toString(), cols[0].trim(), options, min));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows.stream();
  }

  static MainAccess.Run check(Row row, Path log) {
    List<String> args = new ArrayList<>(List.of("check", log.toString()));
    args.addAll(row.options());
    return MainAccess.run(args.toArray(String[]::new));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void everyCorpusLogPasses(Row row) {
    Path log = testdata().resolve(row.log());
    assertTrue(Files.isRegularFile(log), row.source() + " lists a missing log: " + log);
    MainAccess.Run r = check(row, log);
    assertEquals(0, r.code(), row.log() + ":\n" + r.out() + r.err());
    String summary = r.out().lines().filter(l -> l.matches("\\d+ verified, .*")).reduce((a, b) -> b).orElse("");
    Matcher m = Pattern.compile("(\\d+) verified, 0 mismatched").matcher(summary);
    assertTrue(m.lookingAt(), row.log() + ": " + summary + "\n" + r.out());
    assertTrue(Integer.parseInt(m.group(1)) >= row.minVerified(),
        row.log() + ": at least " + row.minVerified() + " figures verified: " + summary);
  }

  /** Printed figures, one pattern per kind of line; group 1 is the number that is bumped. */
  static final List<String> FIGURES = List.of(
      "Total pages: (\\d+)",
      // The total of the generic and x86 Memory: lines; ARM's before 3.11 ("Memory: free/freek
      // available, Nk reserved") prints free pages twice, and its total on the line before.
      "Memory: \\d+[Kk]/(\\d+)[Kk] available \\(",
      "Memory: (?:\\d+MB )+= (\\d+)MB total",
      "(\\d+)[Kk] highmem",
      "vmalloc : 0x[0-9a-f]+ - 0x[0-9a-f]+\\s+\\(\\s*(\\d+) MB",
      "lowmem  : 0x[0-9a-f]+ - 0x([0-9a-f]+)",
      "HighTotal:\\s+(\\d+)",
      "VmallocTotal:\\s+(\\d+)",
      "HighMem\\s+\\[mem 0x([0-9a-f]+)",
      "(\\d+)MB LOWMEM available",
      "Normal zone: (\\d+) pages used for memmap",
      "On node 0 totalpages: (\\d+)",
      "zone: (\\d+) pages reserved",
      "zone: \\d+ pages, LIFO batch:(\\d+)",
      "Dentry cache hash table entries: (\\d+)",
      "TCP established hash table entries: \\d+ \\(order: (\\d+)",
      "UDP hash table entries: \\d+ \\(order: \\d+, (\\d+) bytes",
      // The lines around the memory map (InitFacts).
      "Initmem setup node 0 \\[mem 0x([0-9a-f]+)",
      "(?:PERCPU|percpu): Embedded (\\d+) pages/cpu",
      "pcpu-alloc: s\\d+ r\\d+ d(\\d+)",
      "SLUB: .*Order=\\d+-(\\d+)",
      "Freeing (?:unused kernel(?: image \\(initmem\\))?|init) memory: (\\d+)[Kk]",
      // MemTotal itself is predicted for 5.10 and 6.1 only (InitLinesCheckTest alters it there);
      // LowTotal follows from it in every HIGHMEM boot.
      "LowTotal:\\s+(\\d+)",
      "software IO TLB: mapped \\[mem .*\\] \\((\\d+)MB\\)");

  static Stream<Arguments> alterations() {
    return rows().flatMap(r -> FIGURES.stream().map(f -> Arguments.of(r, f)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("alterations")
  void anAlteredFigureIsCaught(Row row, String figure) throws IOException {
    Pattern p = Pattern.compile(figure);
    List<String> lines = Files.readAllLines(testdata().resolve(row.log()), StandardCharsets.ISO_8859_1);
    boolean altered = false;
    List<String> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      Matcher m = p.matcher(line);
      // Only the boot log proper (the oracle's dumps repeat some lines after "@@@@@ BEGIN").
      if (!altered && m.find() && m.group(1) != null) {
        String digits = m.group(1);
        boolean hex = figure.contains("0x(");
        String bumped = hex
            ? Long.toHexString(Long.parseUnsignedLong(digits, 16) + 0x1000)
            : Long.toString(Long.parseLong(digits) + 1);
        line = line.substring(0, m.start(1)) + bumped + line.substring(m.end(1));
        altered = true;
      }
      out.add(line);
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(altered, "this log does not print that figure");
    Path copy = Files.createTempFile("corpus", ".log");
    try {
      Files.write(copy, out, StandardCharsets.ISO_8859_1);
      MainAccess.Run r = check(row, copy);
      assertFalse(r.code() == 0, "altering '" + figure + "' in " + row.log() + " is caught:\n" + r.out() + r.err());
    } finally {
      Files.delete(copy);
    }
  }

  /**
   * The {@code Memory:} line's available and reserved figures, where the unaltered log verifies
   * them (reserved from memblock's dumped list, available from total - reserved - cma up to 6.1),
   * catch an altered figure; where they are skipped the reason names the missing input.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void anAlteredAvailableOrReservedIsCaughtWhereVerified(Row row) throws IOException {
    String before = check(row, testdata().resolve(row.log())).out();
    Map<String, String> figures = Map.of(
        "Memory: reserved (K)", "Memory: \\d+[Kk]/\\d+[Kk] available \\(.*?, (\\d+)K reserved",
        "Memory: available (K)", "Memory: (\\d+)[Kk]/\\d+[Kk] available \\(");
    for (Map.Entry<String, String> f : figures.entrySet()) {
      if (!before.contains("ok        " + f.getKey())) {
        continue;
      }
      Pattern p = Pattern.compile(f.getValue());
      List<String> lines = Files.readAllLines(testdata().resolve(row.log()), StandardCharsets.ISO_8859_1);
      List<String> out = new ArrayList<>(lines.size());
      boolean altered = false;
      for (String line : lines) {
        Matcher m = p.matcher(line);
        if (!altered && m.find()) {
          line = line.substring(0, m.start(1)) + (Long.parseLong(m.group(1)) + 4) + line.substring(m.end(1));
          altered = true;
        }
        out.add(line);
      }
      Path copy = Files.createTempFile("corpus", ".log");
      try {
        Files.write(copy, out, StandardCharsets.ISO_8859_1);
        MainAccess.Run r = check(row, copy);
        assertFalse(r.code() == 0, "altering '" + f.getKey() + "' in " + row.log() + " is caught:\n" + r.out());
      } finally {
        Files.delete(copy);
      }
    }
  }

  /** How many facts a run reported: verified + mismatched + skipped, from its summary line. */
  static int facts(MainAccess.Run r) {
    String summary = r.out().lines().filter(l -> l.matches("\\d+ verified, .*")).reduce((a, b) -> b).orElse("");
    Matcher m = Pattern.compile("(\\d+) verified, (\\d+) mismatched, (\\d+) skipped").matcher(summary);
    return m.matches() ? Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3)) : -1;
  }

  /**
   * Deleting a figure's line never makes its fact vanish: the run fails, or reports at least as
   * many facts as before (the deleted one skipped, "not in the log").
   */
  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("alterations")
  void aDeletedFigureLineIsAccountedFor(Row row, String figure) throws IOException {
    Pattern p = Pattern.compile(figure);
    List<String> lines = Files.readAllLines(testdata().resolve(row.log()), StandardCharsets.ISO_8859_1);
    List<String> out = new ArrayList<>(lines.size());
    boolean deleted = false;
    for (String line : lines) {
      if (!deleted && p.matcher(line).find()) {
        deleted = true;
        continue;
      }
      out.add(line);
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(deleted, "this log does not print that figure");
    int before = facts(check(row, testdata().resolve(row.log())));
    Path copy = Files.createTempFile("corpus", ".log");
    try {
      Files.write(copy, out, StandardCharsets.ISO_8859_1);
      MainAccess.Run r = check(row, copy);
      assertTrue(r.code() != 0 || facts(r) >= before,
          "deleting '" + figure + "' from " + row.log() + " loses a fact (" + before + " before):\n" + r.out() + r.err());
    } finally {
      Files.delete(copy);
    }
  }
}

package org.memmap.core.proc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.memmap.api.InputException;

/**
 * The loop every {@code /proc} reader shares: blank lines and {@code #} comments are ignored, a
 * line that does not parse is skipped and reported with the source and line number, and the rest
 * of the file still parses.
 *
 * @param <T> what one line parses to
 * @param entries the lines that parsed, in order
 * @param errors one message per skipped line
 */
record ProcLines<T>(List<T> entries, List<String> errors) {
  static <T> ProcLines<T> parse(
      List<String> lines, String source, Function<String, Optional<T>> parseLine, String expected) {
    List<T> out = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    int n = 0;
    for (String raw : lines) {
      n++;
      String l = raw.strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      Optional<T> e = parseLine.apply(l);
      if (e.isPresent()) {
        out.add(e.get());
      } else {
        errors.add(source + ":" + n + ": '" + l + "': expected " + expected);
      }
    }
    return new ProcLines<>(List.copyOf(out), List.copyOf(errors));
  }

  /**
   * Reads a file's lines.
   *
   * @throws InputException naming the file and what it should have been
   */
  static List<String> read(Path file, String what) {
    return org.memmap.api.InputFiles.readLines(file, org.memmap.api.InputFiles.DEFAULT_MAX_BYTES, what);
  }
}

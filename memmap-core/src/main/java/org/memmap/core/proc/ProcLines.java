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
 * of the file still parses. A file in which no line parses is refused: it is another file.
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
    int firstLine = 0;
    String firstText = "";
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
        if (errors.isEmpty()) {
          firstLine = n;
          firstText = l;
        }
        errors.add(source + ":" + n + ": '" + org.memmap.api.spi.LogLines.printable(l) + "': expected " + expected);
      }
    }
    if (out.isEmpty() && !errors.isEmpty()) {
      // A file of another kind (a page-table dump passed as vmallocinfo): nothing in it is usable,
      // so the answer would silently lack the information the user asked for.
      throw new InputException(source + ": no line has the expected format (" + expected + "); line "
          + firstLine + ": '" + org.memmap.api.spi.LogLines.printable(firstText) + "'");
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

package org.memmap.core.check;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.memmap.api.InputException;
import org.memmap.api.InputFiles;
import org.memmap.api.Printable;

/** Reads a {@code System.map} ({@code ADDRESS TYPE NAME} per line) into symbol addresses. */
public final class SystemMap {
  private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{8,16})\\s+(\\S)\\s+(\\S+).*");

  private SystemMap() {}

  /**
   * Parses the lines of a System.map.
   *
   * @throws InputException naming the source and line when a line is malformed, or when no line is
   *     a symbol
   */
  public static Map<String, Long> parse(List<String> lines, String source) {
    Map<String, Long> out = new TreeMap<>();
    int n = 0;
    for (String raw : lines) {
      n++;
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new InputException(source + " line " + n + ": expected 'ADDRESS TYPE SYMBOL', got '"
            + Printable.escape(line.length() > 60 ? line.substring(0, 57) + "..." : line) + "'");
      }
      if (m.group(1).length() > 16) {
        throw new InputException(source + " line " + n + ": address " + m.group(1) + " is too long");
      }
      long addr = Long.parseUnsignedLong(m.group(1), 16);
      if (addr >= 1L << 32 || addr < 0) {
        throw new InputException(source + " line " + n + ": " + m.group(1)
            + " is a 64-bit address; memmap models 32-bit kernels");
      }
      out.putIfAbsent(m.group(3), addr);
    }
    if (out.isEmpty()) {
      throw new InputException(source + ": no symbols found (is it a System.map?)");
    }
    return out;
  }

  /**
   * Reads a System.map file.
   *
   * @throws InputException if it cannot be read or parsed
   */
  public static Map<String, Long> read(Path file) {
    try {
      return parse(InputFiles.readLines(file, InputFiles.DEFAULT_MAX_BYTES, "System.map"),
          "System.map " + Printable.escape(file.toString()));
    } catch (InputException e) {
      throw InputException.about(InputException.Input.SYMBOLS, e);
    }
  }
}

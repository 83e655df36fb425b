package org.memmap.core.check;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.memmap.api.InputException;

/**
 * A boot log as {@code check} reads it: dmesg output, a serial console capture or syslog, with
 * {@code /proc} files possibly appended. Each line is reduced to the kernel's message text:
 * timestamps ({@code [    0.000000] }), syslog prefixes ({@code Jan  1 00:00:00 host kernel: }),
 * log levels ({@code <6>}), terminal escapes and carriage returns are removed, and leading white
 * space is dropped (continuation lines of the banner are indented by tabs or spaces).
 *
 * <p>Only the first boot is kept when the log holds several ({@code dmesg} printed after a console
 * capture repeats every line): lines from a second {@code Linux version} line on are dropped,
 * except {@code /proc} files, which are kept wherever they are.
 *
 * @param source names the log in messages
 * @param lines the message texts of the first boot, then any /proc lines
 */
public record BootLog(String source, List<String> lines) {
  private static final Pattern TIMESTAMP = Pattern.compile("\\[\\s*\\d+\\.\\d+\\]\\s?");
  private static final Pattern SYSLOG =
      Pattern.compile("^[A-Z][a-z]{2}\\s+\\d+\\s+\\d\\d:\\d\\d:\\d\\d\\s+\\S+\\s+kernel:\\s?");
  private static final Pattern ESCAPE = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]|\u001B[()][A-Z0-9]");
  private static final Pattern LEVEL = Pattern.compile("^<\\d>");

  /** Copies the lines. */
  public BootLog {
    lines = List.copyOf(lines);
  }

  /**
   * Reads a log file.
   *
   * @throws InputException if it cannot be read or is empty
   */
  public static BootLog read(Path file) {
    return parse(org.memmap.api.InputFiles.readLinesLenient(file,
        org.memmap.api.InputFiles.DEFAULT_MAX_BYTES, "log"), file.toString());
  }

  /**
   * Normalizes the raw lines of a log.
   *
   * @throws InputException if the log holds no text
   */
  public static BootLog parse(List<String> raw, String source) {
    List<String> out = new ArrayList<>();
    boolean seenVersion = false;
    boolean secondBoot = false;
    for (String r : raw) {
      String line = normalize(r);
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("Linux version ")) {
        if (seenVersion) {
          secondBoot = true;
        }
        seenVersion = true;
      }
      if (!secondBoot || isProcLine(line)) {
        out.add(line);
      }
    }
    if (out.isEmpty()) {
      throw new InputException(source + ": the log is empty");
    }
    return new BootLog(source, out);
  }

  private static boolean isProcLine(String line) {
    return line.matches("(MemTotal|HighTotal|LowTotal|VmallocTotal|MemFree|HighFree|LowFree):\\s+\\d+ kB")
        || line.matches("0x[0-9a-f]{8}-0x[0-9a-f]{8}\\s+\\d+.*")
        || line.matches("Node \\d+, zone\\s+\\w+")
        || line.matches("(spanned|present|managed)\\s+\\d+");
  }

  static String normalize(String raw) {
    String s = ESCAPE.matcher(raw).replaceAll("").replace("\r", "");
    var m = TIMESTAMP.matcher(s);
    if (m.find()) {
      s = s.substring(m.end());
    } else {
      s = SYSLOG.matcher(s).replaceFirst("");
    }
    s = LEVEL.matcher(s).replaceFirst("");
    return s.strip();
  }

  /** The first line starting with {@code prefix}, if any. */
  public java.util.Optional<String> first(String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).findFirst();
  }
}

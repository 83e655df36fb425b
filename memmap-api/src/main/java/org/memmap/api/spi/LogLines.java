package org.memmap.api.spi;

import java.util.List;
import java.util.Locale;
import org.memmap.api.InputException;

/**
 * A boot log as a plugin reads it: the kernel's messages (timestamps, syslog prefixes and log
 * levels removed), each with its line number in the file, so that an unusable input line is
 * reported where the user can find it ({@code dmesg.txt: log line 214: ...}).
 *
 * <p>Every number a log prints is read as the kernel printed it: an unsigned 64-bit value ({@code
 * e820: remove [mem 0x2bc00000-0xfffffffffffffffe] usable} is a valid line). {@link #hex} and
 * {@link #decimal} never throw anything but {@link InputException}.
 *
 * @param source names the log in messages (a file name)
 * @param lines the messages, in log order
 * @param numbers for each message, its 1-based line number in the file
 */
public record LogLines(String source, List<String> lines, List<Integer> numbers) {
  /** Copies the lists and checks they have the same length. */
  public LogLines {
    lines = List.copyOf(lines);
    numbers = List.copyOf(numbers);
    if (lines.size() != numbers.size()) {
      throw new IllegalArgumentException(
          "log lines (" + lines.size() + ") and line numbers (" + numbers.size() + ") differ in length");
    }
  }

  /** How many messages the log holds. */
  public int size() {
    return lines.size();
  }

  /** The message at {@code index}. */
  public String line(int index) {
    return lines.get(index);
  }

  /**
   * An error about the message at {@code index}: {@code SOURCE: log line N: WHAT}.
   *
   * @param what what is wrong, e.g. {@code the e820 end 0x... does not fit in 64 bits}
   */
  public InputException error(int index, String what) {
    return new InputException(source + ": log line " + numbers.get(index) + ": " + what);
  }

  /**
   * Reads hexadecimal digits (an optional {@code 0x} prefix) of the message at {@code index} as an
   * unsigned 64-bit number, as the kernel's {@code %llx} and {@code %pa} print them.
   *
   * @param what names the number in the error, e.g. {@code e820 end}
   * @throws InputException naming the log line if the text is not such a number
   */
  public long hex(int index, String digits, String what) {
    String d = digits.startsWith("0x") || digits.startsWith("0X") ? digits.substring(2) : digits;
    if (d.isEmpty() || !d.matches("[0-9a-fA-F]+")) {
      throw error(index, what + " '" + printable(digits) + "' is not a hexadecimal number");
    }
    String significant = d.replaceFirst("^0+(?=.)", "");
    if (significant.length() > 16) {
      throw error(index, what + " '" + printable(digits) + "' does not fit in 64 bits");
    }
    return Long.parseUnsignedLong(significant, 16);
  }

  /**
   * Reads decimal digits of the message at {@code index} as a number of at most 63 bits.
   *
   * @param what names the number in the error, e.g. {@code CMA size (MiB)}
   * @throws InputException naming the log line if the text is not such a number
   */
  public long decimal(int index, String digits, String what) {
    if (digits.isEmpty() || !digits.matches("[0-9]+")) {
      throw error(index, what + " '" + printable(digits) + "' is not a decimal number");
    }
    String significant = digits.replaceFirst("^0+(?=.)", "");
    if (significant.length() > 19 || (significant.length() == 19 && significant.compareTo("9223372036854775807") > 0)) {
      throw error(index, what + " '" + printable(digits) + "' is too large");
    }
    return Long.parseLong(significant);
  }

  /** {@code text} with control characters escaped and cut to 40 characters, for messages. */
  public static String printable(String text) {
    StringBuilder sb = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (sb.length() >= 40) {
        return sb.append("...").toString();
      }
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}

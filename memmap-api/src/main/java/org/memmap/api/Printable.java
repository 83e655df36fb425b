package org.memmap.api;

/**
 * The one sanitizer for text that came from an input (a log line, a {@code .config} value, a
 * script, a caller name) before it is printed: control characters cannot reach a terminal or
 * split a line. Every printer of input-derived text uses it.
 *
 * <p>Escaped: the C0 controls ({@code \n}, {@code \r}, {@code \t} as themselves, the rest and
 * ESC as {@code \xNN}), DEL, the C1 controls, and Unicode format characters such as the bidi
 * overrides ({@code \}{@code u202e}). Everything else, backslashes included, is kept, so text
 * without control characters prints byte for byte.
 */
public final class Printable {
  private Printable() {}

  /** {@code text} with every control character escaped; {@code null} becomes {@code "null"}. */
  public static String escape(String text) {
    if (text == null) {
      return "null";
    }
    if (clean(text)) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isControl(c)) {
        sb.append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c < 0x100) {
        sb.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
      } else {
        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
      }
    }
    return sb.toString();
  }

  /** Whether {@code text} holds no character {@link #escape} would change. */
  public static boolean clean(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isControl(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isControl(char c) {
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      return true;
    }
    return c >= 0x100 && (Character.getType(c) == Character.FORMAT
        || c == '\u2028' || c == '\u2029');
  }
}

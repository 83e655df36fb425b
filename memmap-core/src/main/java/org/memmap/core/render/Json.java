package org.memmap.core.render;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small JSON writer for maps, lists, strings, numbers, booleans and null: objects one member a
 * line indented by two spaces per level ({@code "name" : value}), arrays inline ({@code [ 1, 2 ]},
 * {@code [ ]}), no trailing newline.
 */
final class Json {
  private Json() {}

  static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value, 0);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object value, int level) {
    if (value == null) {
      sb.append("null");
    } else if (value instanceof String s) {
      string(sb, s);
    } else if (value instanceof Number || value instanceof Boolean) {
      sb.append(value);
    } else if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        sb.append("{ }");
        return;
      }
      sb.append('{');
      String sep = "\n";
      for (Map.Entry<?, ?> e : map.entrySet()) {
        sb.append(sep).append("  ".repeat(level + 1));
        string(sb, String.valueOf(e.getKey()));
        sb.append(" : ");
        write(sb, e.getValue(), level + 1);
        sep = ",\n";
      }
      sb.append('\n').append("  ".repeat(level)).append('}');
    } else if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        sb.append("[ ]");
        return;
      }
      sb.append("[ ");
      String sep = "";
      for (Object o : list) {
        sb.append(sep);
        write(sb, o, level);
        sep = ", ";
      }
      sb.append(" ]");
    } else {
      throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}

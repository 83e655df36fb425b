package org.memmap.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A kernel {@code .config}: option names (with their {@code CONFIG_} prefix) to values. An option
 * written {@code # CONFIG_X is not set} has the value {@code n}; one not mentioned has none.
 *
 * @param options option name to value; values are as written ({@code y}, {@code m}, {@code 32},
 *     {@code 0xC0000000}, a quoted string)
 */
public record KernelConfig(Map<String, String> options) {
  /** An empty configuration: every option takes the plugin's default. */
  public static final KernelConfig EMPTY = new KernelConfig(Map.of());

  /** Copies the map and checks the names. */
  public KernelConfig {
    if (!(options instanceof Options)) { // Options: already a normalized private copy
      TreeMap<String, String> copy = new TreeMap<>();
      for (Map.Entry<String, String> e : options.entrySet()) {
        copy.put(normalize(e.getKey()), e.getValue());
      }
      options = new Options(copy);
    }
  }

  /**
   * The options of one configuration: an unmodifiable view of a sorted map with normalized names
   * that nothing else references, so that {@link #with} and {@link #withAll} copy once.
   */
  private static final class Options extends java.util.AbstractMap<String, String> {
    private final TreeMap<String, String> map;
    private final Map<String, String> view;

    Options(TreeMap<String, String> map) {
      this.map = map;
      this.view = java.util.Collections.unmodifiableMap(map);
    }

    @Override
    public java.util.Set<Map.Entry<String, String>> entrySet() {
      return view.entrySet();
    }

    @Override
    public String get(Object key) {
      return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }
  }

  /**
   * Parses the lines of a {@code .config} file.
   *
   * @param source names the file in error messages
   * @throws InputException naming the file and line if a line is neither an assignment, a
   *     comment nor blank
   */
  public static KernelConfig parse(List<String> lines, String source) {
    TreeMap<String, String> map = new TreeMap<>();
    int n = 0;
    for (String raw : lines) {
      n++;
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        if (line.startsWith("# CONFIG_") && line.endsWith(" is not set")) {
          map.put(line.substring(2, line.length() - " is not set".length()).strip(), "n");
        }
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0 || !line.startsWith("CONFIG_")) {
        throw new InputException(
            source + " line " + n + ": expected CONFIG_NAME=value, got '" + abbreviate(line) + "'");
      }
      map.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return new KernelConfig(new Options(map)); // every name starts with CONFIG_: no second copy
  }

  /**
   * Reads a {@code .config} file.
   *
   * @throws InputException if it cannot be read or parsed
   */
  public static KernelConfig read(Path file) {
    try {
      return parse(Files.readAllLines(file, StandardCharsets.ISO_8859_1), file.toString());
    } catch (IOException e) {
      throw new InputException("--config " + file + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /** The value of {@code name} ({@code CONFIG_} prefix optional). */
  public Optional<String> value(String name) {
    return Optional.ofNullable(options.get(normalize(name)));
  }

  /** Whether the option is set to {@code y} or {@code m}. */
  public boolean isEnabled(String name) {
    String v = options.get(normalize(name));
    return "y".equals(v) || "m".equals(v);
  }

  /** Whether the option is mentioned at all (set, or explicitly not set). */
  public boolean mentions(String name) {
    return options.containsKey(normalize(name));
  }

  /**
   * The numeric value of an option (decimal or {@code 0x} hex), or {@code defaultValue} when
   * absent.
   *
   * @throws InputException if the value is not a number
   */
  public long longValue(String name, long defaultValue) {
    String v = options.get(normalize(name));
    if (v == null || v.equals("n")) {
      return defaultValue;
    }
    return Addresses.parseAddress(v, normalize(name) + "=");
  }

  /** A copy with {@code name} set to {@code value}. */
  public KernelConfig with(String name, String value) {
    TreeMap<String, String> copy = new TreeMap<>(((Options) options).map);
    copy.put(normalize(name), value);
    return new KernelConfig(new Options(copy));
  }

  /** A copy where every option of {@code overrides} replaces this one's. */
  public KernelConfig withAll(KernelConfig overrides) {
    if (overrides.options.isEmpty()) {
      return this;
    }
    TreeMap<String, String> mine = ((Options) options).map;
    TreeMap<String, String> theirs = ((Options) overrides.options).map;
    TreeMap<String, String> copy;
    if (theirs.size() > mine.size()) { // a whole .config over a plugin's defaults
      copy = new TreeMap<>(theirs);
      for (Map.Entry<String, String> e : mine.entrySet()) {
        copy.putIfAbsent(e.getKey(), e.getValue());
      }
    } else {
      copy = new TreeMap<>(mine);
      copy.putAll(theirs);
    }
    return new KernelConfig(new Options(copy));
  }

  private static String normalize(String name) {
    return name.startsWith("CONFIG_") ? name : "CONFIG_" + name;
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  @Override
  public String toString() {
    return "KernelConfig[" + options.size() + " options]";
  }
}

package org.memmap.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.memmap.api.InputException.Input;

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

  /** The largest {@code .config} file {@link #read} accepts: 16 MiB (real ones are < 300 KiB). */
  public static final long MAX_FILE_BYTES = 16L << 20;

  private static final java.util.regex.Pattern NAME =
      java.util.regex.Pattern.compile("CONFIG_[A-Za-z0-9_]+");

  /**
   * Copies the map and checks the names: {@code CONFIG_} and letters, digits or {@code _};
   * values may not hold control characters.
   *
   * @throws InputException ({@link Input#CONFIG}) naming the option otherwise
   */
  public KernelConfig {
    if (!(options instanceof Options)) { // Options: a checked, normalized private copy already
      TreeMap<String, String> copy = new TreeMap<>();
      for (Map.Entry<String, String> e : options.entrySet()) {
        String name = normalize(e.getKey());
        checkOption(name, e.getValue());
        copy.put(name, e.getValue());
      }
      options = new Options(copy);
    }
  }

  /**
   * Checks one option: the name {@code CONFIG_} and letters, digits or {@code _}, the value free
   * of control characters.
   *
   * @throws InputException ({@link Input#CONFIG}) naming the option otherwise
   */
  private static void checkOption(String name, String value) {
    if (!NAME.matcher(name).matches()) {
      throw new InputException(Input.CONFIG, "config option '" + Printable.escape(name)
          + "': expected CONFIG_ and letters, digits or '_'");
    }
    if (value == null || !Printable.clean(value)) {
      throw new InputException(Input.CONFIG, name + " '" + Printable.escape(value)
          + "': the value holds control characters");
    }
  }

  /**
   * The options of one configuration: an unmodifiable view of a sorted map with normalized,
   * checked names that nothing else references, so that {@link #with} and {@link #withAll} copy
   * once.
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
          String name = line.substring(2, line.length() - " is not set".length()).strip();
          checkOption(name, "n");
          map.put(name, "n");
        }
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0 || !line.startsWith("CONFIG_")
          || !NAME.matcher(line.substring(0, eq)).matches() || !Printable.clean(line)) {
        throw new InputException(Input.CONFIG,
            source + " line " + n + ": expected CONFIG_NAME=value, got '" + abbreviate(line) + "'");
      }
      map.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return new KernelConfig(new Options(map)); // every name checked above: no second copy
  }

  /**
   * Reads a {@code .config} file of at most {@link #MAX_FILE_BYTES} (refused before it is read
   * further), as UTF-8.
   *
   * @throws InputException ({@link Input#CONFIG}) if it cannot be read, is too large, is not
   *     text, or a line does not parse
   */
  public static KernelConfig read(Path file) {
    try {
      return parse(InputFiles.readLines(file, MAX_FILE_BYTES, ""), file.toString());
    } catch (InputException e) {
      throw InputException.about(Input.CONFIG, e);
    }
  }

  /** The value of {@code name} ({@code CONFIG_} prefix optional). */
  public Optional<String> value(String name) {
    return Optional.ofNullable(options.get(normalize(name)));
  }

  /**
   * Whether the bool or tristate option is set to {@code y} or {@code m}. Its value must be
   * {@code y}, {@code m} or {@code n} ({@code is not set}), or it must be absent.
   *
   * @throws InputException ({@link Input#CONFIG}) naming the option if the value is another
   */
  public boolean isEnabled(String name) {
    String v = options.get(normalize(name));
    if (v == null || v.equals("n")) {
      return false;
    }
    if (v.equals("y") || v.equals("m")) {
      return true;
    }
    throw new InputException(Input.CONFIG, normalize(name) + "=" + abbreviate(v)
        + ": a bool or tristate option takes y, m or n ('# " + normalize(name) + " is not set')");
  }

  /**
   * Whether the option is set to {@code y} or {@code m}, without checking that it holds a bool
   * value (for options read only as evidence, such as the architecture's own option).
   */
  public boolean isEnabledLenient(String name) {
    String v = options.get(normalize(name));
    return "y".equals(v) || "m".equals(v);
  }

  /** Whether the option is mentioned at all (set, or explicitly not set). */
  public boolean mentions(String name) {
    return options.containsKey(normalize(name));
  }

  /**
   * The numeric value of an int or hex option (decimal or {@code 0x} hex, as {@link
   * Addresses#parseNumber} reads it), or {@code defaultValue} when absent.
   *
   * @throws InputException ({@link Input#CONFIG}) if the value is not such a number
   */
  public long longValue(String name, long defaultValue) {
    String v = options.get(normalize(name));
    if (v == null || v.equals("n")) {
      return defaultValue;
    }
    String t = v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    try {
      return Addresses.parseNumber(t, normalize(name));
    } catch (InputException e) {
      throw InputException.about(Input.CONFIG, e);
    }
  }

  /**
   * {@link #longValue(String, long)} checked to lie in {@code [min, max]}, the option's Kconfig
   * {@code range}.
   *
   * @throws InputException ({@link Input#CONFIG}) naming the option, the value and the range
   */
  public long longValue(String name, long defaultValue, long min, long max) {
    long v = longValue(name, defaultValue);
    try {
      return Addresses.checkRange(v, normalize(name), min, max);
    } catch (InputException e) {
      throw InputException.about(Input.CONFIG, e);
    }
  }

  /**
   * The one option of a Kconfig {@code choice} group set to {@code y}, if any.
   *
   * @throws InputException ({@link Input#CONFIG}) naming two members if both are set
   */
  public Optional<String> choice(java.util.Collection<String> group) {
    String found = null;
    for (String member : new java.util.TreeSet<>(group)) {
      if (isEnabled(member)) {
        if (found != null) {
          throw new InputException(Input.CONFIG, normalize(found) + " and " + normalize(member)
              + " are both set, but a Kconfig choice takes one of " + String.join(", ",
                  group.stream().map(KernelConfig::normalize).sorted().toList()));
        }
        found = member;
      }
    }
    return Optional.ofNullable(found).map(KernelConfig::normalize);
  }

  /** A copy with {@code name} set to {@code value}. */
  public KernelConfig with(String name, String value) {
    String normalized = normalize(name);
    checkOption(normalized, value);
    TreeMap<String, String> copy = new TreeMap<>(((Options) options).map);
    copy.put(normalized, value);
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
    String e = Printable.escape(s);
    return e.length() > 60 ? e.substring(0, 57) + "..." : e;
  }

  @Override
  public String toString() {
    return "KernelConfig[" + options.size() + " options]";
  }
}

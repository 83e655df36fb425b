package org.memmap.core.check;

/**
 * One figure a boot log prints, checked: what the log says and what memmap computed from the
 * log's inputs.
 *
 * @param name what the figure is, e.g. {@code zonelist and Total pages} or {@code banner vmalloc}
 * @param status verified, mismatched or skipped
 * @param memmap what memmap computed (empty when skipped)
 * @param log what the log printed, or why the fact was skipped
 * @param hint for a mismatch, what explains it, if memmap found one input that does: {@code the
 *     kernel was built with a 36-byte struct page (CONFIG_MEMCG=y?)}; else empty
 * @param setting the input to try with the hint, {@code CONFIG_MEMCG=y}; empty without a hint
 * @param input the part of the line {@code check} read as an input, and as what ({@code its start
 *     is an input: read as CONFIG_PAGE_OFFSET=0xc0000000 ...}): that part is not verified, the
 *     rest is; else empty
 */
public record Fact(String name, Status status, String memmap, String log, String hint, String setting, String input) {
  /** The outcome of one comparison. */
  public enum Status {
    /** The log prints what memmap computed. */
    OK,
    /** The log prints something else. */
    MISMATCH,
    /** Not checked; {@link Fact#log()} says why. */
    SKIPPED
  }

  /** Replaces a null hint, setting or input by an empty one. */
  public Fact {
    hint = hint == null ? "" : hint;
    setting = setting == null ? "" : setting;
    input = input == null ? "" : input;
  }

  /** A fact no part of whose line is an input. */
  public Fact(String name, Status status, String memmap, String log, String hint, String setting) {
    this(name, status, memmap, log, hint, setting, "");
  }

  static Fact compare(String name, String memmap, String log) {
    return new Fact(name, memmap.equals(log) ? Status.OK : Status.MISMATCH, memmap, log, "", "");
  }

  static Fact skipped(String name, String why) {
    return new Fact(name, Status.SKIPPED, "", why, "", "");
  }

  /** This fact, noting the part of its line read as an input ({@link #input()}). */
  Fact withInput(String what) {
    return new Fact(name, status, memmap, log, hint, setting, what);
  }

  /** This fact, skipped for {@code why}. */
  Fact skip(String why) {
    return skipped(name, why);
  }

  /** This fact with a hint and the setting to try. */
  Fact withHint(String newHint, String newSetting) {
    return new Fact(name, status, memmap, log, newHint, newSetting, input);
  }

  /**
   * The report line: {@code ok        NAME: LOG}, {@code MISMATCH  NAME: log: LOG, memmap: MEMMAP}
   * (then {@code ; HINT; try SETTING}), or {@code skipped   NAME: WHY}; a verified or mismatched
   * line with a part read as an input ends in {@code  [INPUT]}.
   */
  public String line() {
    return line("");
  }

  /**
   * The report line, with {@code settingPrefix} before the setting a hint suggests (the command
   * line says {@code --set }).
   */
  public String line(String settingPrefix) {
    String note = input.isEmpty() ? "" : " [" + input + "]";
    return switch (status) {
      case OK -> "ok        " + name + ": " + escaped(log) + note;
      case MISMATCH -> "MISMATCH  " + name + ": log: " + escaped(log) + ", memmap: " + memmap
          + (hint.isEmpty() ? "" : "; " + hint + (setting.isEmpty() ? "" : "; try " + settingPrefix + setting)) + note;
      case SKIPPED -> "skipped   " + name + ": " + escaped(log);
    };
  }

  /** Log text with control characters as {@code \xNN}: a log's bytes never drive the terminal. */
  private static String escaped(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
        sb.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}

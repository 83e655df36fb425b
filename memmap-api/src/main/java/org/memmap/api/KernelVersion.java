package org.memmap.api;

import java.util.Locale;
import org.memmap.api.InputException.Input;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel release, e.g. {@code 3.18}, {@code 4.14.14} or {@code 6.1.176}: the layout rules that
 * changed between releases follow it. Suffixes such as {@code -rc2} or {@code -50-armmp} are
 * kept for display but do not take part in comparisons.
 *
 * @param major the first number (2 .. 6)
 * @param minor the second number
 * @param patch the third number, 0 when absent
 * @param suffix what followed the numbers, or the empty string
 */
public record KernelVersion(int major, int minor, int patch, String suffix)
    implements Comparable<KernelVersion> {
  private static final Pattern VERSION = Pattern.compile("([0-9]+)\\.([0-9]+)(?:\\.([0-9]+))?([!-~]*)");

  /** The oldest release memmap models. */
  public static final KernelVersion OLDEST = new KernelVersion(2, 6, 22, "");
  /** The newest release memmap models. */
  public static final KernelVersion NEWEST = new KernelVersion(7, 3, 999, "");

  /** Validates the parts. */
  public KernelVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new InputException(Input.KERNEL, String.format(Locale.ROOT,
          "kernel release %d.%d.%d: parts must not be negative", major, minor, patch));
    }
    suffix = suffix == null ? "" : suffix;
  }

  /** A release without suffix. */
  public static KernelVersion of(int major, int minor, int patch) {
    return new KernelVersion(major, minor, patch, "");
  }

  /** A release {@code major.minor}. */
  public static KernelVersion of(int major, int minor) {
    return new KernelVersion(major, minor, 0, "");
  }

  /**
   * Parses {@code 3.18}, {@code 6.1.176}, {@code 5.1.0-rc2}, {@code 2.6.22-15-generic}. For a
   * 2.6 kernel the third number is the release ({@code 2.6.22}).
   *
   * <p>Any well-formed release parses; whether a plugin models it is checked when the machine is
   * laid out ({@code kernel release 9.9 is outside 2.6.22..7.3 for arm}).
   *
   * @throws InputException ({@link Input#KERNEL}) if the text is not a release
   */
  public static KernelVersion parse(String text) {
    String t = text == null ? "" : text.strip();
    Matcher m = VERSION.matcher(t);
    if (!m.matches() || t.length() > 64) {
      throw new InputException(Input.KERNEL,
          "kernel release '" + Printable.escape(t.length() > 64 ? t.substring(0, 61) + "..." : t)
              + "': expected a release such as 3.18, 4.14.14 or 6.1.176");
    }
    KernelVersion v;
    try {
      v =
          new KernelVersion(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
              m.group(4));
    } catch (NumberFormatException e) {
      throw new InputException(Input.KERNEL,
          "kernel release '" + t + "': a number is too large (at most " + Integer.MAX_VALUE + ")", e);
    }
    return v;
  }

  /** Whether this release is {@code major.minor} or later. */
  public boolean atLeast(int major, int minor) {
    return compareTo(of(major, minor)) >= 0;
  }

  /** Whether this release is {@code major.minor.patch} or later. */
  public boolean atLeast(int major, int minor, int patch) {
    return compareTo(of(major, minor, patch)) >= 0;
  }

  @Override
  public int compareTo(KernelVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    String base =
        patch == 0 && !(major == 2)
            ? String.format(Locale.ROOT, "%d.%d", major, minor)
            : String.format(Locale.ROOT, "%d.%d.%d", major, minor, patch);
    return base + suffix;
  }
}

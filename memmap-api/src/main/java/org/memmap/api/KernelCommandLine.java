package org.memmap.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.memmap.api.InputException.Input;

/**
 * The kernel command line, e.g. {@code console=ttyS0 vmalloc=256M mem=768M}. Parameters are split
 * on white space; a value may be quoted. As with the kernel's early parameters, when a parameter
 * is given twice the last one wins.
 *
 * @param text the command line as given
 */
public record KernelCommandLine(String text) {
  /** The empty command line. */
  public static final KernelCommandLine EMPTY = new KernelCommandLine("");

  /** Normalizes {@code null} to the empty line. */
  public KernelCommandLine {
    text = text == null ? "" : text.strip();
  }

  /** Every {@code name=value} or bare {@code name} word, in order. */
  public List<String> words() {
    List<String> out = new ArrayList<>();
    if (text.indexOf('"') < 0) { // no quotes: words are the runs of non-blank characters
      int n = text.length();
      int i = 0;
      while (i < n) {
        while (i < n && Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        int start = i;
        while (i < n && !Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        if (i > start) {
          out.add(text.substring(start, i));
        }
      }
      return out;
    }
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (char c : text.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (cur.length() > 0) {
          out.add(cur.toString());
          cur.setLength(0);
        }
      } else {
        cur.append(c);
      }
    }
    if (cur.length() > 0) {
      out.add(cur.toString());
    }
    return out;
  }

  /** The value of the last {@code name=value} word, if any. */
  public Optional<String> param(String name) {
    String found = null;
    String prefix = name + "=";
    for (String w : words()) {
      if (w.startsWith(prefix)) {
        found = w.substring(prefix.length());
      }
    }
    return Optional.ofNullable(found);
  }

  /** Every value given for {@code name}, in order ({@code memmap=} may be repeated). */
  public List<String> params(String name) {
    List<String> out = new ArrayList<>();
    String prefix = name + "=";
    for (String w : words()) {
      if (w.startsWith(prefix)) {
        out.add(w.substring(prefix.length()));
      }
    }
    return out;
  }

  /**
   * Every {@code name=SIZE[@START]} range, in the order given, as ARM's and MIPS's {@code mem=}
   * take them (see {@link RamRange#parseSizeAt}).
   *
   * @throws InputException naming the parameter if a value is malformed or two ranges overlap
   */
  public List<RamRange> sizeAtRanges(String name, long defaultStart) {
    List<RamRange> out = new ArrayList<>();
    for (String spec : params(name)) {
      RamRange r;
      try {
        r = RamRange.parseSizeAt(spec, name + "=", defaultStart);
      } catch (InputException e) {
        throw new InputException(Input.COMMAND_LINE, e.getMessage(), e);
      }
      for (RamRange other : out) {
        if (other.overlaps(r)) {
          throw new InputException(Input.COMMAND_LINE, name + "=" + Printable.escape(spec)
              + ": overlaps another " + name + "= range " + other);
        }
      }
      out.add(r);
    }
    return out;
  }

  /**
   * The size given by {@code name=SIZE}, parsed like the kernel's {@code memparse()}.
   *
   * @throws InputException naming the parameter if the value is not a size
   */
  public Optional<Long> size(String name) {
    try {
      return param(name).map(v -> Addresses.parseSize(v, name + "="));
    } catch (InputException e) {
      throw InputException.about(Input.COMMAND_LINE, e);
    }
  }
}

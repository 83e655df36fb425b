package org.memmap.api;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where addresses and sizes are parsed, aligned, checked and printed.
 *
 * <p>Addresses are primitive {@code long}: virtual addresses lie in {@code [0, 2^32]} (the
 * exclusive end of a region may be 2^32), physical addresses in {@code [0, 2^40]} (ARM LPAE and
 * x86 PAE). Formatting always uses {@link Locale#ROOT}.
 */
public final class Addresses {
  /** The size of the 32-bit virtual address space: 4 GiB, the exclusive end of every region. */
  public static final long ADDRESS_LIMIT = 1L << 32;
  /** The largest physical address space modelled (40 bits: ARM LPAE; x86 PAE uses 36). */
  public static final long PHYS_LIMIT = 1L << 40;
  /** {@code PAGE_SHIFT}. */
  public static final int PAGE_SHIFT = 12;
  /** {@code PAGE_SIZE}. */
  public static final long PAGE_SIZE = 1L << PAGE_SHIFT;
  /** 1 KiB. */
  public static final long KB = 1024;
  /** 1 MiB. */
  public static final long MB = 1024 * KB;
  /** 1 GiB. */
  public static final long GB = 1024 * MB;

  private static final Pattern SIZE =
      Pattern.compile("(0[xX][0-9a-fA-F]+|[0-9]+)([kKmMgGtT]?)(?:[iI]?[bB])?");

  private Addresses() {}

  /** Formats {@code value} as the kernel's {@code 0x%08lx}: at least 8 hex digits. */
  public static String hex(long value) {
    // String.format(Locale.ROOT, "0x%08x", value) without the format parser: layouts and boot
    // lines format thousands of addresses.
    String digits = Long.toHexString(value);
    int pad = 8 - digits.length();
    return pad <= 0 ? "0x" + digits : "0x" + "00000000".substring(0, pad) + digits;
  }

  /** {@code ALIGN_DOWN(value, align)}; {@code align} must be a power of two. */
  public static long alignDown(long value, long align) {
    checkArgument(Long.bitCount(align) == 1, "align (%s) must be a power of two", align);
    return value & -align;
  }

  /** {@code ALIGN(value, align)}, rounding up; {@code align} must be a power of two. */
  public static long alignUp(long value, long align) {
    checkArgument(Long.bitCount(align) == 1, "align (%s) must be a power of two", align);
    return (value + align - 1) & -align;
  }

  /** Whether {@code value} is a multiple of the power of two {@code align}. */
  public static boolean isAligned(long value, long align) {
    return (value & (align - 1)) == 0;
  }

  /** {@code PFN_DOWN(paddr)}. */
  public static long pfnDown(long paddr) {
    return paddr >>> PAGE_SHIFT;
  }

  /** {@code PFN_UP(paddr)}. */
  public static long pfnUp(long paddr) {
    return (paddr + PAGE_SIZE - 1) >>> PAGE_SHIFT;
  }

  /** {@code PFN_PHYS(pfn)}. */
  public static long pfnToPhys(long pfn) {
    return pfn << PAGE_SHIFT;
  }

  /**
   * Checks a virtual address typed by a user.
   *
   * @throws InputException naming {@code what} if {@code vaddr} is outside {@code [0, 2^32)}
   */
  public static long checkVirtual(long vaddr, String what) {
    if (vaddr < 0 || vaddr >= ADDRESS_LIMIT) {
      throw new InputException(
          what + ": " + String.format(Locale.ROOT, "0x%x", vaddr)
              + " is not a 32-bit virtual address (expected 0x0 .. 0xffffffff)");
    }
    return vaddr;
  }

  /**
   * Parses a number the one way memmap reads numbers everywhere: ASCII decimal digits, or {@code
   * 0x} followed by ASCII hex digits. Nothing else: no sign, no other scripts' digits, no bare
   * hex ({@code 1e9} is refused, not read as {@code 0x1e9}). The value must fit a signed 64-bit
   * {@code long}.
   *
   * @param what names the input in the error message, in API terms, e.g. {@code "CONFIG_NR_CPUS"}
   * @throws InputException naming {@code what}, the text, and what is allowed
   */
  public static long parseNumber(String text, String what) {
    String t = text == null ? "" : text.strip();
    String digits = t;
    int radix = 10;
    if (t.startsWith("0x") || t.startsWith("0X")) {
      digits = t.substring(2);
      radix = 16;
      if (digits.isEmpty()) {
        throw new InputException(label(what, t) + ": 0x must be followed by hex digits");
      }
    }
    if (t.isEmpty()) {
      throw new InputException(what.strip() + ": expected a number (decimal or 0x hex), got nothing");
    }
    if (digits.startsWith("-")) {
      throw new InputException(
          label(what, abbreviate(t)) + ": must not be negative (expected decimal or 0x hex)");
    }
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      boolean ok =
          (c >= '0' && c <= '9')
              || (radix == 16 && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')));
      if (!ok) {
        String hint =
            radix == 10 && digits.matches("[0-9a-fA-F]+") ? " (write 0x" + digits + " for hex)" : "";
        throw new InputException(
            label(what, abbreviate(t)) + ": expected a number: decimal digits, or 0x and hex digits"
                + hint);
      }
    }
    try {
      return Long.parseLong(digits, radix);
    } catch (NumberFormatException e) {
      throw new InputException(
          label(what, abbreviate(t)) + ": too large (at most " + Long.MAX_VALUE + ", 0x"
              + Long.toHexString(Long.MAX_VALUE) + ")", e);
    }
  }

  /**
   * Parses a number with {@link #parseNumber} and checks it lies in {@code [min, max]}.
   *
   * @throws InputException naming {@code what}, the value and the allowed range
   */
  public static long parseNumber(String text, String what, long min, long max) {
    return checkRange(parseNumber(text, what), what, min, max);
  }

  /**
   * Checks that {@code value} lies in {@code [min, max]}.
   *
   * @throws InputException naming {@code what}, the value and the allowed range
   */
  public static long checkRange(long value, String what, long min, long max) {
    if (value < min || value > max) {
      throw new InputException(
          what.strip() + " " + show(value) + ": must be " + show(min) + " .. " + show(max));
    }
    return value;
  }

  private static String show(long v) {
    return v >= 0 && v < 1 << 16 ? Long.toString(v) : String.format(Locale.ROOT, "0x%x", v);
  }

  /**
   * Parses a size the way the kernel's {@code memparse()} does: a number as {@link #parseNumber}
   * reads it, with an optional {@code K}, {@code M}, {@code G} or {@code T} suffix (binary
   * units); {@code KB}/{@code MiB} spellings are accepted too.
   *
   * @param what names the input in the error message, e.g. {@code "vmalloc="}
   * @throws InputException if {@code text} is not such a size or is too large
   */
  public static long parseSize(String text, String what) {
    String t = text == null ? "" : text.strip();
    Matcher m = SIZE.matcher(t);
    if (!m.matches() && (t.startsWith("-") || t.equalsIgnoreCase("0x"))) {
      parseNumber(t, what); // throws its precise message: negative, or 0x without digits
    }
    if (!m.matches()) {
      throw new InputException(
          label(what, abbreviate(t)) + ": expected a size such as 240M, 0x1000000 or 512K");
    }
    long value = parseNumber(m.group(1), what);
    int shift =
        switch (m.group(2).toUpperCase(Locale.ROOT)) {
          case "K" -> 10;
          case "M" -> 20;
          case "G" -> 30;
          case "T" -> 40;
          default -> 0;
        };
    if (value != 0 && Long.numberOfLeadingZeros(value) <= shift + 1) {
      throw new InputException(label(what, abbreviate(t)) + ": size is too large (at most 2^62 bytes)");
    }
    return value << shift;
  }

  /**
   * Parses an address: decimal, or {@code 0x} and hex digits, as {@link #parseNumber} reads them.
   *
   * @throws InputException naming {@code what} if {@code text} is not such a number
   */
  public static long parseAddress(String text, String what) {
    return parseNumber(text, what);
  }

  /**
   * Parses an address as kernel oopses print them: {@code 0x}-prefixed or bare hex ({@code
   * bf27f123}); a bare string of decimal digits only is read as decimal.
   *
   * @throws InputException naming {@code what} if {@code text} is not such a number
   */
  public static long parseOopsAddress(String text, String what) {
    String t = text == null ? "" : text.strip();
    if (!t.isEmpty() && t.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
        || (c >= 'A' && c <= 'F')) && !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return parseNumber("0x" + t, what);
    }
    return parseNumber(t, what);
  }

  /** {@code vmalloc=4G} for a parameter, {@code RAM range base '1e9'} for anything else. */
  private static String label(String what, String text) {
    String w = what.strip();
    return w.endsWith("=") || w.endsWith("@") ? w + text : w + " '" + text + "'";
  }

  private static String abbreviate(String s) {
    String e = Printable.escape(s);
    return e.length() > 40 ? e.substring(0, 37) + "..." : e;
  }
}

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
   * Parses a size the way the kernel's {@code memparse()} does: a decimal or {@code 0x} hex
   * number with an optional {@code K}, {@code M}, {@code G} or {@code T} suffix (binary units);
   * {@code KB}/{@code MiB} spellings are accepted too.
   *
   * @param what names the input in the error message, e.g. {@code "vmalloc="}
   * @throws InputException if {@code text} is not such a size or is too large
   */
  public static long parseSize(String text, String what) {
    Matcher m = SIZE.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new InputException(
          what + "'" + text + "': expected a size such as 240M, 0x1000000 or 512K");
    }
    long value = parseNumber(m.group(1), what, text);
    int shift =
        switch (m.group(2).toUpperCase(Locale.ROOT)) {
          case "K" -> 10;
          case "M" -> 20;
          case "G" -> 30;
          case "T" -> 40;
          default -> 0;
        };
    if (value != 0 && Long.numberOfLeadingZeros(value) <= shift + 1) {
      throw new InputException(what + "'" + text + "': size is too large");
    }
    return value << shift;
  }

  /**
   * Parses an address: {@code 0x}-prefixed hex, or decimal. A bare string of hex digits that
   * contains a letter ({@code bf27f123}) is read as hex too, as oops traces print them.
   *
   * @throws InputException naming {@code what} if {@code text} is not a number
   */
  public static long parseAddress(String text, String what) {
    String t = text == null ? "" : text.trim();
    try {
      if (t.startsWith("0x") || t.startsWith("0X")) {
        return Long.parseUnsignedLong(t.substring(2), 16);
      }
      if (allDigits(t, 10)) {
        return Long.parseLong(t);
      }
      if (allDigits(t, 16)) {
        return Long.parseUnsignedLong(t, 16);
      }
    } catch (NumberFormatException e) {
      throw new InputException(what + "'" + text + "': number is too large", e);
    }
    throw new InputException(what + "'" + text + "': expected an address such as 0xbf000000");
  }

  /** Whether {@code t} is non-empty and every character is an ASCII digit of {@code radix}. */
  private static boolean allDigits(String t, int radix) {
    if (t.isEmpty()) {
      return false;
    }
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      boolean digit = c >= '0' && c <= '9'
          || radix == 16 && (c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F');
      if (!digit) {
        return false;
      }
    }
    return true;
  }

  private static long parseNumber(String digits, String what, String text) {
    try {
      return digits.startsWith("0x") || digits.startsWith("0X")
          ? Long.parseLong(digits.substring(2), 16)
          : Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new InputException(what + "'" + text + "': number is too large", e);
    }
  }
}

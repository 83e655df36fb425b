package org.memmap.core.sim.script;

import java.util.List;
import java.util.Locale;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;

/**
 * Parsing of sim command arguments (docs/sim.md): numbers are hex ({@code 0x...}) or decimal,
 * sizes take K/M/G suffixes, pages are named by pfn. Errors name the argument and what was
 * expected.
 */
public final class SimArgs {
  private SimArgs() {}

  /**
   * Checks the number of arguments.
   *
   * @throws InputException {@code usage: <usage>} otherwise
   */
  public static void expect(SimLine line, int count, String usage) {
    if (line.args().size() != count) {
      throw new InputException("usage: " + usage);
    }
  }

  /** A number: {@code 0x} hex or decimal, ASCII digits only ({@link Addresses#parseNumber}). */
  public static long number(String text, String what) {
    return Addresses.parseNumber(text, what);
  }

  /** A 32-bit virtual address. */
  public static long vaddr(String text) {
    long v = number(text, "address");
    if (v < 0 || v >= Addresses.ADDRESS_LIMIT) {
      throw new InputException("address '" + text + "': not a 32-bit virtual address (0x0 .. 0xffffffff)");
    }
    return v;
  }

  /** A page frame number. */
  public static long pfn(String text) {
    long v = number(text, "pfn");
    if (v < 0 || v >= Addresses.PHYS_LIMIT >>> Addresses.PAGE_SHIFT) {
      throw new InputException("pfn '" + text + "': out of the 40-bit physical space");
    }
    return v;
  }

  /** A size with an optional K/M/G suffix. */
  public static long size(String text) {
    return Addresses.parseSize(text, "size ");
  }

  /** Bytes written as hex digits, two per byte ({@code deadbeef}, optionally {@code 0x}-prefixed). */
  public static byte[] hexBytes(String text) {
    String t = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (t.isEmpty() || t.length() % 2 != 0 || !t.matches("[0-9a-fA-F]+")) {
      throw new InputException("bytes '" + text + "': expected an even number of hex digits such as deadbeef");
    }
    byte[] out = new byte[t.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  /** Bytes as lower-case hex digits. */
  public static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      sb.append(String.format(Locale.ROOT, "%02x", b & 0xff));
    }
    return sb.toString();
  }

  /** The argument {@code i}. */
  static String arg(SimLine line, int i) {
    List<String> a = line.args();
    return a.get(i);
  }
}

package org.memmap.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One range of physical memory, {@code [base, base + size)}: a RAM bank as firmware, the device
 * tree or e820 hands it over, or a reserved area inside RAM (CMA).
 *
 * @param base the first physical address
 * @param size the length in bytes, positive
 */
public record RamRange(long base, long size) implements Comparable<RamRange> {
  /** Validates that the range is non-empty and inside the 40-bit physical space. */
  public RamRange {
    if (size <= 0) {
      throw new InputException(
          "RAM range " + Addresses.hex(base) + ": size must be positive, got " + size);
    }
    if (base < 0 || base + size > Addresses.PHYS_LIMIT || base + size < base) {
      throw new InputException(
          "RAM range " + Addresses.hex(base) + " + " + size + " bytes: must lie below 1 TiB");
    }
  }

  /** The exclusive end, {@code base + size}. */
  public long end() {
    return base + size;
  }

  /** Whether the two ranges share at least one byte. */
  public boolean overlaps(RamRange o) {
    return base < o.end() && o.base < end();
  }

  /** Whether {@code paddr} lies in this range. */
  public boolean contains(long paddr) {
    return paddr >= base && paddr < end();
  }

  /**
   * Parses {@code SIZE@BASE} as {@code --ram} takes it, e.g. {@code 512M@0x20000000}.
   *
   * @throws InputException naming the text if it is malformed or empty
   */
  public static RamRange parse(String text) {
    String t = text == null ? "" : text.trim();
    int at = t.indexOf('@');
    if (at < 0) {
      throw new InputException(
          "--ram '" + text + "': expected SIZE@BASE such as 512M@0x40000000");
    }
    long size = Addresses.parseSize(t.substring(0, at), "--ram size ");
    long base = Addresses.parseAddress(t.substring(at + 1), "--ram base ");
    if (size == 0) {
      throw new InputException("--ram '" + text + "': size must be positive");
    }
    return new RamRange(base, size);
  }

  /**
   * Parses a {@code SIZE[@START]} kernel parameter value such as ARM's and MIPS's {@code
   * mem=64M@0x20000000}, both parts as the kernel's {@code memparse()} reads them.
   *
   * @param param names the parameter in error messages, e.g. {@code "mem="}
   * @param defaultStart the start when {@code @START} is absent
   * @throws InputException naming the parameter if a part is not a size or the size is zero
   */
  public static RamRange parseSizeAt(String spec, String param, long defaultStart) {
    int at = spec.indexOf('@');
    long size = Addresses.parseSize(at < 0 ? spec : spec.substring(0, at), param);
    long start = at < 0 ? defaultStart : Addresses.parseSize(spec.substring(at + 1), param + "...@");
    if (size <= 0) {
      throw new InputException(param + spec + ": leaves no memory");
    }
    return new RamRange(start, size);
  }

  /**
   * {@code ranges} without the bytes of {@code cut}: ranges that overlap it are trimmed or split,
   * as {@code memblock_remove()} / {@code e820__range_remove()} do.
   */
  public static List<RamRange> subtract(List<RamRange> ranges, RamRange cut) {
    List<RamRange> out = new ArrayList<>();
    for (RamRange r : ranges) {
      if (!r.overlaps(cut)) {
        out.add(r);
        continue;
      }
      if (r.base() < cut.base()) {
        out.add(new RamRange(r.base(), cut.base() - r.base()));
      }
      if (r.end() > cut.end()) {
        out.add(new RamRange(cut.end(), r.end() - cut.end()));
      }
    }
    return out;
  }

  @Override
  public int compareTo(RamRange o) {
    return Long.compare(base, o.base);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "[mem %#010x-%#010x]", base, end() - 1);
  }
}

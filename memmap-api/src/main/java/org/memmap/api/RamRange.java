package org.memmap.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.memmap.api.InputException.Input;

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
      throw new InputException(Input.RAM,
          "RAM range at " + Addresses.hex(base) + ": size must be positive, got " + size);
    }
    if (base < 0 || base + size > Addresses.PHYS_LIMIT || base + size < base) {
      throw new InputException(Input.RAM,
          "RAM range " + Addresses.hex(base) + " + " + size
              + " bytes: must lie in the 40-bit physical space, below 1 TiB (0x10000000000)");
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
   * Parses {@code SIZE@BASE}, e.g. {@code 512M@0x20000000}: SIZE as {@link Addresses#parseSize}
   * reads it (decimal or {@code 0x} hex, K/M/G/T suffix), BASE as {@link Addresses#parseAddress}
   * (decimal or {@code 0x} hex; {@code 1e9} is refused, not read as hex).
   *
   * @throws InputException ({@link Input#RAM}) naming the text if it is malformed or empty
   */
  public static RamRange parse(String text) {
    String t = text == null ? "" : text.strip();
    int at = t.indexOf('@');
    if (at < 0) {
      throw new InputException(Input.RAM,
          "RAM range '" + Printable.escape(t) + "': expected SIZE@BASE such as 512M@0x40000000");
    }
    try {
      long size = Addresses.parseSize(t.substring(0, at), "RAM range size");
      long base = Addresses.parseAddress(t.substring(at + 1), "RAM range base");
      if (size == 0) {
        throw new InputException(Input.RAM, "RAM range '" + t + "': size must be positive");
      }
      return new RamRange(base, size);
    } catch (InputException e) {
      throw InputException.about(Input.RAM, e);
    }
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
    if (start < 0 || start >= Addresses.PHYS_LIMIT || size > Addresses.PHYS_LIMIT - start) {
      throw new InputException(Input.COMMAND_LINE, param + Printable.escape(spec)
          + ": must lie in the 40-bit physical space, below 1 TiB (0x10000000000)");
    }
    if (size <= 0) {
      throw new InputException(Input.COMMAND_LINE, param + spec + ": leaves no memory");
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

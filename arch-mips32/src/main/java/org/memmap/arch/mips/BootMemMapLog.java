package org.memmap.arch.mips;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.memmap.api.Addresses;
import org.memmap.api.RamRange;
import org.memmap.api.spi.LogLines;

/**
 * The firmware memory map as {@code print_memory_map()} (arch/mips/kernel/setup.c, up to 5.1)
 * lists it after {@code Determined physical RAM map:}, or after {@code User-defined physical RAM
 * map:} when {@code mem=} replaced it: {@code  memory: SIZE @ BASE (type)}. The RAM entries of the
 * last such block count.
 */
final class BootMemMapLog {
  private static final Pattern ENTRY = Pattern.compile(
      "memory: ([0-9a-fA-F]{8,}) @ ([0-9a-fA-F]{8,}) \\((usable|usable after init|kernel data and code)\\)");

  private BootMemMapLog() {}

  static List<RamRange> usable(LogLines log) {
    List<RamRange> out = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      String l = log.line(i);
      if (l.equals("Determined physical RAM map:") || l.equals("User-defined physical RAM map:")) {
        out.clear();
        continue;
      }
      Matcher m = ENTRY.matcher(l);
      if (m.matches()) {
        long size = log.hex(i, m.group(1), "memory map size");
        long base = log.hex(i, m.group(2), "memory map base");
        if (Long.compareUnsigned(base, Addresses.PHYS_LIMIT) >= 0 || size == 0) {
          continue;
        }
        long sizeClipped = Long.compareUnsigned(size, Addresses.PHYS_LIMIT - base) > 0 ? Addresses.PHYS_LIMIT - base : size;
        RamRange r = new RamRange(base, sizeClipped);
        if (out.stream().noneMatch(r::overlaps)) {
          out.add(r);
        }
      }
    }
    out.sort(null);
    return out;
  }
}

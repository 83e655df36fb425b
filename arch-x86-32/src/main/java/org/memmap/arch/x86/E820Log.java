package org.memmap.arch.x86;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.memmap.api.Addresses;
import org.memmap.api.RamRange;
import org.memmap.api.spi.LogLines;

/**
 * The e820 map as an x86 boot log records it: {@code e820_print_map()}'s {@code BIOS-e820:}
 * lines ({@code [mem %#018Lx-%#018Lx] type} from 3.9, {@code %016Lx - %016Lx (type)} before),
 * less the ranges the kernel cut from usable RAM before sizing its zones ({@code e820: update} /
 * {@code e820: remove} lines of {@code e820__range_update()}/{@code e820__range_remove()}, {@code
 * e820 update range:} before 3.9): the low pages the BIOS may corrupt, the ISA hole, {@code mem=}.
 * Every address is an unsigned 64-bit number ({@code 0xfffffffffffffffe} is printed for "to the
 * end"); RAM beyond the 40-bit physical space memmap models is dropped, as no 32-bit kernel can
 * use it.
 */
final class E820Log {
  /**
   * One entry of an e820 map as {@code e820_print_map(who)} prints it: the firmware's ({@code
   * BIOS-e820}, or {@code BIOS-e801}/{@code BIOS-88} when the BIOS had no e820 call,
   * arch/x86/kernel/e820.c up to 2.6.3x), or the map after the kernel changed it ({@code
   * modified}, printed by {@code update_e820()} under a {@code modified physical RAM map:} header).
   */
  private static final Pattern E820_NEW =
      Pattern.compile("(?:BIOS-e820|modified): \\[mem 0x([0-9a-fA-F]+)-0x([0-9a-fA-F]+)\\]\\s+(System RAM|\\w+)");
  private static final Pattern E820_OLD =
      Pattern.compile("(?:BIOS-e820|BIOS-e801|BIOS-88|modified): ([0-9a-fA-F]{8,}) - ([0-9a-fA-F]{8,}) \\((\\w+)\\)");
  private static final Pattern CUT = Pattern.compile(
      "e820: (?:update|remove) \\[mem 0x([0-9a-fA-F]+)-0x([0-9a-fA-F]+)\\] (?:usable|System RAM)(?: ==> .*)?");
  private static final Pattern CUT_OLD = Pattern.compile(
      "e820 (?:update|remove) range: ([0-9a-fA-F]{8,}) - ([0-9a-fA-F]{8,}) \\(usable\\)(?: ==> \\(reserved\\))?");

  private E820Log() {}

  /** Whether the log prints a BIOS-e820 map: only x86 kernels do. */
  static boolean present(LogLines log) {
    return log.lines().stream().anyMatch(l -> l.startsWith("BIOS-e820: ") || l.startsWith("BIOS-e801: ")
        || l.startsWith("BIOS-88: "));
  }

  /** The usable RAM of the map, less the kernel's cuts; empty without a map. */
  static List<RamRange> usable(LogLines log) {
    List<RamRange> ram = new ArrayList<>();
    List<RamRange> cuts = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      String l = log.line(i);
      if (l.endsWith("modified physical RAM map:")) {
        // update_e820() prints the whole map again once the kernel changed it (2.6.28's
        // low-memory corruption check, the MTRR trim, ...): the last map printed is the one the
        // zones are sized from.
        ram.clear();
        continue;
      }
      Matcher m;
      if ((m = E820_NEW.matcher(l)).find()) {
        if (m.group(3).equals("usable") || m.group(3).equals("System RAM")) {
          add(ram, range(log, i, m.group(1), m.group(2), true));
        }
      } else if ((m = E820_OLD.matcher(l)).find()) {
        if (m.group(3).equals("usable")) {
          add(ram, range(log, i, m.group(1), m.group(2), false));
        }
      } else if ((m = CUT.matcher(l)).find()) {
        cuts.add(range(log, i, m.group(1), m.group(2), true));
      } else if ((m = CUT_OLD.matcher(l)).find()) {
        cuts.add(range(log, i, m.group(1), m.group(2), false));
      }
    }
    for (RamRange cut : cuts) {
      if (cut != null) {
        ram = RamRange.subtract(ram, cut);
      }
    }
    return ram;
  }

  private static void add(List<RamRange> ram, RamRange r) {
    if (r != null && ram.stream().noneMatch(r::overlaps)) {
      ram.add(r);
    }
  }

  /**
   * The range a line prints, clipped to the physical space memmap models; null when it is empty
   * or lies wholly beyond it.
   *
   * @param inclusive whether the end printed is the last byte (3.9+) rather than the end
   */
  private static RamRange range(LogLines log, int i, String start, String end, boolean inclusive) {
    long s = log.hex(i, start, "e820 start");
    long e = log.hex(i, end, "e820 end");
    // Unsigned: 0xffffffffffffffff is the largest end, not -1.
    long limit = Addresses.PHYS_LIMIT;
    long sClipped = Long.compareUnsigned(s, limit) > 0 ? limit : s;
    long eExclusive;
    if (inclusive) {
      eExclusive = Long.compareUnsigned(e, limit - 1) >= 0 ? limit : e + 1;
    } else {
      eExclusive = Long.compareUnsigned(e, limit) > 0 ? limit : e;
    }
    if (eExclusive <= sClipped) {
      return null;
    }
    return new RamRange(sClipped, eExclusive - sClipped);
  }
}

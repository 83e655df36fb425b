package org.memmap.arch.x86;

import java.util.ArrayList;
import java.util.List;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.RamRange;

/**
 * The usable RAM of the e820 map after the command line ({@code mem=}, {@code memmap=}) and the
 * kernel's own trimming, as {@code arch/x86/kernel/e820.c} and {@code setup.c} leave it.
 */
final class E820 {
  private E820() {}

  static List<RamRange> usable(Machine m, KernelVersion v, List<String> warnings) {
    try {
      return usableRam(m, v, warnings);
    } catch (InputException e) {
      throw InputException.about(InputException.Input.COMMAND_LINE, e);
    }
  }

  private static List<RamRange> usableRam(Machine m, KernelVersion v, List<String> warnings) {
    List<RamRange> ram = new ArrayList<>(m.ram());
    for (String spec : m.commandLine().params("memmap")) {
      if (spec.equals("exactmap")) {
        ram.clear();
        continue;
      }
      int i = firstOf(spec, "@$#!");
      if (i < 0) {
        ram = below(ram, Addresses.parseSize(spec, "memmap="));
        continue;
      }
      long size = Addresses.parseSize(spec.substring(0, i), "memmap=");
      long start = Addresses.parseSize(spec.substring(i + 1), "memmap=..." + spec.charAt(i));
      RamRange r = new RamRange(start, size);
      ram = remove(ram, r);
      if (spec.charAt(i) == '@') {
        ram.add(r);
        ram.sort(null);
      }
    }
    var mem = m.commandLine().param("mem");
    if (mem.isPresent() && !mem.get().equals("nopentium")) {
      long limit = Addresses.parseSize(mem.get(), "mem=");
      ram = below(ram, limit);
    }
    if (ram.isEmpty()) {
      throw new InputException(InputException.Input.RAM, "RAM: no usable RAM is left after mem= and memmap=");
    }
    if (!v.atLeast(2, 6, 27)) {
      // 2.6.2x registered one active range 0 .. max_pfn: holes count as present pages.
      RamRange last = ram.get(ram.size() - 1);
      return List.of(new RamRange(0, last.end()));
    }
    // trim_bios_range(): the legacy ISA/BIOS hole is not RAM, and low memory the BIOS may
    // scribble on is taken out of the e820 map: the first reserve_low bytes (CONFIG_X86_RESERVE_LOW,
    // 64 KiB, or reservelow=) from 2.6.37 (trim_bios_range() of the memblock-era setup.c) until
    // 3.9, where it became a memblock reservation (trim_low_memory_range()) and only page 0 stays
    // out of the map. 2.6.36 takes out page 0 only: its boot log prints "e820 update range:
    // 0000000000000000 - 0000000000001000 (usable) ==> (reserved)" and an active range from pfn 1
    // (testdata/reallogs/x86-2.6.36-ubuntu-mainline-2g.log). Before 2.6.36 page 0 stayed.
    long low = 0;
    if (v.atLeast(3, 9)) {
      low = Addresses.PAGE_SIZE;
    } else if (v.atLeast(2, 6, 37)) {
      low = m.commandLine().size("reservelow")
          .map(r -> Math.min(Math.max(r, Addresses.PAGE_SIZE), 640 * 1024L))
          .orElse(64 * 1024L);
      low = Addresses.alignUp(low, Addresses.PAGE_SIZE);
    } else if (v.atLeast(2, 6, 36)) {
      low = Addresses.PAGE_SIZE;
    }
    if (low > 0) {
      ram = remove(ram, new RamRange(0, low));
    }
    ram = remove(ram, new RamRange(0xa0000, 0x100000 - 0xa0000));
    if (ram.stream().noneMatch(r -> Addresses.pfnDown(r.end()) > Addresses.pfnUp(r.base()))) {
      throw new InputException(InputException.Input.RAM,
          "RAM: no whole usable page above the first page and the ISA hole; the kernel would have"
              + " no memory to run in");
    }
    return ram;
  }

  private static int firstOf(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static List<RamRange> below(List<RamRange> ram, long limit) {
    List<RamRange> out = new ArrayList<>();
    for (RamRange r : ram) {
      if (r.base() < limit) {
        out.add(new RamRange(r.base(), Math.min(r.end(), limit) - r.base()));
      }
    }
    return out;
  }

  private static List<RamRange> remove(List<RamRange> ram, RamRange cut) {
    return new ArrayList<>(RamRange.subtract(ram, cut));
  }

}

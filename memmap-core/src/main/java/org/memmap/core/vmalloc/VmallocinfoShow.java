package org.memmap.core.vmalloc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.memmap.api.KernelVersion;

/**
 * The printing half of {@code /proc/vmallocinfo}: {@code s_show()} (and {@code show_purge_info()}
 * from 5.13) in {@code mm/vmalloc.c}. One line per busy area, {@code 0x%p-0x%p %7ld} then the
 * caller ({@code %pS}), {@code pages=}, {@code phys=} ({@code %llx} before 3.18, {@code %pa} from
 * 3.18: {@code 0x} and the width of {@code phys_addr_t}), the flag words {@code ioremap vmalloc
 * vmap user} ({@code dma-coherent} from 5.8) {@code vpages}; lazily freed ranges as {@code
 * unpurged vm_area} (in address order among the areas in 4.13–5.12, merged and listed after them
 * from 5.13, not at all otherwise). The reading half is {@code org.memmap.core.proc.VmallocInfo}.
 */
public final class VmallocinfoShow {
  private VmallocinfoShow() {}

  /**
   * The file as {@code kernel} prints it for the areas of {@code vmalloc}.
   *
   * @param widePhys whether {@code phys_addr_t} is 64 bits (LPAE, PAE)
   */
  static List<String> show(Vmalloc vmalloc, KernelVersion kernel, boolean widePhys) {
    List<VmallocinfoLine> lines = new ArrayList<>();
    for (VmStruct v : vmalloc.areas()) {
      List<String> flags = new ArrayList<>();
      for (VmFlag f : VmFlag.values()) {
        if (v.flags().contains(f) && !f.procName().isEmpty()) {
          flags.add(f.procName());
        }
      }
      if (v.vpages()) {
        flags.add("vpages");
      }
      lines.add(new VmallocinfoLine(v.addr(), v.end(), v.caller(), v.nrPages(),
          v.physAddr() == 0 ? -1 : v.physAddr(), flags, VmallocinfoLine.Kind.AREA));
    }
    for (VmapRange r : vmalloc.unpurged()) {
      lines.add(new VmallocinfoLine(r.start(), r.end(), "", 0, -1, List.of(), VmallocinfoLine.Kind.UNPURGED));
    }
    return show(lines, kernel, widePhys);
  }

  /**
   * The lines in the order and format {@code kernel} prints them.
   *
   * @param widePhys whether {@code phys_addr_t} is 64 bits (LPAE, PAE)
   */
  public static List<String> show(List<VmallocinfoLine> entries, KernelVersion kernel, boolean widePhys) {
    List<VmallocinfoLine> areas = new ArrayList<>();
    List<VmallocinfoLine> unpurged = new ArrayList<>();
    for (VmallocinfoLine e : entries) {
      (e.kind() == VmallocinfoLine.Kind.UNPURGED ? unpurged : areas).add(e);
    }
    List<String> lines = new ArrayList<>();
    if (kernel.atLeast(5, 13)) {
      areas.sort(Comparator.comparingLong(VmallocinfoLine::start));
      areas.forEach(e -> lines.add(line(e, kernel, widePhys)));
      unpurged.sort(Comparator.comparingLong(VmallocinfoLine::start));
      for (VmallocinfoLine e : kernel.atLeast(6, 9) ? unpurged : merge(unpurged)) {
        lines.add(line(e, kernel, widePhys));
      }
    } else if (kernel.atLeast(4, 13)) {
      List<VmallocinfoLine> all = new ArrayList<>(areas);
      all.addAll(unpurged);
      all.sort(Comparator.comparingLong(VmallocinfoLine::start));
      all.forEach(e -> lines.add(line(e, kernel, widePhys)));
    } else {
      areas.sort(Comparator.comparingLong(VmallocinfoLine::start));
      areas.forEach(e -> lines.add(line(e, kernel, widePhys)));
    }
    return lines;
  }

  /** {@code show_purge_info()} of 5.13–6.8 prints adjacent lazily freed ranges as one. */
  private static List<VmallocinfoLine> merge(List<VmallocinfoLine> ranges) {
    ranges.sort(Comparator.comparingLong(VmallocinfoLine::start));
    List<VmallocinfoLine> out = new ArrayList<>();
    for (VmallocinfoLine e : ranges) {
      VmallocinfoLine last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.end() == e.start()) {
        out.set(out.size() - 1, new VmallocinfoLine(last.start(), e.end(), "", 0, -1, List.of(), VmallocinfoLine.Kind.UNPURGED));
      } else {
        out.add(e);
      }
    }
    return out;
  }

  private static String line(VmallocinfoLine e, KernelVersion kernel, boolean widePhys) {
    StringBuilder sb = new StringBuilder(
        String.format(Locale.ROOT, "0x%08x-0x%08x %7d", e.start(), e.end(), e.size()));
    if (e.kind() == VmallocinfoLine.Kind.UNPURGED) {
      return sb.append(" unpurged vm_area").toString();
    }
    if (e.kind() == VmallocinfoLine.Kind.VM_MAP_RAM) {
      return sb.append(" vm_map_ram").toString();
    }
    if (!e.caller().isEmpty()) {
      // The kernel's %pS never holds white space or control characters; a caller's may.
      sb.append(' ').append(org.memmap.api.Printable.escape(e.caller()).replace(' ', '_'));
    }
    if (e.pages() > 0) {
      sb.append(" pages=").append(e.pages());
    }
    if (e.phys() > 0) {
      if (kernel.atLeast(3, 18)) {
        sb.append(String.format(Locale.ROOT, widePhys ? " phys=0x%016x" : " phys=0x%08x", e.phys()));
      } else {
        sb.append(String.format(Locale.ROOT, " phys=%x", e.phys()));
      }
    }
    for (String f : e.flags()) {
      if (!f.equals("dma-coherent") || kernel.atLeast(5, 8)) {
        sb.append(' ').append(f);
      }
    }
    return sb.toString();
  }
}

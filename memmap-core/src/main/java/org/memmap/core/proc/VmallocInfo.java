package org.memmap.core.proc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.memmap.api.Addresses;
import org.memmap.api.KernelVersion;
import org.memmap.core.vmalloc.VmFlag;
import org.memmap.core.vmalloc.VmStruct;
import org.memmap.core.vmalloc.Vmalloc;

/**
 * {@code /proc/vmallocinfo} ({@code s_show()} in {@code mm/vmalloc.c}): one line per busy area,
 * {@code 0x%p-0x%p %7ld} then the caller ({@code %pS}), {@code pages=}, {@code phys=} ({@code
 * %llx} before 3.18, {@code %pa} from 3.18: {@code 0x} and the width of {@code phys_addr_t}),
 * the flag words {@code ioremap vmalloc vmap user} ({@code dma-coherent} from 5.8) {@code
 * vpages}; lazily freed ranges as {@code unpurged vm_area} (in address order among the areas in
 * 4.13–5.12, merged and listed after them from 5.13, not at all otherwise).
 *
 * @param entries the lines understood, in file order
 * @param skipped how many non-blank lines were not understood
 * @param errors one message per skipped line, naming the source and line
 */
public record VmallocInfo(List<Entry> entries, int skipped, List<String> errors) {
  private static final Pattern LINE =
      Pattern.compile("0x([0-9a-fA-F]{1,16})-0x([0-9a-fA-F]{1,16})\\s+(\\d{1,19})((?:\\s.*)?)");
  private static final Set<String> FLAGS =
      Set.of("ioremap", "vmalloc", "vmap", "user", "vpages", "dma-coherent", "sparse");

  /** Copies the lists. */
  public VmallocInfo {
    entries = List.copyOf(entries);
    errors = List.copyOf(errors);
  }

  /** What one line describes. */
  public enum Kind {
    /** A {@code vm_struct} area. */
    AREA,
    /** A lazily freed range not yet purged. */
    UNPURGED,
    /** A {@code vm_map_ram} mapping without vm_struct. */
    VM_MAP_RAM
  }

  /**
   * One line.
   *
   * @param start the start address
   * @param end the exclusive end
   * @param caller the {@code %pS} caller, empty if none
   * @param pages {@code pages=}, 0 if absent
   * @param phys {@code phys=}, -1 if absent
   * @param flags the flag words in printed order
   * @param kind what the line is
   */
  public record Entry(
      long start, long end, String caller, int pages, long phys, List<String> flags, Kind kind) {
    /** Copies the flags. */
    public Entry {
      flags = List.copyOf(flags);
      caller = caller == null ? "" : caller;
    }

    /** {@code end - start}, the size printed. */
    public long size() {
      return end - start;
    }

    /** Whether {@code vaddr} lies inside. */
    public boolean contains(long vaddr) {
      return vaddr >= start && vaddr < end;
    }

    /**
     * Whether {@code vaddr} lies in the guard page: the last page of a vmalloc area whose
     * pages fill all but that page.
     */
    public boolean inGuardPage(long vaddr) {
      return kind == Kind.AREA && pages > 0 && (long) pages * Addresses.PAGE_SIZE == size() - Addresses.PAGE_SIZE
          && vaddr >= end - Addresses.PAGE_SIZE && vaddr < end;
    }
  }

  /** The areas (and unpurged ranges) of a simulated kernel. */
  public static VmallocInfo of(Vmalloc vmalloc) {
    List<Entry> out = new ArrayList<>();
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
      out.add(new Entry(v.addr(), v.end(), v.caller(), v.nrPages(), v.physAddr() == 0 ? -1 : v.physAddr(),
          flags, Kind.AREA));
    }
    for (long[] r : vmalloc.unpurged()) {
      out.add(new Entry(r[0], r[1], "", 0, -1, List.of(), Kind.UNPURGED));
    }
    return new VmallocInfo(out, 0, List.of());
  }

  /**
   * The file as {@code kernel} prints it.
   *
   * @param widePhys whether {@code phys_addr_t} is 64 bits (LPAE, PAE)
   */
  public List<String> format(KernelVersion kernel, boolean widePhys) {
    List<Entry> areas = new ArrayList<>();
    List<Entry> unpurged = new ArrayList<>();
    for (Entry e : entries) {
      (e.kind() == Kind.UNPURGED ? unpurged : areas).add(e);
    }
    List<String> lines = new ArrayList<>();
    if (kernel.atLeast(5, 13)) {
      areas.sort(java.util.Comparator.comparingLong(Entry::start));
      areas.forEach(e -> lines.add(line(e, kernel, widePhys)));
      for (Entry e : merge(unpurged)) {
        lines.add(line(e, kernel, widePhys));
      }
    } else if (kernel.atLeast(4, 13)) {
      List<Entry> all = new ArrayList<>(areas);
      all.addAll(unpurged);
      all.sort(java.util.Comparator.comparingLong(Entry::start));
      all.forEach(e -> lines.add(line(e, kernel, widePhys)));
    } else {
      areas.sort(java.util.Comparator.comparingLong(Entry::start));
      areas.forEach(e -> lines.add(line(e, kernel, widePhys)));
    }
    return lines;
  }

  private static List<Entry> merge(List<Entry> ranges) {
    ranges.sort(java.util.Comparator.comparingLong(Entry::start));
    List<Entry> out = new ArrayList<>();
    for (Entry e : ranges) {
      Entry last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.end() == e.start()) {
        out.set(out.size() - 1, new Entry(last.start(), e.end(), "", 0, -1, List.of(), Kind.UNPURGED));
      } else {
        out.add(e);
      }
    }
    return out;
  }

  private static String line(Entry e, KernelVersion kernel, boolean widePhys) {
    StringBuilder sb = new StringBuilder(
        String.format(Locale.ROOT, "0x%08x-0x%08x %7d", e.start(), e.end(), e.size()));
    if (e.kind() == Kind.UNPURGED) {
      return sb.append(" unpurged vm_area").toString();
    }
    if (e.kind() == Kind.VM_MAP_RAM) {
      return sb.append(" vm_map_ram").toString();
    }
    if (!e.caller().isEmpty()) {
      sb.append(' ').append(e.caller());
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

  /** Reads a file. */
  public static VmallocInfo read(Path file) {
    return parse(ProcLines.read(file, "/proc/vmallocinfo"), file.toString());
  }

  /**
   * Parses the text; blank lines and lines starting with {@code #} are ignored, lines not of the
   * format are skipped and counted, each with a message naming {@code source} and the line.
   */
  public static VmallocInfo parse(List<String> lines, String source) {
    ProcLines<Entry> p = ProcLines.parse(lines, source, VmallocInfo::parseLine,
        "0xSTART-0xEND SIZE [caller] [pages=N] [phys=ADDR] [flags] as /proc/vmallocinfo prints");
    return new VmallocInfo(p.entries(), p.errors().size(), p.errors());
  }

  /**
   * One line of the file, if it is one: {@code 0xSTART-0xEND SIZE} where the size is the exact
   * byte length of the range, then only the words {@code s_show()} prints. Other files' lines that
   * look alike, such as the debugfs kernel page-table dump's {@code 0x40000000-0x40100000  1M PGD
   * KERNEL RW NX}, are not.
   */
  public static Optional<Entry> parseLine(String l) {
    Matcher m = LINE.matcher(l);
    if (!m.matches()) {
      return Optional.empty();
    }
    long start;
    long end;
    long size;
    try {
      start = Long.parseUnsignedLong(m.group(1), 16);
      end = Long.parseUnsignedLong(m.group(2), 16);
      size = Long.parseLong(m.group(3));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (end <= start || end - start != size || end > Addresses.ADDRESS_LIMIT) {
      return Optional.empty();
    }
    String rest = m.group(4).strip();
    if (rest.equals("unpurged vm_area")) {
      return Optional.of(new Entry(start, end, "", 0, -1, List.of(), Kind.UNPURGED));
    }
    if (rest.equals("vm_map_ram")) {
      return Optional.of(new Entry(start, end, "", 0, -1, List.of(), Kind.VM_MAP_RAM));
    }
    String caller = "";
    int pages = 0;
    long phys = -1;
    List<String> flags = new ArrayList<>();
    for (String t : rest.isEmpty() ? new String[0] : rest.split("\\s+")) {
      try {
        if (t.startsWith("pages=")) {
          pages = Integer.parseInt(t.substring(6));
        } else if (t.startsWith("phys=")) {
          String v = t.substring(5);
          phys = Long.parseUnsignedLong(v.startsWith("0x") ? v.substring(2) : v, 16);
        } else if (FLAGS.contains(t)) {
          flags.add(t);
        } else if (t.matches("N\\d+=\\d+")) {
          continue;
        } else if (caller.isEmpty() && flags.isEmpty() && pages == 0 && phys < 0) {
          caller = t;
        } else {
          return Optional.empty();
        }
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    return Optional.of(new Entry(start, end, caller, pages, phys, flags, Kind.AREA));
  }

  /** The entry containing {@code vaddr}, areas before unpurged ranges. */
  public Optional<Entry> find(long vaddr) {
    return entries.stream().filter(e -> e.contains(vaddr))
        .min(java.util.Comparator.comparing(Entry::kind));
  }
}

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
import org.memmap.core.vmalloc.VmallocinfoLine;

/**
 * A {@code /proc/vmallocinfo} file read back (the kernel prints it in {@code s_show()} of {@code
 * mm/vmalloc.c}; memmap's printer sits beside {@code Vmalloc}): one line per busy area,
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
public record VmallocInfo(List<VmallocinfoLine> entries, int skipped, List<String> errors) {
  private static final Pattern LINE =
      Pattern.compile("0x([0-9a-fA-F]{1,16})-0x([0-9a-fA-F]{1,16})\\s+(\\d+)(.*)");
  private static final Set<String> FLAGS =
      Set.of("ioremap", "vmalloc", "vmap", "user", "vpages", "dma-coherent", "sparse");

  /** Copies the lists. */
  public VmallocInfo {
    entries = List.copyOf(entries);
    errors = List.copyOf(errors);
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
    ProcLines<VmallocinfoLine> p = ProcLines.parse(lines, source, VmallocInfo::parseLine,
        "0xSTART-0xEND SIZE [caller] [pages=N] [phys=ADDR] [flags] as /proc/vmallocinfo prints");
    return new VmallocInfo(p.entries(), p.errors().size(), p.errors());
  }

  private static Optional<VmallocinfoLine> parseLine(String l) {
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
      return Optional.of(new VmallocinfoLine(start, end, "", 0, -1, List.of(), VmallocinfoLine.Kind.UNPURGED));
    }
    if (rest.equals("vm_map_ram")) {
      return Optional.of(new VmallocinfoLine(start, end, "", 0, -1, List.of(), VmallocinfoLine.Kind.VM_MAP_RAM));
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
    return Optional.of(new VmallocinfoLine(start, end, caller, pages, phys, flags, VmallocinfoLine.Kind.AREA));
  }

  /** The entry containing {@code vaddr}, areas before unpurged ranges. */
  public Optional<VmallocinfoLine> find(long vaddr) {
    return entries.stream().filter(e -> e.contains(vaddr))
        .min(java.util.Comparator.comparing(VmallocinfoLine::kind));
  }
}

package org.memmap.core.render;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.memmap.api.Addresses;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;
import org.memmap.api.Zone;
import org.memmap.api.ZoneType;
import org.memmap.core.hash.HashTable;
import org.memmap.core.printk.BootMessages;

/**
 * The printed forms of a layout, as {@code memmap layout --format} prints them: the boot lines
 * and banner of the layout's kernel release, a table, JSON (docs/cli.md) and an SVG picture. Every
 * method is a pure function of the layout.
 *
 * <pre>{@code
 * MemoryLayout layout = MemMap.layout("arm");
 * Renderers.banner(layout).forEach(System.out::println);
 * Files.writeString(Path.of("arm.svg"), Renderers.svg(layout));
 * }</pre>
 */
public final class Renderers {
  private Renderers() {}

  /**
   * The boot lines of the layout's kernel release: its warnings, the zone block, {@code Total
   * pages}, the {@code Memory:} line when the input decides it, and the virtual memory banner. A
   * release that no longer prints the banner gets it last, in the last format printed ({@link
   * BootMessages#printsBanner}).
   */
  public static List<String> banner(MemoryLayout layout) {
    return banner(layout, List.of());
  }

  /**
   * {@link #banner(MemoryLayout)} with the boot-time hash tables ({@link
   * org.memmap.core.MemMap#hashTables}) in their place: the early ones before {@code Memory:}, the
   * others after the banner.
   */
  public static List<String> banner(MemoryLayout layout, List<HashTable> hashes) {
    return banner(layout, hashes, OptionalLong.empty());
  }

  /**
   * {@link #banner(MemoryLayout, List)} with the {@code Memory:} line's reserved figure from the
   * modelled boot reservations ({@link org.memmap.core.MemMap#bootReservations}) when complete.
   */
  public static List<String> banner(MemoryLayout layout, List<HashTable> hashes, OptionalLong reservedKb) {
    return banner(layout, hashes, reservedKb, org.memmap.core.printk.InitMessages.NONE);
  }

  /**
   * {@link #banner(MemoryLayout, List, OptionalLong)} with the lines around the memory map ({@link
   * org.memmap.core.MemMap#initMessages}: percpu, SLUB, {@code Initmem setup node}, the swiotlb,
   * the freeing of the init sections) in their place.
   */
  public static List<String> banner(MemoryLayout layout, List<HashTable> hashes, OptionalLong reservedKb,
      org.memmap.core.printk.InitMessages init) {
    List<String> lines = new ArrayList<>(layout.warnings());
    lines.addAll(BootMessages.bootLines(layout, hashes, reservedKb, init));
    if (!BootMessages.printsBanner(layout)) {
      lines.addAll(BootMessages.banner(layout));
    }
    return lines;
  }

  /** One line per region, top of the address space first, then the zones and page totals. */
  public static List<String> table(MemoryLayout layout) {
    List<String> out = new ArrayList<>();
    out.add(String.format(Locale.ROOT, "%s %s  PAGE_OFFSET %s  PHYS_OFFSET %s  high_memory %s",
        layout.description().arch(), layout.description().kernel(), Addresses.hex(layout.pageOffset()),
        Addresses.hex(layout.physOffset()), Addresses.hex(layout.highMemory())));
    out.add(String.format(Locale.ROOT, "%-10s %-10s %-10s %12s  %s", "REGION", "START", "END", "SIZE", "KIND"));
    List<Region> regions = new ArrayList<>(layout.regions());
    regions.sort(Comparator.comparingLong(Region::start).reversed());
    for (Region r : regions) {
      out.add(String.format(Locale.ROOT, "%-10s %-10s %-10s %12s  %s", r.name(), Addresses.hex(r.start()),
          Addresses.hex(r.end()), human(r.size()), r.kind().name().toLowerCase(Locale.ROOT)));
    }
    out.add(String.format(Locale.ROOT, "%-10s %-10s %-10s %12s  %s", "user", Addresses.hex(0),
        Addresses.hex(layout.pageOffset()), human(layout.pageOffset()), "user"));
    out.add("");
    out.add(String.format(Locale.ROOT, "%-8s %-12s %-12s %9s %9s %9s %9s", "ZONE", "START", "END",
        "SPANNED", "PRESENT", "MEMMAP", "MANAGED"));
    for (Zone z : layout.zones()) {
      out.add(String.format(Locale.ROOT, "%-8s %-12s %-12s %9d %9d %9d %9d", z.type().kernelName(),
          Addresses.hex(z.start()), Addresses.hex(z.end()), z.spannedPages(), z.presentPages(),
          z.memmapPages(), z.managedPages()));
    }
    out.add(String.format(Locale.ROOT, "Total pages: %d   RAM %dK   highmem %dK   VmallocTotal %d kB",
        layout.totalPages(), layout.physPages() * 4, layout.highmemFreePages() * 4, layout.vmallocTotalKb()));
    layout.warnings().forEach(w -> out.add("warning: " + w));
    return out;
  }

  /** A size as the table prints it: {@code 240 MiB}, {@code 4 KiB}, {@code 1.5 MiB}. */
  static String human(long bytes) {
    if (bytes >= Addresses.MB && bytes % Addresses.MB == 0) {
      return (bytes >> 20) + " MiB";
    }
    if (bytes >= Addresses.MB) {
      return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) Addresses.MB);
    }
    if (bytes >= Addresses.KB && bytes % Addresses.KB == 0) {
      return (bytes >> 10) + " KiB";
    }
    return bytes + " B";
  }

  /**
   * The layout as JSON (docs/cli.md): addresses and sizes as numbers, regions in banner order,
   * zones, page totals, {@code /proc/meminfo} figures, the pkmap window, warnings and notes.
   */
  public static String json(MemoryLayout layout) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("arch", layout.description().arch());
    root.put("kernel", layout.description().kernel().toString());
    root.put("pageOffset", layout.pageOffset());
    root.put("physOffset", layout.physOffset());
    root.put("highMemory", layout.highMemory());
    List<Map<String, Object>> regions = new ArrayList<>();
    for (Region r : layout.regions()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", r.name());
      m.put("start", r.start());
      m.put("end", r.end());
      m.put("kind", r.kind().name().toLowerCase(Locale.ROOT));
      regions.add(m);
    }
    root.put("regions", regions);
    List<Map<String, Object>> zones = new ArrayList<>();
    for (Zone z : layout.zones()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", z.type().kernelName());
      m.put("start", z.start());
      m.put("end", z.end());
      m.put("spanned", z.spannedPages());
      m.put("present", z.presentPages());
      m.put("managed", z.managedPages());
      m.put("memmap", z.memmapPages());
      zones.add(m);
    }
    root.put("zones", zones);
    root.put("totalPages", layout.totalPages());
    Map<String, Object> memory = new LinkedHashMap<>();
    memory.put("totalKb", layout.physPages() * 4);
    memory.put("highmemKb", layout.highmemFreePages() * 4);
    root.put("memory", memory);
    Map<String, Object> meminfo = new LinkedHashMap<>();
    meminfo.put("VmallocTotal", layout.vmallocTotalKb());
    meminfo.put("HighTotal", layout.highTotalPages() * 4);
    root.put("meminfo", meminfo);
    layout.description().pkmapSpec().ifPresent(p -> {
      Map<String, Object> pk = new LinkedHashMap<>();
      pk.put("base", p.pkmapBase());
      pk.put("entries", p.lastPkmap());
      root.put("pkmap", pk);
    });
    root.put("warnings", layout.warnings());
    root.put("notes", layout.description().notes());
    return Json.write(root);
  }

  private static final Map<RegionKind, String> COLOURS = Map.ofEntries(
      Map.entry(RegionKind.VECTORS, "#b0bec5"), Map.entry(RegionKind.TCM, "#b0bec5"),
      Map.entry(RegionKind.FIXMAP, "#ffcc80"), Map.entry(RegionKind.FDT, "#d7ccc8"),
      Map.entry(RegionKind.CPU_ENTRY, "#ce93d8"), Map.entry(RegionKind.LDT, "#e1bee7"),
      Map.entry(RegionKind.CONSISTENT, "#bcaaa4"), Map.entry(RegionKind.VMALLOC, "#90caf9"),
      Map.entry(RegionKind.LOWMEM, "#a5d6a7"), Map.entry(RegionKind.PKMAP, "#ef9a9a"),
      Map.entry(RegionKind.MODULES, "#fff59d"), Map.entry(RegionKind.KERNEL_IMAGE, "#66bb6a"),
      Map.entry(RegionKind.USER, "#eeeeee"));

  /**
   * The 4 GiB virtual space as a column, top address at the top; small regions get a readable
   * minimum height, so the scale is piecewise. Beside it, physical RAM with lowmem and highmem.
   */
  public static String svg(MemoryLayout layout) {
    List<Region> top = new ArrayList<>();
    for (Region r : layout.regions()) {
      if (r.kind() != RegionKind.KERNEL_IMAGE && r.size() > 0) {
        top.add(r);
      }
    }
    top.add(new Region("user space", RegionKind.USER, 0, lowestKernel(layout)));
    top.sort(Comparator.comparingLong(Region::start).reversed());
    // Fill the gaps so every address has a box.
    List<Region> boxes = new ArrayList<>();
    long cursor = Addresses.ADDRESS_LIMIT;
    for (Region r : top) {
      if (r.end() < cursor) {
        boxes.add(new Region("(unused)", RegionKind.USER, r.end(), cursor));
      }
      if (r.end() <= cursor) {
        boxes.add(r);
        cursor = r.start();
      }
    }
    StringBuilder sb = new StringBuilder();
    int width = 900;
    int y = 60;
    List<String> body = new ArrayList<>();
    Map<String, int[]> boxY = new LinkedHashMap<>();
    for (Region r : boxes) {
      double mib = r.size() / (double) Addresses.MB;
      int h = (int) Math.max(22, Math.min(260, 22 + 18 * Math.log1p(mib)));
      String fill = r.name().equals("(unused)") ? "#ffffff" : COLOURS.getOrDefault(r.kind(), "#dddddd");
      body.add(String.format(Locale.ROOT,
          "<rect x=\"140\" y=\"%d\" width=\"260\" height=\"%d\" fill=\"%s\" stroke=\"#333\"/>", y, h, fill));
      body.add(String.format(Locale.ROOT,
          "<text x=\"270\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\">%s (%s)</text>",
          y + h / 2 + 5, esc(r.name()), human(r.size())));
      body.add(String.format(Locale.ROOT,
          "<text x=\"132\" y=\"%d\" text-anchor=\"end\" font-size=\"11\" font-family=\"monospace\">%s</text>",
          y + 10, Addresses.hex(r.end())));
      boxY.put(r.name(), new int[] {y, h});
      y += h;
    }
    body.add(String.format(Locale.ROOT,
        "<text x=\"132\" y=\"%d\" text-anchor=\"end\" font-size=\"11\" font-family=\"monospace\">%s</text>",
        y, Addresses.hex(0)));
    int height = Math.max(y + 40, 400);
    // Physical memory column.
    List<String> phys = new ArrayList<>();
    long low = layout.description().lowmemLimit();
    int py = 60;
    List<RamRange> ram = new ArrayList<>(layout.description().memory());
    ram.sort(Comparator.comparingLong(RamRange::base).reversed());
    for (RamRange r : ram) {
      List<long[]> parts = new ArrayList<>();
      if (r.end() > low && r.base() < low) {
        parts.add(new long[] {low, r.end(), 1});
        parts.add(new long[] {r.base(), low, 0});
      } else {
        parts.add(new long[] {r.base(), r.end(), r.base() >= low ? 1 : 0});
      }
      for (long[] p : parts) {
        double mib = (p[1] - p[0]) / (double) Addresses.MB;
        int h = (int) Math.max(22, Math.min(300, 30 + 30 * Math.log1p(mib / 16)));
        phys.add(String.format(Locale.ROOT,
            "<rect x=\"620\" y=\"%d\" width=\"200\" height=\"%d\" fill=\"%s\" stroke=\"#333\"/>",
            py, h, p[2] == 1 ? "#ef9a9a" : "#a5d6a7"));
        phys.add(String.format(Locale.ROOT,
            "<text x=\"720\" y=\"%d\" text-anchor=\"middle\" font-size=\"13\">%s (%s)</text>",
            py + h / 2 + 5, p[2] == 1 ? "highmem" : "lowmem", human(p[1] - p[0])));
        phys.add(String.format(Locale.ROOT,
            "<text x=\"828\" y=\"%d\" font-size=\"11\" font-family=\"monospace\">%s</text>",
            py + 10, String.format(Locale.ROOT, "%#010x", p[1])));
        phys.add(String.format(Locale.ROOT,
            "<text x=\"828\" y=\"%d\" font-size=\"11\" font-family=\"monospace\">%s</text>",
            py + h, String.format(Locale.ROOT, "%#010x", p[0])));
        if (p[2] == 1 && boxY.containsKey("pkmap")) {
          int[] pb = boxY.get("pkmap");
          phys.add(String.format(Locale.ROOT,
              "<line x1=\"400\" y1=\"%d\" x2=\"620\" y2=\"%d\" stroke=\"#c62828\" stroke-dasharray=\"2 4\"/>",
              pb[0] + pb[1] / 2, py + h / 2));
          phys.add(String.format(Locale.ROOT,
              "<text x=\"410\" y=\"%d\" font-size=\"11\" fill=\"#c62828\">kmap(): %d pages at a time</text>",
              pb[0] + pb[1] / 2 - 4, layout.description().pkmapSpec().map(k -> k.lastPkmap()).orElse(0)));
        }
        if (p[2] == 0 && boxY.containsKey("lowmem")) {
          int[] lb = boxY.get("lowmem");
          phys.add(String.format(Locale.ROOT,
              "<line x1=\"400\" y1=\"%d\" x2=\"620\" y2=\"%d\" stroke=\"#2e7d32\" stroke-dasharray=\"4 3\"/>",
              lb[0] + lb[1] / 2, py + h / 2));
        }
        py += h + 8;
      }
    }
    height = Math.max(height, py + 40);
    sb.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n",
        width + 80, height, width + 80, height));
    sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    sb.append(String.format(Locale.ROOT,
        "<text x=\"20\" y=\"24\" font-size=\"16\" font-weight=\"bold\">%s Linux %s: virtual memory (4 GiB, not to scale)</text>%n",
        esc(layout.description().arch()), esc(layout.description().kernel().toString())));
    sb.append(String.format(Locale.ROOT,
        "<text x=\"20\" y=\"44\" font-size=\"12\">kernel space from PAGE_OFFSET %s; lowmem maps %s of RAM linearly</text>%n",
        Addresses.hex(layout.pageOffset()), human(low - layout.physOffset())));
    sb.append("<text x=\"620\" y=\"44\" font-size=\"12\">physical RAM (lowmem green, highmem red)</text>\n");
    body.forEach(l -> sb.append(l).append('\n'));
    phys.forEach(l -> sb.append(l).append('\n'));
    sb.append("</svg>\n");
    return sb.toString();
  }

  private static long lowestKernel(MemoryLayout layout) {
    long min = layout.pageOffset();
    for (Region r : layout.regions()) {
      if (r.kind() != RegionKind.USER && r.size() > 0) {
        min = Math.min(min, r.start());
      }
    }
    return min;
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Zone names as JSON prints them. */
  static String zoneName(ZoneType t) {
    return t.kernelName();
  }
}

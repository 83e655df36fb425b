package org.memmap.core.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.memmap.api.Addresses;
import org.memmap.api.KernelVersion;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;
import org.memmap.api.Zone;
import org.memmap.api.ZoneType;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.BannerLine;
import org.memmap.api.spi.MemoryLineStyle;
import org.memmap.core.memblock.BootReservations;
import org.memmap.core.printk.BootMessages;
import org.memmap.core.proc.VmallocInfo;
import org.memmap.core.vmalloc.VmallocinfoLine;

/**
 * The output half of {@code check}: compares the figures a layout's kernel prints with the lines
 * a log printed. It gets the computed {@link MemoryLayout} and the log's lines, nothing else, so a
 * prediction cannot be read from the line it predicts.
 *
 * <p>It keeps an inventory: every figure this release prints (from the layout's description and
 * {@link BootMessages}) becomes a fact — verified, mismatched, or skipped with a reason ({@code not
 * in the log}) — so that deleting or rewording a figure line never makes it vanish. Figures the log
 * prints beyond the inventory are compared too. Numbers printed in the log are read leniently: a
 * number that cannot be read is printed back as a mismatch, never thrown.
 */
final class LogComparison {
  static final String NOT_IN_LOG = "not in the log";
  static final String RESERVED = "Memory: reserved (K)";
  static final String AVAILABLE = "Memory: available (K)";

  private static final Pattern BANNER =
      Pattern.compile("(\\S+)\\s*: (0x\\S+) - (0x\\S+)\\s+\\(\\s*(\\d+) (kB|MB)\\)");
  private static final Pattern ZONE_RANGE =
      Pattern.compile("(DMA|DMA32|Normal|HighMem|Movable)\\s+(?:\\[mem 0x([0-9a-fA-F]+)-0x([0-9a-fA-F]+)\\]|(empty))");
  private static final Pattern ZONE_PFN =
      Pattern.compile("(DMA|DMA32|Normal|HighMem)\\s+(0x[0-9a-f]+|\\d+) ->\\s+(0x[0-9a-f]+|\\d+)");
  private static final Pattern ACTIVE_RANGE = Pattern.compile("\\d+:\\s+(0x[0-9a-f]+|\\d+) ->\\s+(0x[0-9a-f]+|\\d+)");
  private static final Pattern NODE_RANGE =
      Pattern.compile("node\\s+0: \\[mem 0x([0-9a-fA-F]+)-0x([0-9a-fA-F]+)\\]");
  private static final Pattern ZONELIST = Pattern.compile("Built \\d+ zonelists.*Total pages: .*");
  private static final Pattern MEMMAP = Pattern.compile("(DMA|Normal|HighMem) zone: (\\S+) pages used for memmap");
  private static final Pattern ZONE_RESERVED = Pattern.compile("(DMA|Normal|HighMem) zone: (\\S+) pages reserved");
  private static final Pattern ZONE_PAGES = Pattern.compile("(DMA|Normal|HighMem) zone: (\\S+) pages, LIFO batch:(\\S+)");
  private static final Pattern TOTALPAGES = Pattern.compile("On node 0 totalpages: (\\S+)");
  private static final Pattern MEMORY_GENERIC = Pattern.compile(
      "Memory: (\\d+)K/(\\d+)K available \\((.*?)(?:, (\\d+)K reserved)(?:, (\\d+)K cma-reserved)?(?:, (\\d+)K highmem)?\\)");
  /** x86-32 up to 3.10: {@code Memory: free/totalk available (...k kernel code, ..., Nk highmem)}. */
  private static final Pattern MEMORY_X86_LEGACY = Pattern.compile(
      "Memory: (\\d+)k/(\\d+)k available \\(\\d+k kernel code.*?(?:, (\\d+)k highmem)?\\)");
  /** ARM up to 3.10, second line: {@code Memory: free/free2k available, Nk reserved, NK highmem}. */
  private static final Pattern MEMORY_ARM_LEGACY = Pattern.compile(
      "Memory: (\\d+)k/(\\d+)k available, (\\d+)k reserved(?:, (\\d+)K highmem)?");
  /** ARM up to 3.10, first line: one {@code NMB} per bank, then {@code = NMB total}. */
  private static final Pattern MEMORY_ARM_BANKS = Pattern.compile("Memory: (?:\\d+MB )+= (\\d+)MB total");
  private static final Pattern LOWHIGH = Pattern.compile("(\\S+)MB (HIGHMEM|LOWMEM) available\\.");
  private static final Pattern LOW_RAM = Pattern.compile("low ram: 0 - ([0-9a-f]+)");
  private static final Pattern INIT_HIGHMEM =
      Pattern.compile("Initializing HighMem for node 0 \\((\\S+):(\\S+)\\)");
  private static final Pattern MEMINFO = Pattern.compile("(VmallocTotal|HighTotal):\\s+(\\d+) kB");
  private static final Pattern MEMINFO_ANY = Pattern.compile("(MemTotal|MemFree):\\s+\\d+ kB");
  private static final Pattern ZONEINFO_ZONE = Pattern.compile("Node 0, zone\\s+(\\w+)");
  private static final Pattern ZONEINFO_COUNT = Pattern.compile("(spanned|present)\\s+(\\d+)");

  private LogComparison() {}

  /** Every fact of the inventory and every figure line of {@code lines}, compared with {@code layout}. */
  static List<Fact> compare(MemoryLayout layout, List<String> lines) {
    return compare(layout, lines, new BootReservations(List.of(), List.of("the boot reservations (not given)")));
  }

  /**
   * {@link #compare(MemoryLayout, List)} with the modelled boot reservations, which give the
   * {@code Memory:} line's reserved figure when the log holds no memblock list and no input of
   * theirs is missing.
   */
  static List<Fact> compare(MemoryLayout layout, List<String> lines, BootReservations model) {
    Map<String, Fact> out = new LinkedHashMap<>();
    ArchDescription d = layout.description();
    List<RamRange> nodeRanges = new ArrayList<>();
    String zoneinfoZone = null;
    boolean zoneBlock = false;
    boolean meminfo = false;
    for (String l : lines) {
      Matcher m;
      if ((m = BANNER.matcher(l)).matches()) {
        banner(layout, m.group(1), l, out);
      } else if (l.equals("Zone ranges:") || l.equals("Zone PFN ranges:")) {
        zoneBlock = true;
      } else if ((m = ZONE_RANGE.matcher(l)).matches()) {
        String zone = m.group(1);
        OptionalLong s = hex(m.group(2));
        OptionalLong e = hex(m.group(3));
        String log = m.group(4) != null ? "empty"
            : s.isPresent() && e.isPresent() && e.getAsLong() != -1 ? range(s.getAsLong(), e.getAsLong() + 1) : l;
        put(out, Fact.compare("zone " + zone + " range", zoneRange(layout, zone), log));
      } else if ((m = ZONE_PFN.matcher(l)).matches()) {
        String zone = m.group(1);
        Optional<Zone> z = zone(layout, zone);
        String exp = z.map(x -> x.startPfn() + " -> " + x.endPfn()).orElse("no " + zone + " zone");
        put(out, Fact.compare("zone " + zone + " range", exp, pfnText(m.group(2)) + " -> " + pfnText(m.group(3))));
      } else if ((m = ACTIVE_RANGE.matcher(l)).matches()) {
        OptionalLong s = pfn(m.group(1));
        OptionalLong e = pfn(m.group(2));
        if (s.isPresent() && e.isPresent() && e.getAsLong() > s.getAsLong() && e.getAsLong() < (Addresses.PHYS_LIMIT >> 12)) {
          nodeRanges.add(new RamRange(Addresses.pfnToPhys(s.getAsLong()),
              Addresses.pfnToPhys(e.getAsLong() - s.getAsLong())));
        }
      } else if ((m = NODE_RANGE.matcher(l)).find()) {
        OptionalLong s = hex(m.group(1));
        OptionalLong e = hex(m.group(2));
        if (s.isPresent() && e.isPresent() && Long.compareUnsigned(e.getAsLong(), Addresses.PHYS_LIMIT) < 0
            && e.getAsLong() >= s.getAsLong()) {
          nodeRanges.add(new RamRange(s.getAsLong(), e.getAsLong() + 1 - s.getAsLong()));
        }
      } else if ((m = TOTALPAGES.matcher(l)).matches()) {
        put(out, Fact.compare("On node 0 totalpages", Long.toString(layout.physPages()), m.group(1)));
      } else if ((m = MEMMAP.matcher(l)).find()) {
        put(out, Fact.compare(m.group(1) + " zone pages used for memmap",
            zone(layout, m.group(1)).map(z -> Long.toString(z.memmapPages())).orElse("no " + m.group(1) + " zone"),
            m.group(2)));
      } else if ((m = ZONE_RESERVED.matcher(l)).find()) {
        put(out, Fact.compare(m.group(1) + " zone pages reserved", detail(layout, m.group(1), "pages reserved"), l));
      } else if ((m = ZONE_PAGES.matcher(l)).find()) {
        put(out, Fact.compare(m.group(1) + " zone pages and batch", detail(layout, m.group(1), "LIFO batch"), l));
      } else if (ZONELIST.matcher(l).matches()) {
        put(out, Fact.compare("zonelist and Total pages", BootMessages.zonelist(layout), l));
      } else if (l.startsWith("Memory: ")) {
        memoryLine(layout, l, lines, model, out);
      } else if ((m = LOWHIGH.matcher(l)).matches()) {
        String kind = m.group(2);
        String exp = BootMessages.lowHighAvailable(layout).stream()
            .filter(x -> x.contains(kind)).findFirst().orElse("no such line");
        put(out, Fact.compare(kind + " available", exp, l));
      } else if ((m = LOW_RAM.matcher(l)).find()) {
        // x86 setup_bootmem_allocator(): "%08lx" of max_pfn_mapped (mapped low ram) and of
        // max_low_pfn (low ram), padded to 8 digits.
        boolean mapped = l.contains("mapped low ram");
        put(out, Fact.compare(mapped ? "mapped low ram" : "low ram",
            String.format(Locale.ROOT, "%08x", mapped ? maxPfnMapped(d) : d.lowmemLimit()), m.group(1)));
      } else if ((m = INIT_HIGHMEM.matcher(l)).find()) {
        put(out, Fact.compare("Initializing HighMem", initHighmem(layout), m.group(1) + ":" + m.group(2)));
      } else if ((m = MEMINFO.matcher(l)).matches()) {
        meminfo = true;
        long exp = m.group(1).equals("VmallocTotal") ? layout.vmallocTotalKb() : layout.highTotalPages() * 4;
        put(out, Fact.compare("/proc/meminfo " + m.group(1) + " (kB)", Long.toString(exp), m.group(2)));
      } else if (MEMINFO_ANY.matcher(l).matches()) {
        meminfo = true;
      } else if ((m = ZONEINFO_ZONE.matcher(l)).matches()) {
        zoneinfoZone = m.group(1);
      } else if (zoneinfoZone != null && (m = ZONEINFO_COUNT.matcher(l)).matches()) {
        Optional<Zone> z = zone(layout, zoneinfoZone);
        if (z.isPresent() && !z.get().isEmpty()) {
          long exp = m.group(1).equals("spanned") ? z.get().spannedPages() : z.get().presentPages();
          put(out, Fact.compare("/proc/zoneinfo " + zoneinfoZone + " " + m.group(1), Long.toString(exp), m.group(2)));
        }
      }
    }
    if (!nodeRanges.isEmpty()) {
      List<String> exp = new ArrayList<>();
      List<RamRange> node = d.zoneRules().nodeMemory().isEmpty() ? d.memory() : d.zoneRules().nodeMemory();
      for (RamRange r : node) {
        long s = Addresses.pfnToPhys(Addresses.pfnUp(r.base()));
        long e = Addresses.pfnToPhys(Addresses.pfnDown(r.end()));
        if (e > s) {
          exp.add(printedRange(d.kernel(), s, e));
        }
      }
      List<String> got = nodeRanges.stream().map(r -> range(r.base(), r.end())).distinct().toList();
      put(out, Fact.compare("Early memory node ranges", String.join(" ", exp), String.join(" ", got)));
    }
    vmallocinfo(layout, lines, out);
    inventory(layout, zoneBlock, meminfo, out);
    return List.copyOf(out.values());
  }

  /** The first fact of a name wins: a log prints each figure once per boot. */
  private static void put(Map<String, Fact> out, Fact f) {
    out.putIfAbsent(f.name(), f);
  }

  /** Every figure this release prints that the log did not show: skipped, or mismatched where a block lacks a line. */
  private static void inventory(MemoryLayout layout, boolean zoneBlock, boolean meminfo, Map<String, Fact> out) {
    ArchDescription d = layout.description();
    if (d.banner().printed()) {
      for (BannerLine b : d.banner().lines()) {
        put(out, Fact.skipped("banner " + b.region(), NOT_IN_LOG));
      }
    }
    for (Zone z : layout.zones()) {
      String name = "zone " + z.type().kernelName() + " range";
      if (zoneBlock) {
        put(out, Fact.compare(name, zoneRange(layout, z.type().kernelName()), "no " + z.type().kernelName() + " line"));
      } else {
        put(out, Fact.skipped(name, NOT_IN_LOG));
      }
    }
    for (String detail : BootMessages.zoneDetails(layout)) {
      String s = detail.strip();
      Matcher m;
      if (TOTALPAGES.matcher(s).matches()) {
        put(out, Fact.skipped("On node 0 totalpages", NOT_IN_LOG));
      } else if ((m = MEMMAP.matcher(s)).matches()) {
        put(out, Fact.skipped(m.group(1) + " zone pages used for memmap", NOT_IN_LOG));
      } else if ((m = ZONE_RESERVED.matcher(s)).matches()) {
        put(out, Fact.skipped(m.group(1) + " zone pages reserved", NOT_IN_LOG));
      } else if ((m = ZONE_PAGES.matcher(s)).matches()) {
        put(out, Fact.skipped(m.group(1) + " zone pages and batch", NOT_IN_LOG));
      }
    }
    put(out, Fact.skipped("zonelist and Total pages", NOT_IN_LOG));
    // The Memory: line(s) of mem_init(): each figure it prints, in the style of the release.
    MemoryLineStyle style = d.boot().memoryLine();
    if (style == MemoryLineStyle.ARM_LEGACY) {
      put(out, Fact.skipped("Memory: total (MB)", NOT_IN_LOG));
      put(out, Fact.skipped("Memory: available and reserved", NOT_IN_LOG));
    } else if (style == MemoryLineStyle.X86_LEGACY) {
      put(out, Fact.skipped("Memory: total (k, num_physpages)", NOT_IN_LOG));
      put(out, Fact.skipped("Memory: available, reserved, image sizes", NOT_IN_LOG));
    } else {
      put(out, Fact.skipped("Memory: total (K)", NOT_IN_LOG));
      if (d.kernel().atLeast(3, 19)) {
        put(out, Fact.skipped("Memory: cma-reserved (K)", NOT_IN_LOG));
      }
      put(out, Fact.skipped("Memory: image sizes", NOT_IN_LOG));
      put(out, Fact.skipped(RESERVED, NOT_IN_LOG));
      put(out, Fact.skipped(AVAILABLE, NOT_IN_LOG));
    }
    // ARM's and x86's mem_init() up to 3.10 print the highmem item whatever the config
    // (totalhigh_pages is 0 without CONFIG_HIGHMEM); the generic line prints it only with HIGHMEM.
    if (d.zoneRules().highmem() || style != MemoryLineStyle.GENERIC) {
      put(out, Fact.skipped(style == MemoryLineStyle.X86_LEGACY ? "Memory: highmem (k)" : "Memory: highmem (K)",
          NOT_IN_LOG));
    }
    for (String lh : BootMessages.lowHighAvailable(layout)) {
      put(out, Fact.skipped(lh.contains("HIGHMEM") ? "HIGHMEM available" : "LOWMEM available", NOT_IN_LOG));
    }
    // set_highmem_pages_init() (arch/x86/mm/highmem_32.c) prints it for every HIGHMEM kernel of
    // the arch that prints the LOWMEM/HIGHMEM lines; a 2.6.22 log lacks it, 2.6.31 has it: it is
    // inventoried from 2.6.27, where the x86 merge gave the 32-bit setup this form (not pinned by a boot).
    if (d.boot().printsLowHighAvailable() && d.zoneRules().highmem() && d.kernel().atLeast(2, 6, 27)) {
      put(out, Fact.skipped("Initializing HighMem", NOT_IN_LOG));
    }
    if (meminfo) {
      put(out, Fact.skipped("/proc/meminfo VmallocTotal (kB)", NOT_IN_LOG));
      if (d.zoneRules().highmem()) {
        put(out, Fact.skipped("/proc/meminfo HighTotal (kB)", NOT_IN_LOG));
      }
    }
  }

  private static void banner(MemoryLayout layout, String name, String l, Map<String, Fact> out) {
    ArchDescription d = layout.description();
    String key = "banner " + name;
    if (out.containsKey(key)) {
      return;
    }
    Optional<BannerLine> line = d.banner().lines().stream().filter(b -> b.region().equals(name)).findFirst();
    Optional<Region> region = d.region(name);
    boolean section = d.boot().imageSections().stream().anyMatch(s -> s.name().equals(name));
    if (section && (line.isEmpty() || region.isEmpty())) {
      // Mainline prints the image sections up to 5.0, hashed (0x(ptrval)) from 4.15: a section
      // without addresses cannot be recomputed without the image symbols.
      put(out, Fact.skipped(key, l.contains("ptrval")
          ? "the log hashes the image addresses (0x(ptrval)); a System.map gives them"
          : "the image symbols are unknown; a System.map gives them"));
    } else if (line.isEmpty()) {
      // A line mainline never printed for this release (vendor kernels add their own, such as
      // Qualcomm's "timers"): nothing to recompute it from.
      put(out, Fact.skipped(key, "mainline " + d.kernel() + " prints no '" + name + "' line (a vendor addition?): " + l));
    } else if (region.isEmpty()) {
      put(out, Fact.skipped(key, "memmap has no '" + name + "' region for this machine: " + l));
    } else {
      put(out, Fact.compare(key, BootMessages.bannerLine(line.get(), region.get()).strip(), l));
    }
  }

  private static void memoryLine(MemoryLayout layout, String l, List<String> lines, BootReservations model,
      Map<String, Fact> out) {
    Matcher g = MEMORY_GENERIC.matcher(l);
    long totalKb = layout.physPages() * 4;
    long highKb = layout.highmemFreePages() * 4;
    if (g.matches()) {
      put(out, Fact.compare("Memory: total (K)", Long.toString(totalKb), g.group(2)));
      if (g.group(5) != null) {
        long cmaKb = layout.machine().cma().stream().mapToLong(RamRange::size).sum() >> 10;
        put(out, Fact.compare("Memory: cma-reserved (K)", Long.toString(cmaKb), g.group(5)));
      }
      if (g.group(6) != null) {
        put(out, Fact.compare("Memory: highmem (K)", Long.toString(highKb), g.group(6)));
      } else if (layout.description().zoneRules().highmem()) {
        put(out, Fact.compare("Memory: highmem (K)", Long.toString(highKb), "no highmem item"));
      }
      Optional<String> image = BootMessages.memoryImageFigures(layout);
      if (image.isPresent()) {
        put(out, Fact.compare("Memory: image sizes", image.get(), g.group(3)));
      } else {
        put(out, Fact.skipped("Memory: image sizes", "needs image symbols the banner does not print (rodata, init text); a System.map gives them"));
      }
      availableAndReserved(layout, lines, model, g, out);
      return;
    }
    Matcher o = MEMORY_X86_LEGACY.matcher(l);
    if (o.matches()) {
      // x86-32's own mem_init() (up to 3.10) printed num_physpages = highend_pfn: the highest
      // pfn, holes included, not the present pages.
      long maxPfn = layout.zones().stream().mapToLong(Zone::endPfn).max().orElse(0);
      put(out, Fact.compare("Memory: total (k, num_physpages)", Long.toString(maxPfn * 4), o.group(2)));
      if (o.group(3) != null) {
        put(out, Fact.compare("Memory: highmem (k)", Long.toString(highKb), o.group(3)));
      }
      put(out, Fact.skipped("Memory: available, reserved, image sizes",
          "they depend on boot-time reservations and the image's own sections"));
      return;
    }
    Matcher a = MEMORY_ARM_LEGACY.matcher(l);
    if (a.matches()) {
      if (a.group(4) != null) {
        put(out, Fact.compare("Memory: highmem (K)", Long.toString(highKb), a.group(4)));
      }
      put(out, Fact.skipped("Memory: available and reserved", "they depend on boot-time reservations"));
      return;
    }
    Matcher b = MEMORY_ARM_BANKS.matcher(l);
    if (b.matches()) {
      put(out, Fact.compare("Memory: total (MB)", Long.toString(layout.physPages() >> 8), b.group(1)));
      return;
    }
    if (l.matches("Memory: \\d+[Kk]/\\d+[Kk] available.*")) {
      put(out, Fact.skipped("Memory: line", "format not recognised: " + l));
    }
  }

  /**
   * The generic line's {@code reserved} and {@code available} (3.11+, {@code
   * mem_init_print_info()}): reserved is {@code physpages - totalram_pages - totalcma_pages}, the
   * pages {@code memblock_free_all()} did not free (CMA apart from 3.19, when {@code
   * totalcma_pages} joined the line; before, the CMA areas are still reserved and count in it).
   * It is verified from memblock's own reserved list where the log holds it ({@link
   * MemblockReserved}), else from the modelled reservations ({@link BootReservations}) when every
   * input is known, else skipped naming what is missing. Available is {@code nr_free_pages()}: up to 6.1 the line is
   * printed right after {@code memblock_free_all()} ({@code mm_init()} of 6.1's init/main.c), so
   * available = total - reserved - cma-reserved; 6.12 prints it from {@code
   * page_alloc_init_late()} after SMP bring-up, when pages have been allocated, and it is skipped.
   */
  private static void availableAndReserved(MemoryLayout layout, List<String> lines, BootReservations model,
      Matcher g, Map<String, Fact> out) {
    KernelVersion v = layout.description().kernel();
    long totalKb = layout.physPages() * 4;
    long cmaKb = layout.machine().cma().stream().mapToLong(RamRange::size).sum() >> 10;
    long cmaApartKb = v.atLeast(3, 19) ? cmaKb : 0;
    MemblockReserved.Result r = MemblockReserved.of(layout, lines, model);
    OptionalLong reservedKb = r.reservedKb();
    if (reservedKb.isPresent()) {
      put(out, Fact.compare(RESERVED, Long.toString(reservedKb.getAsLong()), g.group(4)));
    } else {
      put(out, Fact.skipped(RESERVED, r.why()));
    }
    if (v.atLeast(6, 2)) {
      put(out, Fact.skipped(AVAILABLE, "from 6.12 (a release after 6.1) the line is printed in page_alloc_init_late(),"
          + " after boot allocations: nr_free_pages() then is not modelled"));
      return;
    }
    // The printed reserved figure stands in when memblock's list is not in the log: the
    // identity available + reserved + cma-reserved = total still catches an altered figure.
    long res = reservedKb.isPresent() ? reservedKb.getAsLong() : parseOr(g.group(4), -1);
    if (res < 0) {
      put(out, Fact.compare(AVAILABLE, "a number", g.group(4)));
      return;
    }
    put(out, Fact.compare(AVAILABLE, Long.toString(totalKb - res - cmaApartKb), g.group(1)));
  }

  private static long parseOr(String digits, long otherwise) {
    return digits != null && digits.length() <= 18 ? Long.parseLong(digits) : otherwise;
  }

  private static void vmallocinfo(MemoryLayout layout, List<String> lines, Map<String, Fact> out) {
    int areas = 0;
    List<String> outside = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String l : lines) {
      Optional<VmallocinfoLine> e = VmallocInfo.parseLine(l);
      if (e.isEmpty() || !seen.add(l)) {
        continue;
      }
      areas++;
      long start = e.get().start();
      long end = e.get().end();
      boolean inside = layout.regions().stream()
          .filter(r -> r.kind() == RegionKind.VMALLOC || r.kind() == RegionKind.MODULES)
          .anyMatch(r -> start >= r.start() && end <= r.end())
          // Static areas the arch maps before vmalloc is up (ARM's dma_contiguous_remap()).
          || layout.description().vmallocSpec().earlyAreas().stream()
              .anyMatch(r -> start == r.start() && end == r.end());
      if (!inside) {
        outside.add(String.format(Locale.ROOT, "%08x-%08x", start, end));
      }
    }
    if (areas > 0) {
      put(out, Fact.compare("/proc/vmallocinfo areas inside vmalloc or modules",
          "all " + areas, outside.isEmpty() ? "all " + areas : "outside: " + String.join(", ", outside)));
    }
  }

  /**
   * {@code set_highmem_pages_init()}'s {@code (%08lx:%08lx)}: the HighMem zone's {@code
   * zone_start_pfn} and its end. An empty zone has {@code zone_start_pfn} 0 from 4.6, where
   * {@code calculate_node_totalpages()} (mm/page_alloc.c) sets it so for a zone without pages
   * (6.1's 256 MiB boot prints {@code 00000000:00000000}); before, the zone kept its boundary.
   */
  private static String initHighmem(MemoryLayout layout) {
    Optional<Zone> high = layout.zone(ZoneType.HIGHMEM);
    if (high.isEmpty()) {
      return "none";
    }
    Zone z = high.get();
    if (z.spannedPages() == 0 && layout.description().kernel().atLeast(4, 6)) {
      return "00000000:00000000";
    }
    return String.format(Locale.ROOT, "%08x:%08x", z.startPfn(), z.endPfn());
  }

  /** The model's line of {@code zoneDetails()} for a zone, containing {@code what}. */
  private static String detail(MemoryLayout layout, String zone, String what) {
    String key = zone + " zone: ";
    return BootMessages.zoneDetails(layout).stream().map(String::strip)
        .filter(x -> x.startsWith(key) && x.contains(what)).findFirst()
        .orElse("not printed by " + layout.description().kernel() + " for this layout");
  }

  /** Hex digits as an unsigned 64-bit number, empty when they do not fit. */
  private static OptionalLong hex(String digits) {
    if (digits == null) {
      return OptionalLong.empty();
    }
    String d = digits.startsWith("0x") ? digits.substring(2) : digits;
    d = d.replaceFirst("^0+(?=.)", "");
    if (d.isEmpty() || d.length() > 16 || !d.matches("[0-9a-fA-F]+")) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseUnsignedLong(d, 16));
  }

  /** A pfn as old kernels print it: decimal, or {@code 0x} hex in later 2.6 releases. */
  private static OptionalLong pfn(String text) {
    if (text.startsWith("0x")) {
      return hex(text);
    }
    String d = text.replaceFirst("^0+(?=.)", "");
    return d.length() > 18 ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(d));
  }

  private static String pfnText(String text) {
    OptionalLong v = pfn(text);
    return v.isPresent() ? Long.toString(v.getAsLong()) : text;
  }

  private static Optional<Zone> zone(MemoryLayout layout, String name) {
    return layout.zones().stream().filter(z -> z.type().kernelName().equals(name)).findFirst();
  }

  private static String zoneRange(MemoryLayout layout, String name) {
    KernelVersionFormat f = KernelVersionFormat.of(layout);
    return zone(layout, name).map(z -> f.pfns ? z.startPfn() + " -> " + z.endPfn()
            : z.isEmpty() ? "empty"
            : printedRange(layout.description().kernel(), z.start(), BootMessages.printedEnd(layout, z)))
        .orElse("no " + name + " zone");
  }

  /** Whether the release prints zones as pfns ({@code Zone PFN ranges:}, up to 3.4). */
  private record KernelVersionFormat(boolean pfns) {
    static KernelVersionFormat of(MemoryLayout layout) {
      return new KernelVersionFormat(!layout.description().kernel().atLeast(3, 5));
    }
  }

  /**
   * x86 {@code max_pfn_mapped} after {@code init_mem_mapping()}, as a physical address: from 3.9
   * the end of the highest RAM range below {@code max_low_pfn} (only RAM is mapped), before it
   * {@code max_low_pfn} itself.
   */
  private static long maxPfnMapped(ArchDescription d) {
    long limit = d.lowmemLimit();
    if (!d.kernel().atLeast(3, 9)) {
      return limit;
    }
    long end = 0;
    for (RamRange r : d.memory()) {
      if (r.base() < limit) {
        end = Math.max(end, Addresses.pfnToPhys(Addresses.pfnDown(Math.min(r.end(), limit))));
      }
    }
    return end;
  }

  /**
   * A zone or node range as {@code free_area_init_nodes()} printed it: from 3.5 to 3.19 with
   * {@code unsigned long} arithmetic ({@code pfn << PAGE_SHIFT}, then {@code - 1}), so a 32-bit
   * PAE kernel printed addresses above 4 GiB truncated to 32 bits; 4.0 prints them in full (u64,
   * "mm: use correct format specifiers when printing address ranges", Juergen Gross, 2015).
   */
  private static String printedRange(org.memmap.api.KernelVersion v, long start, long endExclusive) {
    if (v.atLeast(3, 5) && !v.atLeast(4, 0)) {
      long s = start & 0xffffffffL;
      long last = ((endExclusive & 0xffffffffL) - 1) & 0xffffffffL;
      return String.format(Locale.ROOT, "[mem %#010x-%#010x]", s, last);
    }
    return range(start, endExclusive);
  }

  private static String range(long start, long endExclusive) {
    return String.format(Locale.ROOT, "[mem %#010x-%#010x]", start, endExclusive - 1);
  }
}

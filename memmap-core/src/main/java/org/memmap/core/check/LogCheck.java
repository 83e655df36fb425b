package org.memmap.core.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.api.Region;
import org.memmap.api.Zone;
import org.memmap.api.ZoneType;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.BannerLine;
import org.memmap.api.spi.BuildInput;
import org.memmap.api.spi.ImageSection;
import org.memmap.api.spi.LogHint;
import org.memmap.core.MemMap;
import org.memmap.core.printk.BootMessages;

/**
 * {@code memmap check}: takes from a boot log only what a kernel is given — the release, the
 * command line, the firmware memory map (e820, or the device tree's memory nodes), CMA
 * reservations, the image section addresses, and on x86 the build-dependent fixmap and
 * cpu_entry lines — recomputes every memory figure the log prints and compares. It never reads
 * an output line to make a prediction, so a log with one figure altered fails.
 */
public final class LogCheck {
  private static final String HEX = "(?:0x)?([0-9a-fA-F]+)";
  private static final Pattern VERSION = Pattern.compile("Linux version (\\S+)");
  /**
   * One entry of an e820 map as {@code e820_print_map(who)} prints it: the firmware's ({@code
   * BIOS-e820}, or {@code BIOS-e801}/{@code BIOS-88} when the BIOS had no e820 call,
   * arch/x86/kernel/e820.c up to 2.6.3x), or the map after the kernel changed it ({@code
   * modified}, printed by {@code update_e820()} under a {@code modified physical RAM map:} header).
   */
  private static final Pattern E820_NEW =
      Pattern.compile("(?:BIOS-e820|modified): \\[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\\]\\s+(System RAM|\\w+)");
  private static final Pattern E820_OLD =
      Pattern.compile("(?:BIOS-e820|BIOS-e801|BIOS-88|modified): ([0-9a-f]{8,16}) - ([0-9a-f]{8,16}) \\((\\w+)\\)");
  /** MIPS {@code print_memory_map()} (arch/mips/kernel/setup.c, up to 5.1): {@code memory: SIZE @ BASE (type)}. */
  private static final Pattern BOOT_MEM_MAP =
      Pattern.compile("memory: ([0-9a-f]{8,16}) @ ([0-9a-f]{8,16}) \\((usable|usable after init|kernel data and code)\\)");
  private static final Pattern E820_CUT = Pattern.compile(
      "e820: (?:update|remove) \\[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\\] (?:usable|System RAM)(?: ==> .*)?");
  private static final Pattern E820_CUT_OLD = Pattern.compile(
      "e820 (?:update|remove) range: ([0-9a-f]{8,16}) - ([0-9a-f]{8,16}) \\(usable\\)(?: ==> \\(reserved\\))?");
  private static final Pattern NODE_RANGE =
      Pattern.compile("node\\s+0: \\[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\\]");
  private static final Pattern CMA =
      Pattern.compile("cma: (?:CMA: )?[Rr]eserved (\\d+) MiB at " + HEX);
  private static final Pattern BANNER =
      Pattern.compile("(\\S+)\\s*: (0x\\S+) - (0x\\S+)\\s+\\(\\s*(\\d+) (kB|MB)\\)");
  private static final Pattern ZONE_RANGE =
      Pattern.compile("(DMA|DMA32|Normal|HighMem|Movable)\\s+(?:\\[mem 0x([0-9a-f]+)-0x([0-9a-f]+)\\]|(empty))");
  private static final Pattern ZONE_PFN =
      Pattern.compile("(DMA|DMA32|Normal|HighMem)\\s+(0x[0-9a-f]+|\\d+) ->\\s+(0x[0-9a-f]+|\\d+)");
  private static final Pattern ACTIVE_RANGE = Pattern.compile("\\d+:\\s+(0x[0-9a-f]+|\\d+) ->\\s+(0x[0-9a-f]+|\\d+)");
  private static final Pattern ZONELIST = Pattern.compile("Built \\d+ zonelists.*Total pages: \\d+");
  private static final Pattern MEMMAP = Pattern.compile("(DMA|Normal|HighMem) zone: (\\d+) pages used for memmap");
  private static final Pattern ZONE_PAGES = Pattern.compile("(DMA|Normal|HighMem) zone: (\\d+) pages, LIFO batch:(\\d+)");
  private static final Pattern TOTALPAGES = Pattern.compile("On node 0 totalpages: (\\d+)");
  private static final Pattern MEMORY_GENERIC = Pattern.compile(
      "Memory: (\\d+)K/(\\d+)K available \\(.*?(?:, (\\d+)K cma-reserved)?(?:, (\\d+)K highmem)?\\)");
  /** x86-32 up to 3.10: {@code Memory: free/totalk available (...k kernel code, ..., Nk highmem)}. */
  private static final Pattern MEMORY_X86_LEGACY = Pattern.compile(
      "Memory: (\\d+)k/(\\d+)k available \\(\\d+k kernel code.*?(?:, (\\d+)k highmem)?\\)");
  /** ARM up to 3.10, second line: {@code Memory: free/free2k available, Nk reserved, NK highmem}. */
  private static final Pattern MEMORY_ARM_LEGACY = Pattern.compile(
      "Memory: (\\d+)k/(\\d+)k available, (\\d+)k reserved(?:, (\\d+)K highmem)?");
  /** ARM up to 3.10, first line: one {@code NMB} per bank, then {@code = NMB total}. */
  private static final Pattern MEMORY_ARM_BANKS = Pattern.compile("Memory: (?:\\d+MB )+= (\\d+)MB total");
  private static final Pattern LOWHIGH = Pattern.compile("(\\d+)MB (HIGHMEM|LOWMEM) available\\.");
  private static final Pattern LOW_RAM = Pattern.compile("low ram: 0 - ([0-9a-f]+)");
  private static final Pattern INIT_HIGHMEM =
      Pattern.compile("Initializing HighMem for node 0 \\(([0-9a-f]+):([0-9a-f]+)\\)");
  private static final Pattern MEMINFO = Pattern.compile("(VmallocTotal|HighTotal):\\s+(\\d+) kB");
  private static final Pattern VMALLOCINFO = Pattern.compile("0x([0-9a-f]{8})-0x([0-9a-f]{8})\\s+\\d+.*");
  private static final Pattern DISTRO_STABLE = Pattern.compile(" (?:Debian|Ubuntu) (\\d+)\\.(\\d+)\\.(\\d+)-");
  private static final Pattern POSSIBLE_CPUS =
      Pattern.compile("nr_cpu_ids[=:](\\d+)|SLUB: .*CPUs=(\\d+)");
  private static final Pattern ZONEINFO_ZONE = Pattern.compile("Node 0, zone\\s+(\\w+)");
  private static final Pattern ZONEINFO_COUNT = Pattern.compile("(spanned|present)\\s+(\\d+)");

  private LogCheck() {}

  /**
   * What the user added to the log's inputs: every field is optional except the sets.
   *
   * @param arch the architecture, when the log does not tell
   * @param kernel the release, when the log has no {@code Linux version} line
   * @param ram RAM banks, when the log has no memory map (empty: take the log's)
   * @param commandLine overrides the log's command line
   * @param config a {@code .config}; it also decides x86's fixmap, so the banner's is then checked
   * @param configSets {@code --set CONFIG_X=value} overrides
   * @param boardFacts {@code --set key=value} board facts
   */
  public record Options(
      Optional<String> arch,
      Optional<KernelVersion> kernel,
      List<RamRange> ram,
      Optional<KernelCommandLine> commandLine,
      Optional<KernelConfig> config,
      KernelConfig configSets,
      Map<String, String> boardFacts) {
    /** Copies the collections. */
    public Options {
      ram = List.copyOf(ram);
      boardFacts = Map.copyOf(boardFacts);
    }
  }

  /**
   * The outcome: every fact, and the machine recomputed.
   *
   * @param machine the machine memmap took from the log and the options
   * @param facts every fact, in log order
   */
  public record Result(Machine machine, List<Fact> facts) {
    /** Copies the list. */
    public Result {
      facts = List.copyOf(facts);
    }

    /** Facts verified. */
    public long verified() {
      return facts.stream().filter(f -> f.status() == Fact.Status.OK).count();
    }

    /** Facts mismatched. */
    public long mismatched() {
      return facts.stream().filter(f -> f.status() == Fact.Status.MISMATCH).count();
    }

    /** Facts skipped. */
    public long skipped() {
      return facts.stream().filter(f -> f.status() == Fact.Status.SKIPPED).count();
    }

    /** {@code N verified, M mismatched, K skipped}. */
    public String summary() {
      return verified() + " verified, " + mismatched() + " mismatched, " + skipped() + " skipped";
    }
  }

  /**
   * Checks a log.
   *
   * @throws InputException if the log is unusable: no release and none given, a 64-bit kernel,
   *     no RAM and none given, or no memory figures at all
   */
  public static Result check(MemMap memmap, BootLog log, Options options) {
    List<String> lines = log.lines();
    Optional<String> versionLine = log.first("Linux version ");
    if (versionLine.isPresent() && is64Bit(versionLine.get(), lines)) {
      throw new InputException(log.source() + ": this is the log of a 64-bit kernel; memmap models 32-bit ARM and x86");
    }
    if (lines.stream().anyMatch(l -> l.matches("DMA32\\s+\\[mem.*"))) {
      throw new InputException(log.source() + ": the log has a DMA32 zone, so it is from a 64-bit kernel; memmap models 32-bit ARM and x86");
    }
    KernelVersion kernel = options.kernel().orElseGet(() -> versionLine
        .map(l -> {
          Matcher m = VERSION.matcher(l);
          return m.find() ? stableRelease(KernelVersion.parse(m.group(1)), l) : null;
        })
        .orElseThrow(() -> new InputException(InputException.Input.KERNEL, log.source()
            + ": no 'Linux version' line (truncated log?); give the kernel release")));

    List<RamRange> e820 = e820(lines);
    List<RamRange> bootMemMap = bootMemMap(lines);
    String arch = options.arch().orElse(e820.isEmpty() ? "arm" : "x86");
    // What the kernel itself cut out of the firmware map before sizing zones (low pages the
    // BIOS may corrupt, the ISA hole) depends on configuration; the log says what it cut.
    for (RamRange cut : e820Cuts(lines)) {
      e820 = RamRange.subtract(e820, cut);
    }
    List<RamRange> ram = !options.ram().isEmpty() ? options.ram()
        : !e820.isEmpty() ? e820
        : !bootMemMap.isEmpty() ? bootMemMap
        : nodeRanges(lines);
    boolean nodeRangesAreInput = options.ram().isEmpty() && e820.isEmpty() && bootMemMap.isEmpty();
    if (ram.isEmpty()) {
      throw new InputException(InputException.Input.RAM, log.source() + ": the log has no memory map (no BIOS-e820 lines, no"
          + " 'Determined physical RAM map', no 'Early memory node ranges'); give the RAM ranges");
    }
    KernelCommandLine cmdline = options.commandLine().orElseGet(() -> log.first("Kernel command line: ")
        .map(l -> new KernelCommandLine(l.substring("Kernel command line: ".length())))
        .orElse(KernelCommandLine.EMPTY));
    KernelConfig config = options.config().orElse(KernelConfig.EMPTY);
    if (options.config().isEmpty()) {
      for (LogHint hint : memmap.architectures().require(arch).logHints()) {
        if (!options.configSets().mentions(hint.option())
            && hint.appliesTo(lines)) {
          config = config.with(hint.option(), hint.value());
        }
      }
    }
    config = config.withAll(options.configSets());
    Machine machine = new Machine(arch, kernel, ram, config, cmdline, options.boardFacts(), Map.of(), cma(lines));

    // A first description tells which banner lines are inputs and which symbols bound a section.
    ArchDescription first = memmap.describe(machine);
    Map<String, Long> symbols = new LinkedHashMap<>();
    Map<String, String> facts = new LinkedHashMap<>(options.boardFacts());
    Set<String> inputRegions = new LinkedHashSet<>();
    for (String l : lines) {
      Matcher m = BANNER.matcher(l);
      if (!m.matches() || m.group(2).contains("ptrval")) {
        continue;
      }
      String name = m.group(1);
      long start = Long.parseLong(m.group(2).substring(2), 16);
      long end = Long.parseLong(m.group(3).substring(2), 16);
      for (ImageSection s : first.boot().imageSections()) {
        if (s.name().equals(name)) {
          symbols.putIfAbsent(s.startSymbol(), start);
          symbols.putIfAbsent(s.endSymbol(), end);
          inputRegions.add(name);
        }
      }
      if (options.config().isEmpty()) {
        for (BuildInput in : first.boot().buildInputs()) {
          if (in.region().equals(name) && !options.boardFacts().containsKey(in.startFact())) {
            facts.putIfAbsent(in.startFact(), "0x" + Long.toHexString(start));
            in.sizeFact().ifPresent(f -> facts.putIfAbsent(f, Long.toString(end - start)));
            inputRegions.add(name);
          }
        }
      }
    }
    if (!facts.containsKey("nr_cpus")) {
      possibleCpus(lines).ifPresent(n -> facts.put("nr_cpus", Long.toString(n)));
    }
    machine = new Machine(arch, kernel, ram, config, cmdline, facts, symbols, machine.cma());
    MemoryLayout layout = memmap.layoutOf(machine);
    List<Fact> out = new ArrayList<>();
    compareAll(layout, lines, inputRegions, nodeRangesAreInput, out);
    out.addAll(HashFacts.facts(memmap.hashTables(layout), lines));
    if (out.stream().noneMatch(f -> f.status() != Fact.Status.SKIPPED)) {
      throw new InputException(log.source() + ": no memory figure to check (no banner, zone, 'Total pages'"
          + " or 'Memory:' line); is the log truncated?");
    }
    return new Result(machine, out);
  }

  /**
   * {@code nr_cpu_ids}, the possible CPUs (an input: the machine's processors), from the first line
   * that names it: x86's {@code setup_percpu: ... nr_cpu_ids:N}, RCU's {@code nr_cpu_ids=N}, or
   * SLUB's {@code CPUs=N}.
   */
  private static Optional<Long> possibleCpus(List<String> lines) {
    for (String l : lines) {
      Matcher m = POSSIBLE_CPUS.matcher(l);
      if (m.find()) {
        return Optional.of(Long.parseLong(m.group(1) != null ? m.group(1) : m.group(2)));
      }
    }
    return Optional.empty();
  }

  /**
   * A distribution release such as {@code 5.10.0-32-armmp} with the stable release it packages,
   * which its {@code Linux version} line names ({@code #1 SMP Debian 5.10.223-1}): stable releases
   * carry backports that change what the kernel prints.
   */
  private static KernelVersion stableRelease(KernelVersion v, String versionLine) {
    Matcher m = DISTRO_STABLE.matcher(versionLine);
    while (v.patch() == 0 && m.find()) {
      if (Integer.parseInt(m.group(1)) == v.major() && Integer.parseInt(m.group(2)) == v.minor()) {
        return new KernelVersion(v.major(), v.minor(), Integer.parseInt(m.group(3)), v.suffix());
      }
    }
    return v;
  }

  private static boolean is64Bit(String versionLine, List<String> lines) {
    return versionLine.matches(".*(x86_64|amd64|aarch64|arm64|\\+ x86-64).*");
  }

  private static void compareAll(
      MemoryLayout layout, List<String> lines, Set<String> inputRegions, boolean nodeRangesAreInput,
      List<Fact> out) {
    ArchDescription d = layout.description();
    Set<String> seen = new LinkedHashSet<>();
    List<RamRange> nodeRanges = new ArrayList<>();
    String zoneinfoZone = null;
    boolean sawBanner = false;
    for (String l : lines) {
      Matcher m;
      if ((m = BANNER.matcher(l)).matches()) {
        String name = m.group(1);
        if (!seen.add("banner " + name)) {
          continue;
        }
        sawBanner = true;
        Optional<BannerLine> line = d.banner().lines().stream().filter(b -> b.region().equals(name)).findFirst();
        Optional<Region> region = d.region(name);
        if (line.isEmpty() || region.isEmpty()) {
          // A line mainline never printed for this release (vendor kernels add their own, such as
          // Qualcomm's "timers"): nothing to recompute it from.
          out.add(Fact.skipped("banner " + name, "mainline " + d.kernel() + " prints no '" + name
              + "' line (a vendor addition?): " + l));
        } else if (inputRegions.contains(name) && !isSection(d, name)) {
          out.add(Fact.skipped("banner " + name, "an input (" + l + ")"));
        } else {
          String expected = BootMessages.bannerLine(line.get(), region.get()).strip();
          out.add(Fact.compare("banner " + name + (isSection(d, name) ? " (size from its addresses)" : ""),
              expected, l));
        }
      } else if ((m = ZONE_RANGE.matcher(l)).matches()) {
        String zone = m.group(1);
        if (seen.add("zone " + zone)) {
          String got = m.group(4) != null ? "empty"
              : range(hexAddr(m.group(2)), hexAddr(m.group(3)) + 1);
          out.add(Fact.compare("zone " + zone + " range", zoneRange(layout, zone), got));
        }
      } else if ((m = ZONE_PFN.matcher(l)).matches()) {
        String zone = m.group(1);
        if (seen.add("zone " + zone)) {
          Optional<Zone> z = zone(layout, zone);
          String exp = z.map(x -> x.startPfn() + " -> " + x.endPfn()).orElse("no " + zone + " zone");
          out.add(Fact.compare("zone " + zone + " pfn range", exp, pfn(m.group(2)) + " -> " + pfn(m.group(3))));
        }
      } else if ((m = ACTIVE_RANGE.matcher(l)).matches()) {
        long s = pfn(m.group(1));
        nodeRanges.add(new RamRange(Addresses.pfnToPhys(s), Addresses.pfnToPhys(pfn(m.group(2)) - s)));
      } else if ((m = NODE_RANGE.matcher(l)).find()) {
        nodeRanges.add(new RamRange(hexAddr(m.group(1)),
            hexAddr(m.group(2)) + 1 - hexAddr(m.group(1))));
      } else if ((m = TOTALPAGES.matcher(l)).matches() && seen.add("totalpages")) {
        out.add(Fact.compare("On node 0 totalpages", Long.toString(layout.physPages()), m.group(1)));
      } else if ((m = MEMMAP.matcher(l)).find() && seen.add("memmap " + m.group(1))) {
        out.add(Fact.compare(m.group(1) + " zone pages used for memmap",
            zone(layout, m.group(1)).map(z -> Long.toString(z.memmapPages())).orElse("none"), m.group(2)));
      } else if ((m = ZONE_PAGES.matcher(l)).find() && seen.add("zonepages " + m.group(1))) {
        List<String> detail = BootMessages.zoneDetails(layout);
        String key = m.group(1) + " zone: ";
        String exp = detail.stream().map(String::strip)
            .filter(x -> x.startsWith(key) && x.contains("LIFO")).findFirst().orElse("no such line");
        out.add(Fact.compare(m.group(1) + " zone pages and batch", exp, l));
      } else if (ZONELIST.matcher(l).matches() && seen.add("zonelist")) {
        out.add(Fact.compare("zonelist and Total pages", BootMessages.zonelist(layout), l));
      } else if (l.startsWith("Memory: ") && seen.add(l.contains("MB total") ? "memory banks" : "memory")) {
        memoryLine(layout, l, out);
      } else if ((m = LOWHIGH.matcher(l)).matches() && seen.add(m.group(2))) {
        String kind = m.group(2);
        String exp = BootMessages.lowHighAvailable(layout).stream()
            .filter(x -> x.contains(kind)).findFirst().orElse("no such line");
        out.add(Fact.compare(kind + " available", exp, l));
      } else if ((m = LOW_RAM.matcher(l)).find() && seen.add(l)) {
        // x86 setup_bootmem_allocator(): "%08lx" of max_pfn_mapped (mapped low ram) and of
        // max_low_pfn (low ram).
        boolean mapped = l.contains("mapped low ram");
        out.add(Fact.compare(mapped ? "mapped low ram" : "low ram",
            String.format(Locale.ROOT, "%08x", mapped ? maxPfnMapped(d) : d.lowmemLimit()), m.group(1)));
      } else if ((m = INIT_HIGHMEM.matcher(l)).find() && seen.add("inithigh")) {
        // set_highmem_pages_init() prints zone_start_pfn:zone_end_pfn; an empty zone has
        // zone_start_pfn 0 from 4.6 (calculate_node_totalpages()), the end of Normal before.
        Optional<Zone> high = layout.zone(ZoneType.HIGHMEM);
        String exp = high.map(z -> z.isEmpty() && d.kernel().atLeast(4, 6) ? "00000000:00000000"
            : String.format(Locale.ROOT, "%08x:%08x", z.startPfn(), z.endPfn())).orElse("none");
        out.add(Fact.compare("Initializing HighMem", exp, m.group(1) + ":" + m.group(2)));
      } else if ((m = MEMINFO.matcher(l)).matches() && seen.add(m.group(1))) {
        long exp = m.group(1).equals("VmallocTotal") ? layout.vmallocTotalKb() : layout.highTotalPages() * 4;
        out.add(Fact.compare("/proc/meminfo " + m.group(1) + " (kB)", Long.toString(exp), m.group(2)));
      } else if ((m = ZONEINFO_ZONE.matcher(l)).matches()) {
        zoneinfoZone = m.group(1);
      } else if (zoneinfoZone != null && (m = ZONEINFO_COUNT.matcher(l)).matches()
          && seen.add("zoneinfo " + zoneinfoZone + m.group(1))) {
        Optional<Zone> z = zone(layout, zoneinfoZone);
        if (z.isPresent() && !z.get().isEmpty()) {
          long exp = m.group(1).equals("spanned") ? z.get().spannedPages() : z.get().presentPages();
          out.add(Fact.compare("/proc/zoneinfo " + zoneinfoZone + " " + m.group(1), Long.toString(exp), m.group(2)));
        }
      }
    }
    if (!nodeRanges.isEmpty()) {
      if (nodeRangesAreInput) {
        out.add(Fact.skipped("Early memory node ranges", "the input RAM of this log"));
      } else {
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
        out.add(Fact.compare("Early memory node ranges", String.join(" ", exp), String.join(" ", got)));
      }
    }
    vmallocinfo(layout, lines, out);
    if (sawBanner) {
      for (BannerLine b : d.banner().lines()) {
        if (!seen.contains("banner " + b.region())) {
          out.add(Fact.skipped("banner " + b.region(), "this kernel prints it, the log does not have it"));
        }
      }
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

  private static boolean isSection(ArchDescription d, String name) {
    return d.boot().imageSections().stream().anyMatch(s -> s.name().equals(name));
  }

  private static void memoryLine(MemoryLayout layout, String l, List<Fact> out) {
    Matcher g = MEMORY_GENERIC.matcher(l);
    long totalKb = layout.physPages() * 4;
    long highKb = layout.highmemFreePages() * 4;
    if (g.matches()) {
      out.add(Fact.compare("Memory: total (K)", Long.toString(totalKb), g.group(2)));
      if (g.group(3) != null) {
        long cmaKb = layout.machine().cma().stream().mapToLong(RamRange::size).sum() >> 10;
        out.add(Fact.compare("Memory: cma-reserved (K)", Long.toString(cmaKb), g.group(3)));
      }
      if (g.group(4) != null) {
        out.add(Fact.compare("Memory: highmem (K)", Long.toString(highKb), g.group(4)));
      }
      out.add(Fact.skipped("Memory: available, reserved, image sizes",
          "they depend on boot-time reservations and System.map"));
      return;
    }
    Matcher o = MEMORY_X86_LEGACY.matcher(l);
    if (o.matches()) {
      // x86-32's own mem_init() (up to 3.10) printed num_physpages = highend_pfn: the highest
      // pfn, holes included, not the present pages.
      long maxPfn = layout.zones().stream().mapToLong(Zone::endPfn).max().orElse(0);
      out.add(Fact.compare("Memory: total (k, num_physpages)", Long.toString(maxPfn * 4), o.group(2)));
      if (o.group(3) != null) {
        out.add(Fact.compare("Memory: highmem (k)", Long.toString(highKb), o.group(3)));
      }
      out.add(Fact.skipped("Memory: available, reserved, image sizes",
          "they depend on boot-time reservations and System.map"));
      return;
    }
    Matcher a = MEMORY_ARM_LEGACY.matcher(l);
    if (a.matches()) {
      if (a.group(4) != null) {
        out.add(Fact.compare("Memory: highmem (K)", Long.toString(highKb), a.group(4)));
      }
      out.add(Fact.skipped("Memory: available, reserved", "they depend on boot-time reservations"));
      return;
    }
    Matcher b = MEMORY_ARM_BANKS.matcher(l);
    if (b.matches()) {
      out.add(Fact.compare("Memory: total (MB)", Long.toString(layout.physPages() >> 8), b.group(1)));
      return;
    }
    out.add(Fact.skipped("Memory: line", "format not recognised: " + l));
  }

  private static void vmallocinfo(MemoryLayout layout, List<String> lines, List<Fact> out) {
    int areas = 0;
    List<String> outside = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String l : lines) {
      Matcher m = VMALLOCINFO.matcher(l);
      if (!m.matches() || !seen.add(l)) {
        continue;
      }
      areas++;
      long start = hexAddr(m.group(1));
      long end = hexAddr(m.group(2));
      boolean inside = layout.regions().stream()
          .filter(r -> r.kind() == org.memmap.api.RegionKind.VMALLOC || r.kind() == org.memmap.api.RegionKind.MODULES)
          .anyMatch(r -> start >= r.start() && end <= r.end())
          || layout.description().vmallocSpec().earlyAreas().stream()
              .anyMatch(r -> start == r.start() && end == r.end());
      if (!inside) {
        outside.add(m.group(1) + "-" + m.group(2));
      }
    }
    if (areas > 0) {
      out.add(Fact.compare("/proc/vmallocinfo areas inside vmalloc or modules (" + areas + " areas)",
          "all", outside.isEmpty() ? "all" : "outside: " + String.join(", ", outside)));
    }
  }

  /**
   * A printed address: an unsigned 64-bit number (e820 prints {@code 0xfffffffffffffffe} for
   * "to the end" after {@code mem=}), saturated at 2^39, beyond any 32-bit physical address.
   */
  private static long hexAddr(String hex) {
    long v = Long.parseUnsignedLong(hex, 16);
    return v < 0 || v > 1L << 39 ? 1L << 39 : v;
  }

  /** A pfn as old kernels print it: decimal, or {@code 0x} hex in later 2.6 releases. */
  private static long pfn(String text) {
    return text.startsWith("0x") ? hexAddr(text.substring(2)) : Long.parseLong(text);
  }

  private static Optional<Zone> zone(MemoryLayout layout, String name) {
    return layout.zones().stream().filter(z -> z.type().kernelName().equals(name)).findFirst();
  }

  private static String zoneRange(MemoryLayout layout, String name) {
    return zone(layout, name).map(z -> z.isEmpty() ? "empty"
            : printedRange(layout.description().kernel(), z.start(), BootMessages.printedEnd(layout, z)))
        .orElse("no " + name + " zone");
  }

  /**
   * A zone or node range as {@code free_area_init_nodes()} printed it: from 3.5 to 3.19 with
   * {@code unsigned long} arithmetic ({@code pfn << PAGE_SHIFT}, then {@code - 1}), so a 32-bit
   * PAE kernel printed addresses above 4 GiB truncated to 32 bits; 4.0 prints them in full (u64,
   * "mm: use correct format specifiers when printing address ranges", Juergen Gross, 2015).
   */
  private static String printedRange(KernelVersion v, long start, long endExclusive) {
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

  private static List<RamRange> e820(List<String> lines) {
    List<RamRange> out = new ArrayList<>();
    for (String l : lines) {
      if (l.endsWith("modified physical RAM map:")) {
        // update_e820() prints the whole map again once the kernel changed it (2.6.28's
        // low-memory corruption check, the MTRR trim, ...): the last map printed is the one the
        // zones are sized from.
        out.clear();
        continue;
      }
      Matcher m = E820_NEW.matcher(l);
      long s;
      long e;
      String type;
      if (m.find()) {
        s = hexAddr(m.group(1));
        e = hexAddr(m.group(2)) + 1;
        type = m.group(3);
      } else if ((m = E820_OLD.matcher(l)).find()) {
        s = hexAddr(m.group(1));
        e = hexAddr(m.group(2));
        type = m.group(3);
      } else {
        continue;
      }
      if ((type.equals("usable") || type.equals("System RAM")) && e > s) {
        RamRange r = new RamRange(s, e - s);
        if (out.stream().noneMatch(r::overlaps)) {
          out.add(r);
        }
      }
    }
    return out;
  }

  /**
   * The firmware memory map as a {@code Determined physical RAM map:} block lists it (MIPS), or
   * the {@code User-defined physical RAM map:} that {@code mem=} made of it: the RAM entries of
   * the last such block.
   */
  private static List<RamRange> bootMemMap(List<String> lines) {
    List<RamRange> out = new ArrayList<>();
    for (String l : lines) {
      if (l.equals("Determined physical RAM map:") || l.equals("User-defined physical RAM map:")) {
        out.clear();
        continue;
      }
      Matcher m = BOOT_MEM_MAP.matcher(l);
      if (m.matches()) {
        long size = hexAddr(m.group(1));
        long base = hexAddr(m.group(2));
        if (size > 0) {
          RamRange r = new RamRange(base, size);
          if (out.stream().noneMatch(r::overlaps)) {
            out.add(r);
          }
        }
      }
    }
    out.sort(null);
    return out;
  }

  private static List<RamRange> e820Cuts(List<String> lines) {
    List<RamRange> out = new ArrayList<>();
    for (String l : lines) {
      Matcher m = E820_CUT.matcher(l);
      long s;
      long e;
      if (m.find()) {
        s = hexAddr(m.group(1));
        e = hexAddr(m.group(2)) + 1;
      } else if ((m = E820_CUT_OLD.matcher(l)).find()) {
        s = hexAddr(m.group(1));
        e = hexAddr(m.group(2));
      } else {
        continue;
      }
      if (e > s) {
        out.add(new RamRange(s, e - s));
      }
    }
    return out;
  }

  private static List<RamRange> nodeRanges(List<String> lines) {
    List<RamRange> out = new ArrayList<>();
    for (String l : lines) {
      Matcher m = NODE_RANGE.matcher(l);
      if (m.find()) {
        long s = hexAddr(m.group(1));
        RamRange r = new RamRange(s, hexAddr(m.group(2)) + 1 - s);
        if (out.stream().noneMatch(r::overlaps)) {
          out.add(r);
        }
      }
    }
    return out;
  }

  private static List<RamRange> cma(List<String> lines) {
    List<RamRange> out = new ArrayList<>();
    for (String l : lines) {
      Matcher m = CMA.matcher(l);
      if (m.find()) {
        RamRange r = new RamRange(hexAddr(m.group(2)), Long.parseLong(m.group(1)) << 20);
        if (out.stream().noneMatch(r::overlaps)) {
          out.add(r);
        }
      }
    }
    return out;
  }
}

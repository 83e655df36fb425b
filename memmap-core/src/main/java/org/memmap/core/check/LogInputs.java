package org.memmap.core.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemmapException;
import org.memmap.api.RamRange;
import org.memmap.api.Region;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.BuildInput;
import org.memmap.api.spi.ImageSection;
import org.memmap.api.spi.KmapProvider;
import org.memmap.api.spi.LogHint;
import org.memmap.api.spi.LogLines;
import org.memmap.core.MemMap;

/**
 * What a kernel was given, as {@code check} takes it from a boot log and the user's options: the
 * release, the command line, the RAM (the architecture plugin's firmware map, or the generic
 * {@code Early memory node ranges}), CMA areas, configuration the log reveals ({@link LogHint},
 * {@code Initializing cgroup subsys memory}), the image symbols of the banner's section lines or
 * of a {@code System.map}, and the build inputs (x86's fixmap) a banner prints.
 *
 * <p>This is the only place that reads the log for {@code check}'s predictions; {@link
 * LogComparison} gets the computed layout and the printed lines, never these. A value the log
 * lacks and nothing else decides is an {@link Unknown}: the facts that depend on it are skipped,
 * not compared with a guess.
 *
 * @param machine the machine to model
 * @param unknowns build inputs neither the log nor the options give, with a machine that moves
 *     each one, so that the facts depending on it can be found
 * @param inputLines facts whose log line was read as an input, with why (a banner's {@code
 *     fixmap} line when it sets the build's fixmap; a {@code Memory:} line's missing highmem item
 *     read as {@code CONFIG_HIGHMEM=n}): they are not verified
 * @param inputParts facts one part of whose line was read as an input, with what and why (the
 *     banner's lowmem start read as {@code CONFIG_PAGE_OFFSET} when no input line gives it): the
 *     rest of the line is verified
 * @param ramFromNodeRanges whether the RAM came from the {@code Early memory node ranges}, which
 *     then cannot be checked
 */
public record LogInputs(
    Machine machine,
    List<Unknown> unknowns,
    Map<String, String> inputLines,
    Map<String, String> inputParts,
    boolean ramFromNodeRanges) {
  private static final Pattern VERSION = Pattern.compile("Linux version (\\S+)");
  private static final Pattern NODE_RANGE =
      Pattern.compile("node\\s+0: \\[mem 0x([0-9a-fA-F]+)-0x([0-9a-fA-F]+)\\]");
  /** {@code cma_declare_contiguous()} (mm/cma.c): {@code cma: Reserved 16 MiB at 0x4f000000}. */
  private static final Pattern CMA =
      Pattern.compile("cma: (?:CMA: )?[Rr]eserved (\\d+) MiB at (?:0x)?([0-9a-fA-F]+)\\b.*");
  /** A device-tree {@code linux,cma} pool (drivers/of/of_reserved_mem.c, rmem_cma_setup()). */
  private static final Pattern CMA_DT =
      Pattern.compile("Reserved memory: created CMA memory pool at 0x([0-9a-fA-F]+), size (\\d+) MiB");
  private static final Pattern BANNER_RANGE =
      Pattern.compile("(\\S+)\\s*: (0x\\S+) - (0x\\S+)\\s+\\(\\s*\\d+ (?:kB|MB)\\)");
  /** A distribution release's stable base on the version line: {@code #1 SMP Debian 5.10.223-1}. */
  private static final Pattern DISTRO_STABLE = Pattern.compile(" (?:Debian|Ubuntu) (\\d{1,5})\\.(\\d{1,5})\\.(\\d{1,5})-");
  /** The possible CPUs: x86's setup_percpu {@code nr_cpu_ids:N}, RCU's {@code nr_cpu_ids=N}, SLUB's {@code CPUs=N}. */
  private static final Pattern POSSIBLE_CPUS = Pattern.compile("nr_cpu_ids[=:](\\d+)|SLUB: .*CPUs=(\\d+)");
  /** The percpu static size: the {@code s} figure of the {@code Embedded} line or of the {@code pcpu-alloc:} dump. */
  private static final Pattern PERCPU_STATIC =
      Pattern.compile("(?:(?:PERCPU|percpu): Embedded \\d+ pages/cpu (?:@\\S+ )?|pcpu-alloc: )s(\\d+) r\\d+ d\\d+ u\\d+.*");
  /** cgroup_init_subsys() printed this for the memory controller up to 4.x: CONFIG_MEMCG is set. */
  private static final String MEMCG_LINE = "Initializing cgroup subsys memory";

  /** Copies the collections. */
  public LogInputs {
    unknowns = List.copyOf(unknowns);
    inputLines = Map.copyOf(inputLines);
    inputParts = Map.copyOf(inputParts);
  }

  /**
   * A build input the log does not give.
   *
   * @param why the reason dependent facts are skipped, e.g. {@code input missing: the fixmap banner line}
   * @param alternative the machine with that input moved
   */
  public record Unknown(String why, Machine alternative) {}

  /**
   * Takes the inputs from {@code log}, the user's options first.
   *
   * @throws InputException if the log is unusable (no release, a 64-bit kernel, no RAM, an input
   *     line with an unusable number: named by its line)
   */
  public static LogInputs extract(MemMap memmap, BootLog log, LogCheck.Options options) {
    LogLines lines = log.logLines();
    Optional<Integer> versionAt = indexOf(lines, "Linux version ");
    if (versionAt.isPresent() && is64Bit(lines.line(versionAt.get()))) {
      throw lines.error(versionAt.get(), "this is the log of a 64-bit kernel; memmap models 32-bit kernels");
    }
    for (int i = 0; i < lines.size(); i++) {
      if (lines.line(i).matches("DMA32\\s+\\[mem.*")) {
        throw lines.error(i, "a DMA32 zone: this is the log of a 64-bit kernel; memmap models 32-bit kernels");
      }
    }
    KernelVersion kernel = options.kernel().orElseGet(() -> version(lines, versionAt));
    KmapProvider provider = provider(memmap, lines, options);
    String arch = provider.id();

    List<RamRange> firmware = provider.firmwareMemory(lines);
    List<RamRange> ram = !options.ram().isEmpty() ? options.ram() : !firmware.isEmpty() ? firmware : nodeRanges(lines);
    boolean ramFromNodeRanges = options.ram().isEmpty() && firmware.isEmpty();
    if (ram.isEmpty()) {
      throw new InputException(InputException.Input.RAM, log.source() + ": the log has no memory map"
          + " (no firmware map, no 'Early memory node ranges'); give the RAM ranges");
    }
    KernelCommandLine cmdline = options.commandLine().orElseGet(() -> indexOf(lines, "Kernel command line: ")
        .map(i -> new KernelCommandLine(lines.line(i).substring("Kernel command line: ".length())))
        .orElse(KernelCommandLine.EMPTY));
    KernelConfig config = options.config().orElse(KernelConfig.EMPTY);
    Map<String, String> inputLines = new LinkedHashMap<>();
    Map<String, String> inputParts = new LinkedHashMap<>();
    if (options.config().isEmpty()) {
      config = hinted(provider.logHints(), lines.lines(), options.configSets(), config, inputLines, inputParts);
      if (!options.configSets().mentions("CONFIG_MEMCG") && lines.lines().contains(MEMCG_LINE)) {
        config = config.with("CONFIG_MEMCG", "y");
      }
      // A UP kernel's setup_per_cpu_areas() dumps a first chunk without a static area ("s0 r0");
      // an SMP kernel's always has one (mm/percpu.c).
      if (!options.configSets().mentions("CONFIG_SMP")
          && lines.lines().stream().anyMatch(l -> l.startsWith("pcpu-alloc: s0 r0 "))) {
        config = config.with("CONFIG_SMP", "n");
      }
    }
    config = config.withAll(options.configSets());
    Machine machine = new Machine(arch, kernel, ram, config, cmdline, options.boardFacts(), Map.of(), cma(lines));

    // A first description tells which banner lines are inputs and which symbols bound a section.
    ArchDescription first = describe(memmap, machine, log.source());
    Map<String, Long> symbols = new LinkedHashMap<>(options.symbols());
    Map<String, String> facts = new LinkedHashMap<>(options.boardFacts());
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = BANNER_RANGE.matcher(lines.line(i));
      if (!m.matches() || m.group(2).contains("ptrval")) {
        continue;
      }
      String name = m.group(1);
      boolean section = first.boot().imageSections().stream().anyMatch(s -> s.name().equals(name));
      boolean build = options.config().isEmpty()
          && first.boot().buildInputs().stream().anyMatch(b -> b.region().equals(name));
      if (!section && !build) {
        continue;
      }
      long start = lines.hex(i, m.group(2), "banner " + name + " start");
      long end = lines.hex(i, m.group(3), "banner " + name + " end");
      if (Long.compareUnsigned(start, Addresses.ADDRESS_LIMIT) >= 0
          || Long.compareUnsigned(end, Addresses.ADDRESS_LIMIT) > 0 || end < start) {
        throw lines.error(i, "banner " + name + ": " + m.group(2) + " - " + m.group(3)
            + " is not a range of 32-bit virtual addresses");
      }
      for (ImageSection s : first.boot().imageSections()) {
        if (s.name().equals(name) && options.symbols().isEmpty()) {
          symbols.putIfAbsent(s.startSymbol(), start);
          symbols.putIfAbsent(s.endSymbol(), end);
        }
      }
      for (BuildInput in : first.boot().buildInputs()) {
        if (build && in.region().equals(name) && !options.boardFacts().containsKey(in.startFact())) {
          facts.putIfAbsent(in.startFact(), "0x" + Long.toHexString(start));
          in.sizeFact().ifPresent(f -> facts.putIfAbsent(f, Long.toString(end - start)));
          inputLines.put("banner " + name, "an input (" + lines.line(i) + ")");
        }
      }
    }
    if (!facts.containsKey("nr_cpus")) {
      Optional<Integer> at = possibleCpusLine(lines);
      if (at.isPresent()) {
        facts.put("nr_cpus", Long.toString(possibleCpus(lines, at.get())));
        if (lines.line(at.get()).startsWith("SLUB: ")) {
          inputLines.put("SLUB CPUs", "an input, the possible CPUs (" + lines.line(at.get()) + ")");
        }
      } else {
        // pcpu_dump_alloc_info() lists every possible CPU's unit: "[0] 0 [0] 1".
        long units = 0;
        for (String l : lines.lines()) {
          if (l.startsWith("pcpu-alloc: [")) {
            // Tokens after the prefix: group numbers "[0]", CPU numbers, and "--" for empty units.
            for (String t : l.substring("pcpu-alloc: ".length()).trim().split("\\s+")) {
              units += t.matches("\\d{1,4}") ? 1 : 0;
            }
          }
        }
        if (units > 0) {
          facts.put("nr_cpus", Long.toString(units));
          inputLines.put("pcpu-alloc units", "an input, the possible CPUs");
        }
      }
    }
    // The image's static percpu size: the s figure of the percpu: line (or of the pcpu-alloc:
    // dump), when no System.map gives __per_cpu_start and __per_cpu_end.
    if (!facts.containsKey("percpu_static") && symbols.get("__per_cpu_start") == null) {
      for (int i = 0; i < lines.size(); i++) {
        Matcher m = PERCPU_STATIC.matcher(lines.line(i));
        if (m.matches()) {
          long s = lines.decimal(i, m.group(1), "percpu static size");
          // A UP kernel's dump prints s0: it has no static area of its own to size.
          if (s > 0) {
            facts.put("percpu_static", Long.toString(s));
          }
          break;
        }
      }
    }
    // Boot-reservation inputs the log prints: the initrd (free_initrd_mem() frees whole pages).
    if (!facts.containsKey("initrd_size")) {
      firstNumber(lines, INITRD_FREED).ifPresent(kb -> facts.put("initrd_size", kb + "K"));
    }
    machine = new Machine(arch, kernel, ram, config, cmdline, facts, symbols, machine.cma());
    List<Unknown> unknowns = new ArrayList<>();
    if (options.config().isEmpty()) {
      for (BuildInput in : first.boot().buildInputs()) {
        if (facts.containsKey(in.startFact())) {
          continue;
        }
        Optional<Region> r = first.region(in.region());
        if (r.isEmpty()) {
          continue;
        }
        // Move the input by 8 MiB: every figure that follows from it moves too.
        long moved = r.get().start() - (8L << 20);
        String why = "input missing: the " + in.region() + " banner line"
            + (first.banner().printed() ? "" : " (not printed by " + kernel + ")")
            + "; the build's .config decides it";
        unknowns.add(new Unknown(why, machine.withBoardFact(in.startFact(), "0x" + Long.toHexString(moved))));
      }
    }
    return new LogInputs(machine, unknowns, inputLines, inputParts, ramFromNodeRanges);
  }

  /**
   * The choices the log's hints decide, for each option the user left open. An option is taken
   * from an input line when one of its hints reads one; otherwise from a hint that reads one part
   * of a printed line, else from the first that applies; the figure read is then recorded as an
   * input ({@code inputParts} for one part of a line, {@code inputLines} for a whole fact) and
   * never verified against itself.
   */
  private static KernelConfig hinted(List<LogHint> hints, List<String> messages, KernelConfig sets,
      KernelConfig config, Map<String, String> inputLines, Map<String, String> inputParts) {
    Map<String, List<LogHint>> byOption = new LinkedHashMap<>();
    for (LogHint hint : hints) {
      if (!sets.mentions(hint.option()) && hint.appliesTo(messages)) {
        byOption.computeIfAbsent(hint.option(), k -> new ArrayList<>()).add(hint);
      }
    }
    KernelConfig out = config;
    for (Map.Entry<String, List<LogHint>> e : byOption.entrySet()) {
      List<LogHint> applying = e.getValue();
      // An input line first; then a hint that reads one part of a printed line, whose rest is
      // still verified; a hint that reads a whole figure (a missing line) last.
      LogHint chosen = applying.stream().filter(h -> h.reads().isEmpty()).findFirst()
          .or(() -> applying.stream().filter(h -> !h.reads().get().whole()).findFirst())
          .orElse(applying.get(0));
      out = out.with(chosen.option(), chosen.value());
      if (chosen.reads().isPresent()) {
        LogHint.Reads r = chosen.reads().get();
        String setting = chosen.option() + "=" + chosen.value();
        if (r.whole()) {
          inputLines.putIfAbsent(r.fact(), "an input: read as " + setting
              + ", which no input line of the log gives (a .config lets check verify it)");
        } else {
          inputParts.putIfAbsent(r.fact(), r.part() + " is an input: read as " + setting
              + ", which no input line of the log gives");
        }
      }
    }
    return out;
  }

  private static final Pattern INITRD_FREED = Pattern.compile("Freeing initrd memory: (\\d{1,9})K");

  /** Group 1 of the first line {@code p} finds, as a number. */
  private static Optional<Long> firstNumber(LogLines lines, Pattern p) {
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = p.matcher(lines.line(i));
      if (m.find()) {
        return Optional.of(Long.parseLong(m.group(1)));
      }
    }
    return Optional.empty();
  }

  /** The first line that names {@code nr_cpu_ids}, the possible CPUs (an input: the machine's processors). */
  private static Optional<Integer> possibleCpusLine(LogLines lines) {
    for (int i = 0; i < lines.size(); i++) {
      if (POSSIBLE_CPUS.matcher(lines.line(i)).find()) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** {@code nr_cpu_ids} as line {@code at} names it. */
  private static long possibleCpus(LogLines lines, int at) {
    Matcher m = POSSIBLE_CPUS.matcher(lines.line(at));
    if (!m.find()) {
      throw new IllegalStateException("line " + at + " names no possible CPUs");
    }
    return lines.decimal(at, m.group(1) != null ? m.group(1) : m.group(2), "nr_cpu_ids");
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

  /** The plugin the user named, or the one that recognises the log. */
  private static KmapProvider provider(MemMap memmap, LogLines lines, LogCheck.Options options) {
    if (options.arch().isPresent()) {
      return memmap.architectures().require(options.arch().get());
    }
    List<KmapProvider> claimed = memmap.architectures().all().stream().filter(p -> p.recognises(lines)).toList();
    if (claimed.size() == 1) {
      return claimed.get(0);
    }
    String ids = String.join(", ", memmap.architectures().ids());
    if (claimed.isEmpty()) {
      throw new InputException(InputException.Input.ARCH, lines.source() + ": no architecture (" + ids
          + ") recognises the log as one of its kernels; give the architecture");
    }
    throw new InputException(InputException.Input.ARCH, lines.source() + ": the log looks like "
        + String.join(" and ", claimed.stream().map(KmapProvider::id).toList()) + "; give the architecture");
  }

  private static ArchDescription describe(MemMap memmap, Machine machine, String source) {
    try {
      return memmap.describe(machine);
    } catch (MemmapException e) {
      throw new InputException(source + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new InputException(source + ": the log's inputs describe no machine memmap can model ("
          + e.getMessage() + ")", e);
    }
  }

  private static KernelVersion version(LogLines lines, Optional<Integer> at) {
    if (at.isEmpty()) {
      throw new InputException(InputException.Input.KERNEL, lines.source()
          + ": no 'Linux version' line (truncated log?); give the kernel release");
    }
    Matcher m = VERSION.matcher(lines.line(at.get()));
    if (!m.find()) {
      throw lines.error(at.get(), "expected 'Linux version RELEASE'");
    }
    try {
      return stableRelease(KernelVersion.parse(m.group(1)), lines.line(at.get()));
    } catch (InputException e) {
      // KernelVersion speaks of --kernel; here the release comes from the log line.
      String why = e.getMessage().substring(e.getMessage().indexOf("': ") + 3);
      throw InputException.about(InputException.Input.KERNEL,
          lines.error(at.get(), "release '" + LogLines.printable(m.group(1)) + "': " + why));
    }
  }

  private static boolean is64Bit(String versionLine) {
    return versionLine.matches(".*(x86_64|amd64|aarch64|arm64|\\+ x86-64).*");
  }

  private static Optional<Integer> indexOf(LogLines lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.line(i).startsWith(prefix)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** The generic {@code Early memory node ranges} (mm/page_alloc.c, free_area_init()). */
  static List<RamRange> nodeRanges(LogLines lines) {
    List<RamRange> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = NODE_RANGE.matcher(lines.line(i));
      if (m.find()) {
        long s = lines.hex(i, m.group(1), "node range start");
        long e = lines.hex(i, m.group(2), "node range end");
        if (Long.compareUnsigned(e, Addresses.PHYS_LIMIT) >= 0 || Long.compareUnsigned(s, e) > 0) {
          throw lines.error(i, "node range " + m.group(1) + "-" + m.group(2)
              + " is not a range below 1 TiB");
        }
        RamRange r = new RamRange(s, e + 1 - s);
        if (out.stream().noneMatch(r::overlaps)) {
          out.add(r);
        }
      }
    }
    return out;
  }

  private static List<RamRange> cma(LogLines lines) {
    List<RamRange> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.line(i);
      Matcher m;
      long mib;
      long base;
      if ((m = CMA.matcher(l)).find()) {
        mib = lines.decimal(i, m.group(1), "CMA size (MiB)");
        base = lines.hex(i, m.group(2), "CMA base");
      } else if ((m = CMA_DT.matcher(l)).find()) {
        base = lines.hex(i, m.group(1), "CMA base");
        mib = lines.decimal(i, m.group(2), "CMA size (MiB)");
      } else {
        continue;
      }
      if (mib == 0) {
        continue;
      }
      if (mib > (Addresses.PHYS_LIMIT >> 20) || Long.compareUnsigned(base, Addresses.PHYS_LIMIT - (mib << 20)) > 0) {
        throw lines.error(i, "CMA area of " + mib + " MiB at " + Addresses.hex(base)
            + " does not lie below 1 TiB");
      }
      RamRange r = new RamRange(base, mib << 20);
      if (out.stream().noneMatch(r::overlaps)) {
        out.add(r);
      }
    }
    return out;
  }
}

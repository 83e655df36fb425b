package org.memmap.core.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.memmap.api.InputException;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemmapException;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.api.spi.ConfigSetting;
import org.memmap.api.spi.KmapProvider;
import org.memmap.api.spi.LogHint;
import org.memmap.core.MemMap;

/**
 * {@code memmap check}: takes from a boot log only what a kernel is given ({@link LogInputs}),
 * recomputes every memory figure that kernel prints and compares ({@link LogComparison}). The two
 * halves meet only through the computed layout, so no prediction is read from the line it
 * predicts, and a log with one figure altered fails.
 *
 * <p>Every figure the release prints is accounted for: verified, mismatched, or skipped with a
 * reason. Facts that depend on an input the log lacks (x86's fixmap without its banner line or a
 * {@code .config}) are found by moving that input and seeing which predictions move; they are
 * skipped, not compared with a guess. A mismatch that one configuration choice explains gets a
 * hint naming it, found the same way: by re-running the model with the choice flipped.
 *
 * <pre>{@code
 * LogCheck.Result r = LogCheck.check(MemMap.installed(), BootLog.read(path), LogCheck.Options.NONE);
 * r.facts().forEach(f -> System.out.println(f.line()));
 * }</pre>
 */
public final class LogCheck {
  private LogCheck() {}

  /**
   * What the user added to the log's inputs: every field is optional except the collections.
   *
   * @param arch the architecture, when the log does not tell
   * @param kernel the release, when the log has no {@code Linux version} line
   * @param ram RAM banks, when the log has no memory map (empty: take the log's)
   * @param commandLine overrides the log's command line
   * @param config a {@code .config}; it also decides x86's fixmap, so the banner's is then checked
   * @param configSets {@code CONFIG_X=value} overrides
   * @param boardFacts board facts ({@code struct_page_size=36})
   * @param symbols image symbols from a {@code System.map} (empty: the banner's section lines)
   */
  public record Options(
      Optional<String> arch,
      Optional<KernelVersion> kernel,
      List<RamRange> ram,
      Optional<KernelCommandLine> commandLine,
      Optional<KernelConfig> config,
      KernelConfig configSets,
      Map<String, String> boardFacts,
      Map<String, Long> symbols) {
    /** No option: everything from the log. */
    public static final Options NONE = new Options(Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
        Optional.empty(), KernelConfig.EMPTY, Map.of(), Map.of());

    /** Copies the collections. */
    public Options {
      ram = List.copyOf(ram);
      boardFacts = Map.copyOf(boardFacts);
      symbols = Map.copyOf(symbols);
    }

    /** Options without a System.map. */
    public Options(
        Optional<String> arch,
        Optional<KernelVersion> kernel,
        List<RamRange> ram,
        Optional<KernelCommandLine> commandLine,
        Optional<KernelConfig> config,
        KernelConfig configSets,
        Map<String, String> boardFacts) {
      this(arch, kernel, ram, commandLine, config, configSets, boardFacts, Map.of());
    }
  }

  /**
   * The outcome: every fact, and the machine recomputed.
   *
   * @param machine the machine memmap took from the log and the options
   * @param facts every fact, in log order, then the figures the log does not show
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

    /** Whether the log passes: nothing mismatched and something verified. */
    public boolean passed() {
      return mismatched() == 0 && verified() > 0;
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
   *     no RAM and none given, an input line with an unusable number, or no memory figure at all
   */
  public static Result check(MemMap memmap, BootLog log, Options options) {
    LogInputs inputs = LogInputs.extract(memmap, log, options);
    MemoryLayout layout = layout(memmap, inputs.machine(), log.source());
    List<Fact> facts = new ArrayList<>(compare(memmap, layout, log));
    for (LogInputs.Unknown u : inputs.unknowns()) {
      Optional<List<Fact>> alt = tryCompare(memmap, u.alternative(), log);
      for (int i = 0; i < facts.size(); i++) {
        Fact f = facts.get(i);
        if (f.status() != Fact.Status.SKIPPED && (alt.isEmpty() || !sameMemmap(f, alt.get()))) {
          facts.set(i, f.skip(u.why()));
        }
      }
    }
    for (int i = 0; i < facts.size(); i++) {
      Fact f = facts.get(i);
      String why = inputs.inputLines().get(f.name());
      if (why != null) {
        facts.set(i, f.skip(why));
      } else if (inputs.ramFromNodeRanges() && f.name().equals("Early memory node ranges")) {
        facts.set(i, f.skip("the input RAM of this log"));
      }
    }
    if (facts.stream().allMatch(f -> f.status() == Fact.Status.SKIPPED && f.log().startsWith(LogComparison.NOT_IN_LOG))) {
      throw new InputException(log.source() + ": no memory figure to check (no banner, zone, 'Total pages'"
          + " or 'Memory:' line); is the log truncated?");
    }
    // A figure read as an input that the model does not print (a missing pkmap line or highmem
    // item, read as !HIGHMEM) is reported as such all the same.
    for (Map.Entry<String, String> e : inputs.inputLines().entrySet()) {
      if (facts.stream().noneMatch(f -> f.name().equals(e.getKey()))) {
        facts.add(Fact.skipped(e.getKey(), e.getValue()));
      }
    }
    if (facts.stream().anyMatch(f -> f.status() == Fact.Status.MISMATCH)) {
      facts = explain(memmap, inputs, layout, log, facts);
    }
    for (int i = 0; i < facts.size(); i++) {
      Fact f = facts.get(i);
      String part = inputs.inputParts().get(f.name());
      if (part != null && f.status() != Fact.Status.SKIPPED) {
        facts.set(i, f.withInput(part));
      }
    }
    return new Result(inputs.machine(), facts);
  }

  /**
   * Hints for the mismatches: each configuration choice (the plugin's, its log hints', and
   * {@code CONFIG_MEMCG} and {@code CONFIG_HIGHMEM}) is flipped in turn; a choice that turns a
   * mismatch into a match and breaks nothing that matched explains it.
   */
  private static List<Fact> explain(
      MemMap memmap, LogInputs inputs, MemoryLayout layout, BootLog log, List<Fact> facts) {
    Machine m = inputs.machine();
    KmapProvider p = memmap.architectures().require(m.arch());
    KernelConfig effective = p.defaultConfig(m.kernel()).withAll(m.config());
    Set<ConfigSetting> choices = new LinkedHashSet<>();
    for (String generic : List.of("CONFIG_MEMCG", "CONFIG_HIGHMEM")) {
      choices.add(new ConfigSetting(generic, "y"));
      choices.add(new ConfigSetting(generic, "n"));
    }
    for (LogHint h : p.logHints()) {
      choices.add(new ConfigSetting(h.option(), h.value()));
    }
    choices.addAll(p.silentSettings());
    Map<String, List<Explanation>> hints = new LinkedHashMap<>();
    for (ConfigSetting c : choices) {
      String now = effective.value(c.option()).orElse("n");
      if (now.equalsIgnoreCase(c.value())) {
        continue;
      }
      Machine alt = m.withConfig(m.config().with(c.option(), c.value()));
      Optional<MemoryLayout> altLayout = tryLayout(memmap, alt);
      if (altLayout.isEmpty()) {
        continue;
      }
      List<Fact> altFacts = compare(memmap, altLayout.get(), log);
      boolean breaks = false;
      List<String> fixed = new ArrayList<>();
      for (Fact f : facts) {
        Optional<Fact> a = altFacts.stream().filter(x -> x.name().equals(f.name())).findFirst();
        if (f.status() == Fact.Status.OK && a.isPresent() && a.get().status() == Fact.Status.MISMATCH) {
          breaks = true;
        } else if (f.status() == Fact.Status.MISMATCH && a.isPresent() && a.get().status() == Fact.Status.OK) {
          fixed.add(f.name());
        }
      }
      if (breaks || fixed.isEmpty()) {
        continue;
      }
      String text = c.option() + "=" + c.value();
      int before = layout.description().zoneRules().structPageSize();
      int after = altLayout.get().description().zoneRules().structPageSize();
      String hint = before != after
          ? "the kernel was built with a " + after + "-byte struct page (" + text + "?)"
          : "the kernel was built with " + text + "?";
      for (String name : fixed) {
        hints.computeIfAbsent(name, k -> new ArrayList<>()).add(new Explanation(hint, text));
      }
    }
    List<Fact> out = new ArrayList<>(facts.size());
    for (Fact f : facts) {
      List<Explanation> h = hints.get(f.name());
      if (h == null) {
        out.add(f);
      } else if (h.size() == 1) {
        out.add(f.withHint(h.get(0).hint(), h.get(0).setting()));
      } else {
        // Several single inputs explain it: name them, suggest none.
        out.add(f.withHint("one of " + String.join(", ", h.stream().map(Explanation::setting).toList())
            + " explains it", ""));
      }
    }
    return out;
  }

  /** One configuration choice that explains a mismatch: why, and the setting to try. */
  private record Explanation(String hint, String setting) {}

  /** Whether {@code alt} holds a fact of the same name with the same prediction. */
  private static boolean sameMemmap(Fact f, List<Fact> alt) {
    return alt.stream().anyMatch(a -> a.name().equals(f.name()) && a.memmap().equals(f.memmap()));
  }

  private static Optional<List<Fact>> tryCompare(MemMap memmap, Machine machine, BootLog log) {
    return tryLayout(memmap, machine).map(l -> compare(memmap, l, log));
  }

  /** The output half: the layout's figures against the log's lines, the hash tables included. */
  private static List<Fact> compare(MemMap memmap, MemoryLayout layout, BootLog log) {
    List<Fact> out = new ArrayList<>(LogComparison.compare(layout, log.lines(), memmap.bootReservations(layout)));
    out.addAll(HashFacts.facts(memmap.hashTables(layout), log.lines()));
    out.addAll(InitFacts.facts(layout, memmap.initMessages(layout), log.lines()));
    return out;
  }

  private static Optional<MemoryLayout> tryLayout(MemMap memmap, Machine machine) {
    try {
      return Optional.of(memmap.layoutOf(machine));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The layout of the log's machine. What the model refuses is the log's inputs' fault (a
   * release, a RAM map or a command line no kernel of that architecture boots with), so it is
   * reported as such, naming the log.
   */
  private static MemoryLayout layout(MemMap memmap, Machine machine, String source) {
    try {
      return memmap.layoutOf(machine);
    } catch (MemmapException e) {
      throw new InputException(source + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new InputException(source + ": the log's inputs describe no machine memmap can model ("
          + e.getMessage() + ")", e);
    }
  }
}

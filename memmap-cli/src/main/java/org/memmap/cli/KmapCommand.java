package org.memmap.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.memmap.api.InputException;
import org.memmap.api.MemoryLayout;
import org.memmap.core.MemMap;
import org.memmap.core.sim.SimKernel;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code memmap kmap}: real threads kmapping highmem pages of a simulated machine ({@link KmapStorm}). */
@Command(
    name = "kmap",
    mixinStandardHelpOptions = true,
    header = "Run real threads that kmap highmem pages of the machine.",
    description = {
      "Runs THREADS Java threads, each kmap()ing PAGES highmem pages of the machine, "
          + "writing a pattern through every mapping and checking it before kunmap() and again at "
          + "the end.",
      "Prints the pkmap counters (maps, reuses, wrap-arounds, flushes, waits, time waited), "
          + "the most pages held at once, the data check and the slots of the window after the "
          + "run.",
      "When THREADS x (HOLD - 1) reaches the window's slots, threads sleep for free slots; "
          + "one that sleeps 50 ms while holding mappings gives them up (a 'back-off').",
      "Exit status 0 when no pattern was lost, 1 otherwise.",
      "Example: memmap kmap --threads 4 --pages 2000 --hold 200 --duration 2s"
    })
final class KmapCommand implements Callable<Integer> {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m)?");

  @ParentCommand Main main;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "4", description = "Threads (1 to 64). Default: 4.")
  int threads;

  @Option(names = "--pages", paramLabel = "M", defaultValue = "2000", description = "Highmem pages each thread maps per pass. Default: 2000.")
  int pages;

  @Option(names = "--hold", paramLabel = "N", defaultValue = "1", description = "Mappings each thread keeps at once. Default: 1.")
  int hold;

  @Option(names = "--duration", paramLabel = "TIME", defaultValue = "0",
      description = "Repeat passes for this long, e.g. 500ms, 2s, 1m. Default: one pass.")
  String duration;

  @Spec CommandSpec spec;

  static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new InputException("--duration '" + text + "': expected a time such as 500ms, 2s or 1m");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofSeconds(n);
    };
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    KmapStorm.Options options = new KmapStorm.Options(threads, pages, hold, parseDuration(duration));
    MemMap memmap = MemMap.installed();
    MemoryLayout layout = MemMap.layout(main.machine.machine(memmap.architectures()));
    SimKernel kernel = SimKernel.boot(layout);
    KmapStorm.Report r = KmapStorm.run(layout, kernel.highmem(), kernel, options);
    KmapStorm.render(r).forEach(out::println);
    out.flush();
    return r.dataIntact() ? 0 : 1;
  }
}

package org.memmap.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.Region;
import org.memmap.api.ZoneType;
import org.memmap.core.MemMap;

/**
 * Plan a board: the same RAM under different VMSPLIT choices, {@code vmalloc=} sizes and kernel
 * releases, side by side — how lowmem, highmem and vmalloc change.
 *
 * <pre>
 * java -p examples/target/classes:memmap-cli/target/mods -m org.memmap.examples/org.memmap.examples.BoardPlanner
 * java -p examples/target/classes:memmap-cli/target/mods -m org.memmap.examples/org.memmap.examples.BoardPlanner --sweep [arm|x86]
 * </pre>
 *
 * <p>{@code --sweep} computes about 10<sup>5</sup> what-if layouts of the architecture's default
 * board (RAM 128 MiB .. 4 GiB in 64 MiB steps x {@code vmalloc=} 32 .. 1024 MiB in 32 MiB steps x
 * VMSPLIT 3G, 3G_OPT, 2G, 1G x twelve releases) and prints, for a selection of RAM sizes, the
 * best lowmem/vmalloc trade-offs: the configurations no other one beats in both lowmem and
 * vmalloc size (the Pareto front), each with the first configuration in sweep order that reaches
 * it. Configurations the kernel refuses are counted, not printed.
 */
public final class BoardPlanner {
  private BoardPlanner() {}

  /** One variant of the board. */
  record Variant(String label, Machine machine) {}

  /** The releases the sweep visits. */
  static final List<String> SWEEP_RELEASES = List.of(
      "2.6.32", "3.4", "3.10", "3.18", "4.4", "4.9", "4.14", "4.19", "5.4", "5.10", "5.15", "6.1");
  /** The VMSPLIT choices the sweep visits. */
  static final List<String> SWEEP_SPLITS =
      List.of("VMSPLIT_3G", "VMSPLIT_3G_OPT", "VMSPLIT_2G", "VMSPLIT_1G");

  /** One computed what-if: its settings and the sizes that matter to a planner, in MiB. */
  record Outcome(String release, String split, long ramMb, long vmallocArgMb, long lowmemMb,
      long vmallocMb, long highmemMb) {}

  /**
   * Prints the comparison table for the default ARM board (1 GiB with a 4 MiB hole), or with
   * {@code --sweep [arch]} the what-if sweep.
   */
  public static void main(String[] args) {
    if (args.length > 0) {
      if (!args[0].equals("--sweep") || args.length > 2) {
        System.err.println("BoardPlanner: expected no arguments or --sweep [ARCH], got "
            + String.join(" ", args));
        System.exit(2);
      }
      String arch = args.length == 2 ? args[1] : "arm";
      try {
        sweep(MemMap.board(arch), System.out);
      } catch (org.memmap.api.MemmapException e) {
        System.err.println("BoardPlanner --sweep: " + e.getMessage());
        System.exit(2);
      }
      return;
    }
    Machine board = MemMap.board("arm").withSymbols(java.util.Map.of());
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("3.18, 3G split", board));
    variants.add(new Variant("3.18, vmalloc=400M", board.withCommandLine(new KernelCommandLine("vmalloc=400M"))));
    variants.add(new Variant("3.18, vmalloc=96M", board.withCommandLine(new KernelCommandLine("vmalloc=96M"))));
    variants.add(new Variant("3.18, 2G split", board.withConfig(board.config().with("VMSPLIT_2G", "y"))));
    variants.add(new Variant("4.14, 3G split", board.withKernel(KernelVersion.of(4, 14))));
    variants.add(new Variant("5.15, vmalloc=400M", board.withKernel(KernelVersion.of(5, 15))
        .withCommandLine(new KernelCommandLine("vmalloc=400M"))));
    variants.add(new Variant("6.1, 3G_OPT split", board.withKernel(KernelVersion.of(6, 1))
        .withConfig(board.config().with("VMSPLIT_3G_OPT", "y"))));
    System.out.println(String.format(Locale.ROOT, "%-20s %-23s %9s %9s %9s %-23s",
        "variant", "lowmem", "lowmem", "highmem", "vmalloc", "vmalloc range"));
    for (Variant v : variants) {
      MemoryLayout l = MemMap.layout(v.machine());
      Region lowmem = l.region("lowmem").orElseThrow();
      Region vmalloc = l.region("vmalloc").orElseThrow();
      long highMb = l.zone(ZoneType.HIGHMEM).map(z -> z.presentPages() >> 8).orElse(0L);
      System.out.println(String.format(Locale.ROOT, "%-20s 0x%08x-0x%08x %6d MB %6d MB %6d MB 0x%08x-0x%08x",
          v.label(), lowmem.start(), lowmem.end(), lowmem.size() >> 20, highMb, vmalloc.size() >> 20,
          vmalloc.start(), vmalloc.end()));
      l.warnings().forEach(w -> System.out.println("    kernel warns: " + w));
    }
  }

  /** The machines of the sweep, in sweep order: release, VMSPLIT, RAM, then {@code vmalloc=}. */
  static List<Machine> sweepMachines(Machine board) {
    // Without the default board's System.map symbols, which belong to its one configuration.
    Machine base = board.withSymbols(java.util.Map.of());
    long ramBase = base.ram().get(0).base();
    List<Machine> out = new ArrayList<>();
    for (String release : SWEEP_RELEASES) {
      for (String split : SWEEP_SPLITS) {
        Machine m = base.withKernel(KernelVersion.parse(release))
            .withConfig(base.config().with(split, "y"));
        for (long ramMb = 128; ramMb <= 4096; ramMb += 64) {
          Machine r = m.withRam(List.of(new org.memmap.api.RamRange(ramBase, ramMb << 20)));
          for (long vmallocMb = 32; vmallocMb <= 1024; vmallocMb += 32) {
            out.add(r.withCommandLine(new KernelCommandLine("vmalloc=" + vmallocMb + "M")));
          }
        }
      }
    }
    return out;
  }

  /** Runs the sweep over {@code board}'s variants and prints the Pareto fronts. */
  static void sweep(Machine board, java.io.PrintStream out) {
    List<Machine> machines = sweepMachines(board);
    long start = System.nanoTime();
    // Layouts are pure functions of their machine: compute them on every core, in sweep order.
    List<Outcome> computed = machines.parallelStream().map(BoardPlanner::outcome).toList();
    List<Outcome> outcomes = computed.stream().filter(java.util.Objects::nonNull).toList();
    int refused = computed.size() - outcomes.size();
    long nanos = System.nanoTime() - start;
    out.println(String.format(Locale.ROOT,
        "sweep of %s: %d configurations (RAM 128M..4G x vmalloc= 32M..1024M x %d VMSPLIT x %d"
            + " releases) in %.2f s, %.1f us each; %d refused by the kernel",
        board.arch(), machines.size(), SWEEP_SPLITS.size(), SWEEP_RELEASES.size(), nanos / 1e9,
        nanos / 1e3 / machines.size(), refused));
    out.println("best lowmem/vmalloc trade-offs per RAM size and VMSPLIT (the Pareto front: no"
        + " other configuration has more of both); its two ends, sizes in MiB");
    out.println(String.format(Locale.ROOT, "%6s  %-14s %5s  %-36s  %-36s", "RAM", "split",
        "front", "most lowmem: lowmem/vmalloc/highmem", "most vmalloc: lowmem/vmalloc/highmem"));
    for (long ramMb : new long[] {256, 512, 768, 1024, 1536, 2048, 3072, 4096}) {
      for (String split : SWEEP_SPLITS) {
        List<Outcome> front = paretoFront(outcomes.stream()
            .filter(o -> o.ramMb() == ramMb && o.split().equals(split)).toList());
        if (front.isEmpty()) {
          continue;
        }
        out.println(String.format(Locale.ROOT, "%5dM  %-14s %5d  %-36s  %-36s", ramMb, split,
            front.size(), brief(front.get(0)), brief(front.get(front.size() - 1))));
      }
    }
  }

  /** The outcome of one machine, or null if the kernel refuses the combination. */
  private static Outcome outcome(Machine m) {
    MemoryLayout l;
    try {
      l = MemMap.layout(m);
    } catch (org.memmap.api.InputException e) {
      return null; // a combination the kernel does not build or boot
    }
    Region lowmem = l.region("lowmem").orElse(null);
    Region vmalloc = l.region("vmalloc").orElse(null);
    if (lowmem == null || vmalloc == null) {
      return null;
    }
    long highMb = l.zone(ZoneType.HIGHMEM).map(z -> z.presentPages() >> 8).orElse(0L);
    return new Outcome(m.kernel().toString(), splitOf(m), m.ram().get(0).size() >> 20,
        m.commandLine().size("vmalloc").orElse(0L) >> 20, lowmem.size() >> 20,
        vmalloc.size() >> 20, highMb);
  }

  private static String brief(Outcome o) {
    return String.format(Locale.ROOT, "%d/%d/%d (vmalloc=%dM, %s)", o.lowmemMb(), o.vmallocMb(),
        o.highmemMb(), o.vmallocArgMb(), o.release());
  }

  /**
   * The outcomes no other outcome beats in both lowmem and vmalloc size, by lowmem descending;
   * of equal pairs the first in sweep order.
   */
  static List<Outcome> paretoFront(List<Outcome> outcomes) {
    List<Outcome> sorted = new ArrayList<>(outcomes);
    // lowmem descending, then vmalloc descending; a stable sort keeps sweep order among equals
    sorted.sort(java.util.Comparator.comparingLong(Outcome::lowmemMb).reversed()
        .thenComparing(java.util.Comparator.comparingLong(Outcome::vmallocMb).reversed()));
    List<Outcome> front = new ArrayList<>();
    long bestVmalloc = -1;
    for (Outcome o : sorted) {
      if (o.vmallocMb() > bestVmalloc) {
        front.add(o);
        bestVmalloc = o.vmallocMb();
      }
    }
    return front;
  }

  private static String splitOf(Machine m) {
    for (int i = SWEEP_SPLITS.size() - 1; i >= 0; i--) {
      if (m.config().isEnabled(SWEEP_SPLITS.get(i))) {
        return SWEEP_SPLITS.get(i);
      }
    }
    return "default";
  }
}

package org.memmap.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.memmap.api.InputException;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.core.MemMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Goal L1: {@code MemMap.layout(machine)} (the installed plugins) warm, the cost of one what-if configuration of a board
 * planner ({@code BoardPlanner --sweep}). {@link #warm}: the same machine every op (the layout is
 * recomputed, nothing is cached across calls); {@link #sweep}: a ring of distinct machines over
 * RAM x {@code vmalloc=} x VMSPLIT x release, as the planner visits them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class LayoutBench {
  /** The architecture of the board: its plugin's default machine. */
  @Param({"arm", "x86"})
  public String arch;

  MemMap memmap;
  Machine machine;
  Machine[] ring;
  int next;

  /** The default board of {@link #arch}, and the ring of what-if variants of it. */
  @Setup(Level.Trial)
  public void setUp() {
    memmap = MemMap.installed();
    // Without the default board's System.map symbols, which belong to its one configuration.
    machine = memmap.defaultMachine(arch).withSymbols(Map.of());
    List<Machine> variants = new ArrayList<>();
    for (Machine m : variants(machine)) {
      try {
        layout(memmap, m);
        variants.add(m);
      } catch (InputException e) {
        // a combination the kernel refuses is not part of the sweep
      }
    }
    ring = variants.toArray(new Machine[0]);
  }

  /**
   * The planner's space: RAM 256 MiB .. 3 GiB, {@code vmalloc=} 64 .. 512 MiB, the VMSPLIT
   * choices and four releases.
   */
  static List<Machine> variants(Machine board) {
    List<Machine> out = new ArrayList<>();
    long base = board.ram().get(0).base();
    for (String release : new String[] {"4.4", "4.19", "5.15", "6.1"}) {
      for (String split : new String[] {"VMSPLIT_3G", "VMSPLIT_3G_OPT", "VMSPLIT_2G", "VMSPLIT_1G"}) {
        for (long ramMb = 256; ramMb <= 3072; ramMb += 256) {
          for (long vmallocMb = 64; vmallocMb <= 512; vmallocMb += 64) {
            out.add(board.withKernel(KernelVersion.parse(release))
                .withConfig(board.config().with(split, "y"))
                .withRam(List.of(new RamRange(base, ramMb << 20)))
                .withCommandLine(new KernelCommandLine("vmalloc=" + vmallocMb + "M")));
          }
        }
      }
    }
    return out;
  }

  /** The one adapter to the library's front door, {@code MemMap.layout(machine)}. */
  static MemoryLayout layout(MemMap memmap, Machine m) {
    return MemMap.layout(m);
  }

  /** One layout of the default board. */
  @Benchmark
  public MemoryLayout warm() {
    return layout(memmap, machine);
  }

  /** One layout of the next machine of the sweep ring. */
  @Benchmark
  public MemoryLayout sweep() {
    Machine m = ring[next];
    next = next + 1 == ring.length ? 0 : next + 1;
    return layout(memmap, m);
  }
}

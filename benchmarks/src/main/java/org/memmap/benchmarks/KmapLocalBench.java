package org.memmap.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.memmap.benchmarks.support.BenchMmu;
import org.memmap.benchmarks.support.Machines;
import org.memmap.core.highmem.Highmem;
import org.memmap.core.highmem.KmapCtrl;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Goal K4: the library's {@code kmap_local_page} + {@code kunmap_local} pair (x86 5.11+ per-task
 * stack: fixmap PTE write, then PTE clear and a one-page TLB flush) against the faithful
 * global-lock {@code kmap} + {@code kunmap} pair, hot set of 64 highmem pages, in the same run.
 * Each thread is a task on its own CPU.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class KmapLocalBench {
  /** {@code faithful-kmap}: the baseline pair; {@code kmap_local}: the library's local pair. */
  @Param({"faithful-kmap", "kmap_local"})
  public String impl;

  static final int PAGES = 64;

  KmapBench.Kmapper kmapper;
  Highmem highmem;

  /** Builds the implementation; the kmap pool starts with the hot set mapped. */
  @Setup(Level.Trial)
  public void setUp() {
    long first = Machines.firstHighPfn();
    if (impl.equals("kmap_local")) {
      highmem = new Highmem(java.util.Optional.of(Machines.X86_PKMAP), Machines.X86_KMAP_LOCAL, Machines.X86_LOWMEM,
          new BenchMmu(Machines.X86_LOWMEM));
    } else if (impl.equals("faithful-kmap")) {
      kmapper = KmapBench.create("faithful");
      for (int i = 0; i < PAGES; i++) {
        kmapper.kmap(first + i);
        kmapper.kunmap(first + i);
      }
    } else {
      throw new IllegalArgumentException("impl " + impl);
    }
  }

  /** A task: its CPU's kmap_local stack and its page stream. */
  @State(Scope.Thread)
  public static class Task {
    static final int RING = 1 << 16;
    long[] pfns;
    int next;
    KmapCtrl ctrl;

    /** One task per thread, on CPU = thread index. */
    @Setup(Level.Trial)
    public void setUp(KmapLocalBench bench, ThreadParams thread) {
      SplittableRandom random = new SplittableRandom(7 + thread.getThreadIndex());
      long first = Machines.firstHighPfn();
      pfns = new long[RING];
      for (int i = 0; i < RING; i++) {
        pfns[i] = first + random.nextInt(PAGES);
      }
      if (bench.highmem != null) {
        ctrl = bench.highmem.kmapCtrl(thread.getThreadIndex());
      }
    }

    long nextPfn() {
      int i = next;
      next = (i + 1) & (RING - 1);
      return pfns[i];
    }
  }

  private long pair(Task t) {
    long pfn = t.nextPfn();
    if (highmem != null) {
      long vaddr = highmem.kmapLocal(t.ctrl, pfn);
      highmem.kunmapLocal(t.ctrl, vaddr);
      return vaddr;
    }
    long vaddr = kmapper.kmap(pfn);
    kmapper.kunmap(pfn);
    return vaddr;
  }

  /** One pair, 1 thread. */
  @Benchmark
  @Threads(1)
  public long pair1(Task t) {
    return pair(t);
  }

  /** One pair per thread, 2 threads. */
  @Benchmark
  @Threads(2)
  public long pair2(Task t) {
    return pair(t);
  }
}

package org.memmap.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.memmap.benchmarks.baseline.FaithfulPkmap;
import org.memmap.benchmarks.support.BenchMmu;
import org.memmap.benchmarks.support.Machines;
import org.memmap.core.highmem.Highmem;
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
 * Goals K1-K3: one {@code kmap} + {@code kunmap} pair of a highmem page per op, on the x86-32
 * 686 pool (LAST_PKMAP 1024), the library's {@link Highmem} ("ours") against the faithful
 * global-lock port of {@code mm/highmem.c} ({@link FaithfulPkmap}) in the same run.
 *
 * <ul>
 *   <li>K1: {@code pages=64} (hot set: every kmap after warm-up finds the page mapped), {@link
 *       #pair1} (1 thread);
 *   <li>K2: {@code pages=64}, {@link #pair2} (2 threads; aggregate throughput = 2 / score);
 *   <li>K3: {@code pages=4096} (churn, 4x LAST_PKMAP: new mappings, wrap-arounds and
 *       flush_all_zero_pkmaps with its whole-window TLB flush), {@link #pair2}.
 * </ul>
 *
 * Pages are drawn uniformly from a pre-generated per-thread ring of 2^16 pfns.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class KmapBench {
  /** The implementation: the faithful kernel port or the library. */
  @Param({"faithful", "ours"})
  public String impl;

  /** Distinct highmem pages kmapped: 64 (hot set) or 4096 (churn). */
  @Param({"64", "4096"})
  public int pages;

  Kmapper kmapper;

  /** kmap + kunmap of one implementation. */
  interface Kmapper {
    long kmap(long pfn);

    void kunmap(long pfn);
  }

  static Kmapper create(String impl) {
    BenchMmu mmu = new BenchMmu(Machines.X86_LOWMEM);
    switch (impl) {
      case "faithful": {
        FaithfulPkmap pool = new FaithfulPkmap(Machines.X86_PKMAP.pkmapBase(),
            Machines.X86_PKMAP.lastPkmap(), Machines.firstHighPfn(),
            Machines.X86_LOWMEM.pageOffset(), Machines.X86_LOWMEM.physOffset(), mmu);
        return new Kmapper() {
          @Override
          public long kmap(long pfn) {
            return pool.kmap(pfn);
          }

          @Override
          public void kunmap(long pfn) {
            pool.kunmap(pfn);
          }
        };
      }
      case "ours": {
        Highmem highmem = new Highmem(java.util.Optional.of(Machines.X86_PKMAP), Machines.X86_KMAP_LOCAL,
            Machines.X86_LOWMEM, mmu);
        return new Kmapper() {
          @Override
          public long kmap(long pfn) {
            return highmem.kmap(pfn);
          }

          @Override
          public void kunmap(long pfn) {
            highmem.kunmap(pfn);
          }
        };
      }
      default:
        throw new IllegalArgumentException("impl " + impl + ": expected faithful or ours");
    }
  }

  /** Builds the pool and maps the pages once, so a hot set starts mapped. */
  @Setup(Level.Trial)
  public void setUp() {
    kmapper = create(impl);
    long first = Machines.firstHighPfn();
    for (int i = 0; i < pages; i++) {
      kmapper.kmap(first + i);
      kmapper.kunmap(first + i);
    }
  }

  /** A thread's pre-generated page stream. */
  @State(Scope.Thread)
  public static class Stream {
    static final int RING = 1 << 16;
    long[] pfns;
    int next;

    /** Fills the ring with uniform pages of the working set, seeded by thread index. */
    @Setup(Level.Trial)
    public void setUp(KmapBench bench, ThreadParams thread) {
      SplittableRandom random = new SplittableRandom(42 + thread.getThreadIndex());
      long first = Machines.firstHighPfn();
      pfns = new long[RING];
      for (int i = 0; i < RING; i++) {
        pfns[i] = first + random.nextInt(bench.pages);
      }
    }

    long nextPfn() {
      int i = next;
      next = (i + 1) & (RING - 1);
      return pfns[i];
    }
  }

  /** One kmap + kunmap pair, 1 thread (K1). */
  @Benchmark
  @Threads(1)
  public long pair1(Stream s) {
    long pfn = s.nextPfn();
    long vaddr = kmapper.kmap(pfn);
    kmapper.kunmap(pfn);
    return vaddr;
  }

  /** One kmap + kunmap pair per thread, 2 threads on one pool (K2, K3). */
  @Benchmark
  @Threads(2)
  public long pair2(Stream s) {
    long pfn = s.nextPfn();
    long vaddr = kmapper.kmap(pfn);
    kmapper.kunmap(pfn);
    return vaddr;
  }
}

package org.memmap.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.memmap.benchmarks.support.BenchMmu;
import org.memmap.benchmarks.support.Machines;
import org.memmap.core.MemMap;
import org.memmap.api.Machine;
import org.memmap.core.highmem.Highmem;
import org.memmap.core.highmem.KmapCtrl;

/**
 * The single-thread kmap and layout figures in thread CPU time, for a machine shared with other
 * work: JMH's wall-clock scores include the time the benchmark thread was preempted, CPU time does
 * not (a plain update pair measures the same here as on an idle machine). The same scenarios as
 * {@link KmapBench#pair1}, {@link KmapLocalBench#pair1} and {@link LayoutBench#warm}, plus {@code
 * floor}: the memory operations of a kmap_local pair (stack push, PTE store, pteval, pop, PTE
 * clear, the TLB entry check) with no validation and no {@code Mmu}, and {@code floor via Mmu}:
 * the same stack operations with the PTE work done by the benchmarks' {@code Mmu} (its own checks
 * included), i.e. everything but the library's checks.
 *
 * <p>With the argument {@code kmap2}: the two-thread kmap figures ({@link KmapBench#pair2}, hot
 * set and churn) in the CPU time both threads spent per pair.
 *
 * <p>With {@code t3}: {@link TranslateBench#miss} of each format, bare walk and through the TLB,
 * in CPU time.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.memmap.benchmarks.CpuTimeProbe [kmap2|t3]</pre>
 */
public final class CpuTimeProbe {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
  private static final int ROUNDS = 6;
  private static long sink;

  private CpuTimeProbe() {}

  /** A loop to time: {@code n} operations. */
  private interface Loop {
    void run(int n);
  }

  /** The best of {@link #ROUNDS} rounds, in CPU nanoseconds per operation. */
  private static double best(int n, Loop loop) {
    double best = Double.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      long start = MX.getCurrentThreadCpuTime();
      loop.run(n);
      best = Math.min(best, (MX.getCurrentThreadCpuTime() - start) / (double) n);
    }
    return best;
  }

  private static long[] ring(int pages) {
    return ring(pages, 7);
  }

  private static long[] ring(int pages, int seed) {
    long first = Machines.firstHighPfn();
    SplittableRandom random = new SplittableRandom(seed);
    long[] pfns = new long[1 << 16];
    for (int i = 0; i < pfns.length; i++) {
      pfns[i] = first + random.nextInt(pages);
    }
    return pfns;
  }

  /** The floor's stand-in for a task's kmap_ctrl. */
  private static final class Ctrl {
    int idx;
    final long[] pteval = new long[16];
    final long[] slot = new long[16];
  }

  /**
   * Two threads each run {@code n} kmap + kunmap pairs of their own ring on one pool ({@link
   * KmapBench#pair2}); the best of {@link #ROUNDS} rounds of the CPU time both threads spent,
   * per pair, and of the wall time per pair per thread. A design that scales spends as much CPU
   * per pair as one thread alone; cache-line transfers and spinning show as more.
   *
   * @return {CPU ns per pair, wall ns per pair per thread}
   */
  private static double[] best2(KmapBench.Kmapper k, int pages, int n) throws Exception {
    long[][] rings = {ring(pages, 42), ring(pages, 43)};
    double bestCpu = Double.MAX_VALUE;
    double bestWall = Double.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
      long[] cpu = new long[2];
      long[] wall = new long[2];
      Thread[] threads = new Thread[2];
      for (int t = 0; t < 2; t++) {
        int id = t;
        threads[t] = new Thread(() -> {
          long[] pfns = rings[id];
          long local = 0;
          try {
            start.await();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          long c0 = MX.getCurrentThreadCpuTime();
          long w0 = System.nanoTime();
          for (int i = 0; i < n; i++) {
            long p = pfns[i & 0xffff];
            local += k.kmap(p);
            k.kunmap(p);
          }
          cpu[id] = MX.getCurrentThreadCpuTime() - c0;
          wall[id] = System.nanoTime() - w0;
          synchronized (CpuTimeProbe.class) {
            sink += local;
          }
        });
        threads[t].start();
      }
      for (Thread t : threads) {
        t.join();
      }
      bestCpu = Math.min(bestCpu, (cpu[0] + cpu[1]) / (2.0 * n));
      bestWall = Math.min(bestWall, Math.max(wall[0], wall[1]) / (double) n);
    }
    return new double[] {bestCpu, bestWall};
  }

  /** Prints every figure, in CPU ns (layouts: us) per operation. */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("t3")) {
      for (String format : new String[] {"x86", "pae", "arm"}) {
        double[] ns = new double[2];
        for (int round = 0; round < 2; round++) { // the second round after both are compiled
          for (int k = 0; k < 2; k++) {
            TranslateBench b = new TranslateBench();
            b.format = format;
            b.impl = k == 0 ? "walk" : "tlb";
            b.setUp();
            ns[k] = best(2_000_000, n -> {
              for (int i = 0; i < n; i++) {
                sink += b.miss();
              }
            });
          }
        }
        System.out.println(String.format(Locale.ROOT,
            "T3 %-3s miss: bare walk %6.2f ns, TLB miss + walk + fill %6.2f ns, ratio %.2f",
            format, ns[0], ns[1], ns[1] / ns[0]));
      }
      return;
    }
    if (args.length > 0 && args[0].equals("kmap2")) {
      for (int pages : new int[] {64, 4096}) {
        for (String impl : new String[] {"faithful", "ours"}) {
          double[] r = best2(KmapBench.create(impl), pages, pages == 64 ? 4_000_000 : 1_000_000);
          System.out.println(String.format(Locale.ROOT,
              "kmap+kunmap 2 threads pages=%d %-8s CPU %8.2f ns per pair, wall %8.2f ns per pair per thread",
              pages, impl, r[0], r[1]));
        }
      }
      return;
    }
    for (int pages : new int[] {64, 4096}) {
      long[] pfns = ring(pages);
      for (String impl : new String[] {"faithful", "ours"}) {
        KmapBench.Kmapper k = KmapBench.create(impl);
        double ns = best(10_000_000, n -> {
          for (int i = 0; i < n; i++) {
            long p = pfns[i & 0xffff];
            sink += k.kmap(p);
            k.kunmap(p);
          }
        });
        System.out.println(String.format(Locale.ROOT, "kmap+kunmap pages=%d %-8s %8.2f ns",
            pages, impl, ns));
      }
    }
    long[] pfns = ring(64);
    Highmem highmem = new Highmem(Optional.of(Machines.X86_PKMAP), Machines.X86_KMAP_LOCAL,
        Machines.X86_LOWMEM, new BenchMmu(Machines.X86_LOWMEM));
    KmapCtrl ctrl = highmem.kmapCtrl(0);
    double local = best(20_000_000, n -> {
      for (int i = 0; i < n; i++) {
        long vaddr = highmem.kmapLocal(ctrl, pfns[i & 0xffff]);
        highmem.kunmapLocal(ctrl, vaddr);
        sink += vaddr;
      }
    });
    System.out.println(String.format(Locale.ROOT, "kmap_local pair           %8.2f ns", local));
    Ctrl c = new Ctrl();
    for (int t = 0; t < 16; t++) {
      c.slot[t] = Machines.X86_KMAP_LOCAL.slotAddress(0, t);
    }
    int[] pte = new int[1 << 20];
    long[] tlb = new long[256];
    double floor = best(20_000_000, n -> {
      for (int i = 0; i < n; i++) {
        long pfn = pfns[i & 0xffff];
        int t = c.idx;
        long v = c.slot[t];
        pte[(int) (v >>> 12)] = (int) pfn + 1;
        c.pteval[t] = pfn;
        c.idx = t + 1;
        int u = c.idx - 1;
        long w = c.slot[u];
        pte[(int) (w >>> 12)] = 0;
        int e = (int) (w >>> 12) & 255;
        if (tlb[e] == (w >>> 12) + 1) {
          tlb[e] = 0;
        }
        c.idx = u;
        sink += v;
      }
    });
    System.out.println(String.format(Locale.ROOT, "kmap_local floor          %8.2f ns", floor));
    BenchMmu mmu = new BenchMmu(Machines.X86_LOWMEM);
    Ctrl m = new Ctrl();
    for (int t = 0; t < 16; t++) {
      m.slot[t] = Machines.X86_KMAP_LOCAL.slotAddress(0, t);
    }
    double floorMmu = best(20_000_000, n -> {
      for (int i = 0; i < n; i++) {
        long pfn = pfns[i & 0xffff];
        int t = m.idx;
        long v = m.slot[t];
        mmu.setPte(v, pfn);
        m.pteval[t] = pfn;
        m.idx = t + 1;
        int u = m.idx - 1;
        mmu.ptepClearFlush(m.slot[u]);
        m.idx = u;
        sink += v;
      }
    });
    System.out.println(String.format(Locale.ROOT, "kmap_local floor via Mmu  %8.2f ns", floorMmu));
    for (String arch : new String[] {"arm", "x86"}) {
      Machine board = MemMap.board(arch).withSymbols(java.util.Map.of());
      double us = best(20_000, n -> {
        for (int i = 0; i < n; i++) {
          sink += MemMap.layout(board).regions().size();
        }
      }) / 1000;
      System.out.println(String.format(Locale.ROOT, "MemMap.layout %-3s warm    %8.2f us", arch, us));
    }
    System.out.println(String.format(Locale.ROOT, "(checksum %d)", sink));
  }
}

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
 * clear, the TLB entry check) with no validation and no {@code Mmu}.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.memmap.benchmarks.CpuTimeProbe</pre>
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
    long first = Machines.firstHighPfn();
    SplittableRandom random = new SplittableRandom(7);
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

  /** Prints every figure, in CPU ns (layouts: us) per operation. */
  public static void main(String[] args) {
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
    for (String arch : new String[] {"arm", "x86"}) {
      Machine m = MemMap.board(arch).withSymbols(java.util.Map.of());
      double us = best(20_000, n -> {
        for (int i = 0; i < n; i++) {
          sink += MemMap.layout(m).regions().size();
        }
      }) / 1000;
      System.out.println(String.format(Locale.ROOT, "MemMap.layout %-3s warm    %8.2f us", arch, us));
    }
    System.out.println(String.format(Locale.ROOT, "(checksum %d)", sink));
  }
}

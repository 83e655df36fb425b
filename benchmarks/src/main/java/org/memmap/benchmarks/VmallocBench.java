package org.memmap.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.memmap.benchmarks.baseline.FaithfulVmap;
import org.memmap.benchmarks.support.LazyVmalloc;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Goals V1-V4, shaped as {@code lib/test_vmalloc.c}: the library's {@code VmapAllocator}
 * ("ours", free-block augmented tree, 5.2+) against the faithful pre-5.2 busy-list allocator
 * ({@link FaithfulVmap}), both behind the same lazy-vfree layer ({@link LazyVmalloc}), 1 thread.
 *
 * <ul>
 *   <li>{@link #fixSize} (V1): {@code vmalloc(1 page)} + {@code vfree}, empty 128 MiB window
 *       (x86-32 {@code __VMALLOC_RESERVE}) at 0xf0000000.
 *   <li>{@link #randomSize}: 1..100 pages; {@link #fixAlign}: 5 pages aligned to 2 * THREAD_SIZE
 *       (16 KiB); both over {@code busy} = 10^4 live 1-page areas.
 *   <li>{@link LongBusyList} (V2-V4).
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class VmallocBench {
  static final long PAGE = 4096;

  /** The allocator: faithful pre-5.2 or ours. */
  @Param({"faithful", "ours"})
  public String impl;

  LazyVmalloc vm;
  FaithfulVmap faithful;
  int[] sizes;
  int next;

  static LazyVmalloc create(String impl, long start, long end, boolean guard, VmallocBench b) {
    switch (impl) {
      case "faithful":
        FaithfulVmap f = new FaithfulVmap();
        if (b != null) {
          b.faithful = f;
        }
        return new LazyVmalloc(LazyVmalloc.faithful(f), start, end, guard);
      case "ours":
        return new LazyVmalloc(LazyVmalloc.ours(start, end), start, end, guard);
      default:
        throw new IllegalArgumentException("impl " + impl + ": expected faithful or ours");
    }
  }

  /** An empty 128 MiB window, and 2^16 pre-drawn sizes of 1..100 pages. */
  @Setup(Level.Trial)
  public void setUp() {
    vm = create(impl, 0xf0000000L, 0xf8000000L, true, this);
    SplittableRandom random = new SplittableRandom(3);
    sizes = new int[1 << 16];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = 1 + random.nextInt(100);
    }
  }

  /** V1: {@code fix_size_alloc_test}, 1 page. */
  @Benchmark
  public long fixSize() {
    long a = vm.vmalloc(PAGE, PAGE);
    vm.vfree(a, PAGE);
    return a;
  }

  /** {@code random_size_alloc_test}: 1..100 pages, over 10^4 live areas. */
  @Benchmark
  public long randomSize(Busy busy) {
    long bytes = sizes[next = (next + 1) & 0xffff] * PAGE;
    long a = busy.vm.vmalloc(bytes, PAGE);
    busy.vm.vfree(a, bytes);
    return a;
  }

  /** {@code fix_align_alloc_test}: 5 pages aligned to THREAD_ALIGN << 1 = 16 KiB, over 10^4 live areas. */
  @Benchmark
  public long fixAlign(Busy busy) {
    long a = busy.vm.vmalloc(5 * PAGE, 16 * 1024);
    busy.vm.vfree(a, 5 * PAGE);
    return a;
  }

  /** 10^4 live 1-page areas at the bottom of a 512 MiB window. */
  @State(Scope.Thread)
  public static class Busy {
    LazyVmalloc vm;

    /** Builds the background. */
    @Setup(Level.Trial)
    public void setUp(VmallocBench b) {
      vm = create(b.impl, 0xc0000000L, 0xe0000000L, true, null);
      for (int i = 0; i < 10_000; i++) {
        vm.vmalloc(PAGE, PAGE);
      }
    }
  }

  /**
   * V2-V4: {@code long_busy_list_alloc_test}: {@code n} live 1-page areas, then per op {@code
   * vmalloc(100 pages)}, {@code vmalloc(1 page)}, {@code vfree}, {@code vfree}. Enlarged window
   * [1 MiB, 4 GiB - 1 MiB) (a 32-bit vmalloc area holds at most ~16k such areas); at n = 10^6 the
   * areas have no guard page ({@code VM_NO_GUARD}) so that they fit in 4 GiB. Below the busy list
   * lie four 100-page holes, as a booted kernel's vmalloc area has small holes left by early
   * frees: {@code cached_hole_size} sends each 1-page allocation there, which moves {@code
   * free_vmap_cache} down, so the next 100-page allocation walks the whole list from below: about
   * N list nodes per iteration, the degeneration the kernel measured (41 µs per iteration over
   * 15,000 areas on an i5-3320M). The teardown prints the nodes visited per iteration.
   */
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @State(Scope.Thread)
  @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
  public static class LongBusyList {
    /** The allocator: faithful pre-5.2 or ours. */
    @Param({"faithful", "ours"})
    public String impl;

    /** Live areas in the background. */
    @Param({"15000", "100000", "1000000"})
    public int n;

    /** Holes below the busy list: enough 1-page allocations land low in one purge cycle. */
    static final int HOLES = 4;

    LazyVmalloc vm;
    FaithfulVmap faithful;
    long ops;

    /** Builds the hole and the busy list. */
    @Setup(Level.Trial)
    public void setUp() {
      boolean guard = n <= 100_000;
      VmallocBench holder = new VmallocBench();
      vm = create(impl, 0x00100000L, 0xfff00000L, guard, holder);
      faithful = holder.faithful;
      long[] holes = new long[HOLES];
      for (int h = 0; h < HOLES; h++) {
        holes[h] = vm.vmalloc(99 * PAGE, PAGE); // 100 pages with its guard
        vm.vmalloc(PAGE, PAGE); // stays: keeps the holes apart
      }
      for (int i = 0; i < n; i++) {
        vm.vmalloc(PAGE, PAGE);
      }
      for (long hole : holes) {
        vm.freeNow(hole, 99 * PAGE);
      }
      if (faithful != null) {
        faithful.visited = 0;
      }
    }

    /** Reports the faithful walk's list nodes visited per iteration. */
    @TearDown(Level.Trial)
    public void tearDown() {
      if (faithful != null && ops > 0) {
        System.out.printf(java.util.Locale.ROOT, "%n[faithful n=%d] list nodes visited per iteration: %.0f%n",
            n, (double) faithful.visited / ops);
      }
    }

    /** One iteration of the kernel test's loop. */
    @Benchmark
    public long iteration() {
      ops++;
      long p1 = vm.vmalloc(100 * PAGE, PAGE);
      long p2 = vm.vmalloc(PAGE, PAGE);
      vm.vfree(p1, 100 * PAGE);
      vm.vfree(p2, PAGE);
      return p1 ^ p2;
    }
  }
}

package org.memmap.cli;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.api.spi.PkmapSpec;
import org.memmap.core.highmem.Highmem;
import org.memmap.core.highmem.PkmapSlot;
import org.memmap.core.highmem.PkmapStats;
import org.memmap.core.mm.Mmu;

/**
 * A kmap storm: N real Java threads, each mapping M highmem pages of a simulated kernel with
 * {@code kmap()} ({@link Highmem#kmap(long, Duration)}), writing a pattern through every mapping,
 * reading it back, and verifying it again before {@code kunmap()}. With more pages than pkmap
 * slots the pool wraps around and flushes; with {@code hold} mappings kept per thread the pool
 * can run dry and threads sleep on the wait queue as kernel tasks do. At the end every page is
 * mapped once more and each thread's last pattern is checked: no data may be lost.
 *
 * <p>A thread that has slept {@link Options#backoff()} while holding mappings gives them all up
 * and tries again holding none: kernel code must not hold several kmaps while it may sleep for
 * another (it deadlocks once every slot is held by a sleeper), and the storm counts these
 * back-offs instead of hanging.
 *
 * <p>The engine of {@code memmap kmap --threads 4 --pages 2000 --hold 200}. The example program
 * {@code org.memmap.examples.KmapStorm} is a small storm over the public library alone.
 */
final class KmapStorm {
  /** The most threads: each writes its pattern at its own 64-byte offset of a 4 KiB page. */
  public static final int MAX_THREADS = 64;
  private static final int STAMP_STRIDE = 64;

  private KmapStorm() {}

  /**
   * What to run.
   *
   * @param threads how many Java threads map pages concurrently (1 to {@value #MAX_THREADS})
   * @param pages how many highmem pages each thread maps per pass
   * @param hold how many mappings each thread keeps at once (the oldest is kunmapped first)
   * @param duration repeat passes until this much time has gone by; zero for one pass
   * @param backoff how long a thread holding mappings sleeps for a slot before it gives them up
   */
  public record Options(int threads, int pages, int hold, Duration duration, Duration backoff) {
    /** Checks the values; errors name the option. */
    public Options {
      requireNonNull(duration, "duration");
      requireNonNull(backoff, "backoff");
      if (threads < 1 || threads > MAX_THREADS) {
        throw new InputException("--threads " + threads + ": expected 1 to " + MAX_THREADS);
      }
      if (pages < 1) {
        throw new InputException("--pages " + pages + ": expected at least 1 page per thread");
      }
      if (hold < 1 || hold > pages) {
        throw new InputException("--hold " + hold + ": expected 1 to --pages (" + pages + ")");
      }
      if (duration.isNegative() || duration.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new InputException("--duration " + duration + ": expected 0 to 10 minutes");
      }
      if (backoff.isNegative() || backoff.isZero()) {
        throw new InputException("backoff " + backoff + ": expected a positive time");
      }
    }

    /** One pass, with the default back-off of 50 ms. */
    public Options(int threads, int pages, int hold, Duration duration) {
      this(threads, pages, hold, duration, Duration.ofMillis(50));
    }
  }

  /**
   * What happened.
   *
   * @param layout the machine's layout
   * @param options what was run
   * @param highmemPages how many highmem pages the machine has
   * @param passes the most passes a thread made
   * @param kmaps kmap calls by the threads (the final check not counted)
   * @param verified patterns read back correctly (after the write and again before kunmap)
   * @param rechecked last patterns read back through fresh mappings after the run
   * @param mismatches patterns that read back wrong: lost data
   * @param backOffs times a thread gave up its mappings after sleeping {@code backoff}
   * @param maxHeld the most mappings the threads held at one time
   * @param nanos the wall-clock time of the run
   * @param stats the pkmap counters when the threads had finished (before the final check)
   * @param window the busy pkmap slots when the threads had finished
   */
  public record Report(
      MemoryLayout layout, Options options, long highmemPages, long passes, long kmaps,
      long verified, long rechecked, long mismatches, long backOffs, int maxHeld, long nanos,
      PkmapStats stats, List<PkmapSlot> window) {
    /** Copies the list. */
    public Report {
      window = List.copyOf(window);
    }

    /** Whether every pattern read back as written. */
    public boolean dataIntact() {
      return mismatches == 0;
    }
  }

  /** The highmem pfns of a machine: RAM at or above {@code max_low_pfn}. */
  private record HighPages(long[] start, long[] end, long count) {
    static HighPages of(Highmem highmem) {
      long maxLow = highmem.linearMap().maxLowPfn();
      List<long[]> ranges = new ArrayList<>();
      long count = 0;
      for (RamRange r : highmem.linearMap().memory()) {
        long s = Math.max(Addresses.pfnUp(r.base()), maxLow);
        long e = Addresses.pfnDown(r.end());
        if (e > s) {
          ranges.add(new long[] {s, e});
          count += e - s;
        }
      }
      long[] start = ranges.stream().mapToLong(a -> a[0]).toArray();
      long[] end = ranges.stream().mapToLong(a -> a[1]).toArray();
      return new HighPages(start, end, count);
    }

    long pfn(long index) {
      long i = index % count;
      for (int r = 0; r < start.length; r++) {
        long n = end[r] - start[r];
        if (i < n) {
          return start[r] + i;
        }
        i -= n;
      }
      throw new IllegalStateException("highmem page index " + index + " out of " + count);
    }
  }

  /** Shared counters of one run. */
  private static final class Counters {
    final AtomicLong kmaps = new AtomicLong();
    final AtomicLong verified = new AtomicLong();
    final AtomicLong mismatches = new AtomicLong();
    final AtomicLong backOffs = new AtomicLong();
    final AtomicLong passes = new AtomicLong();
    final AtomicInteger held = new AtomicInteger();
    final AtomicInteger maxHeld = new AtomicInteger();
    /** The last stamp each thread wrote into each page: key pfn * MAX_THREADS + thread. */
    final Map<Long, Long> last = new ConcurrentHashMap<>();
    volatile Throwable failure;
  }

  /** One mapping a thread holds. */
  private record Held(long pfn, long vaddr, long stamp) {}

  /**
   * Runs the storm on {@code highmem}, whose mappings go through {@code mmu}.
   *
   * @throws InputException if the machine has no highmem (nothing for kmap to map)
   */
  public static Report run(MemoryLayout layout, Highmem highmem, Mmu mmu, Options o) {
    if (highmem.pkmapSpec().isEmpty()) {
      throw new InputException("kmap: this machine has no pkmap window (CONFIG_HIGHMEM is not set)");
    }
    HighPages high = HighPages.of(highmem);
    if (high.count() == 0) {
      throw new InputException(String.format(Locale.ROOT,
          "kmap: this machine has no highmem: all its RAM lies below the lowmem limit %s; give it more RAM with --ram",
          Addresses.hex(highmem.linearMap().lowmemLimit())));
    }
    checkBudget(o, high.count(), Runtime.getRuntime().maxMemory());
    Counters c = new Counters();
    long start = System.nanoTime();
    long deadline = start + o.duration().toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < o.threads(); t++) {
      int id = t;
      Thread th = new Thread(() -> {
        try {
          storm(id, highmem, mmu, o, high, deadline, c);
        } catch (RuntimeException | Error e) {
          c.failure = e;
        }
      }, "kmap-storm-" + t);
      th.setDaemon(true);
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      joinUninterruptibly(th);
    }
    long nanos = System.nanoTime() - start;
    if (c.failure != null) {
      throw new IllegalStateException("kmap storm thread failed: " + c.failure, c.failure);
    }
    PkmapStats stats = highmem.stats();
    List<PkmapSlot> window = highmem.showPkmap();
    // Every thread's last pattern in every page, through a fresh kmap of the page.
    long rechecked = 0;
    for (Map.Entry<Long, Long> e : c.last.entrySet()) {
      long pfn = e.getKey() / MAX_THREADS;
      int t = (int) (e.getKey() % MAX_THREADS);
      long vaddr = highmem.kmap(pfn);
      try {
        if (readStamp(mmu, vaddr, t) != e.getValue()) {
          c.mismatches.incrementAndGet();
        } else {
          rechecked++;
        }
      } finally {
        highmem.kunmap(pfn);
      }
    }
    return new Report(layout, o, high.count(), c.passes.get(), c.kmaps.get(), c.verified.get(),
        rechecked, c.mismatches.get(), c.backOffs.get(), c.maxHeld.get(), nanos, stats, window);
  }

  /**
   * Refuses, before it runs, a storm whose simulated memory would not fit in half the Java heap:
   * every highmem page it touches is one shared 4 KiB page of simulated RAM (threads share them),
   * and each thread's last stamp per page is remembered for the final check.
   *
   * @throws InputException naming the threads, pages and the budget
   */
  static void checkBudget(Options o, long highmemPages, long maxHeapBytes) {
    long perThread = Math.min(o.pages(), highmemPages);
    long touched = Math.min((long) o.threads() * o.pages(), highmemPages);
    long bytes = touched * (Addresses.PAGE_SIZE + 64) + (long) o.threads() * perThread * 96;
    long budget = maxHeapBytes / 2;
    if (bytes > budget) {
      throw new InputException(String.format(Locale.ROOT,
          "kmap: %d threads x %d pages would touch %d highmem pages and need about %d MiB of"
              + " simulated memory, more than the budget of %d MiB (half the Java heap);"
              + " give fewer --pages or --threads", o.threads(), o.pages(), touched, bytes >> 20,
          budget >> 20));
    }
  }

  private static void storm(int t, Highmem highmem, Mmu mmu, Options o, HighPages high,
      long deadline, Counters c) {
    Deque<Held> held = new ArrayDeque<>();
    long pass = 0;
    boolean timed = !o.duration().isZero();
    do {
      for (int i = 0; i < o.pages(); i++) {
        // --duration bounds the run, even inside a long pass (checked every 64 pages).
        if (timed && (i & 63) == 0 && System.nanoTime() >= deadline && (pass > 0 || i > 0)) {
          break;
        }
        long pfn = high.pfn((long) t * o.pages() + i);
        if (held.size() >= o.hold()) {
          release(held.poll(), t, highmem, mmu, c);
        }
        long vaddr = kmap(pfn, t, held, highmem, mmu, o, c);
        long stamp = (pass + 1) << 48 ^ pfn << 8 ^ t ^ 0x5a00_0000_0000_0000L;
        writeStamp(mmu, vaddr, t, stamp);
        check(readStamp(mmu, vaddr, t) == stamp, c);
        c.last.put(pfn * MAX_THREADS + t, stamp);
        held.add(new Held(pfn, vaddr, stamp));
      }
      pass++;
    } while (System.nanoTime() < deadline);
    while (!held.isEmpty()) {
      release(held.poll(), t, highmem, mmu, c);
    }
    c.passes.accumulateAndGet(pass, Math::max);
  }

  /** kmap, giving up every held mapping after sleeping {@code backoff} while holding some. */
  private static long kmap(long pfn, int t, Deque<Held> held, Highmem highmem, Mmu mmu,
      Options o, Counters c) {
    for (;;) {
      OptionalLong v = highmem.kmap(pfn, o.backoff());
      if (v.isPresent()) {
        c.kmaps.incrementAndGet();
        int now = c.held.incrementAndGet();
        c.maxHeld.accumulateAndGet(now, Math::max);
        return v.getAsLong();
      }
      if (!held.isEmpty()) {
        c.backOffs.incrementAndGet();
        while (!held.isEmpty()) {
          release(held.poll(), t, highmem, mmu, c);
        }
      }
    }
  }

  private static void release(Held h, int t, Highmem highmem, Mmu mmu, Counters c) {
    check(readStamp(mmu, h.vaddr(), t) == h.stamp(), c); // our slot still maps our page
    c.held.decrementAndGet();
    highmem.kunmap(h.pfn());
  }

  private static void check(boolean ok, Counters c) {
    if (ok) {
      c.verified.incrementAndGet();
    } else {
      c.mismatches.incrementAndGet();
    }
  }

  private static void writeStamp(Mmu mmu, long vaddr, int t, long stamp) {
    byte[] b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(stamp).array();
    mmu.write(vaddr + (long) t * STAMP_STRIDE, b);
  }

  private static long readStamp(Mmu mmu, long vaddr, int t) {
    byte[] b = mmu.read(vaddr + (long) t * STAMP_STRIDE, 8);
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  private static void joinUninterruptibly(Thread th) {
    boolean interrupted = false;
    for (;;) {
      try {
        th.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The report as text: the machine, the counters, the data check and the window's slots. */
  public static List<String> render(Report r) {
    List<String> out = new ArrayList<>();
    PkmapSpec spec = r.layout().description().pkmapSpec().orElseThrow();
    Options o = r.options();
    out.add(String.format(Locale.ROOT, "kmap storm on %s %s: pkmap 0x%08x-0x%08x (%d slots), %d highmem pages",
        r.layout().description().arch(), r.layout().description().kernel(), spec.pkmapBase(),
        spec.pkmapEnd(), spec.lastPkmap(), r.highmemPages()));
    out.add(String.format(Locale.ROOT, "%d threads x %d pages, holding up to %d each, %d pass%s: %d kmaps in %.3f s",
        o.threads(), o.pages(), o.hold(), r.passes(), r.passes() == 1 ? "" : "es", r.kmaps(),
        r.nanos() / 1e9));
    PkmapStats s = r.stats();
    out.add(String.format(Locale.ROOT,
        "pkmap: maps %d, reuses %d, wrap-arounds %d, flushes %d, waits %d (%.3f s waited in all), back-offs %d",
        s.maps(), s.reuses(), s.wrapArounds(), s.flushes(), s.waits(), s.waitNanos() / 1e9, r.backOffs()));
    out.add(String.format(Locale.ROOT, "most pages held at once: %d of %d slots", r.maxHeld(), spec.lastPkmap()));
    out.add(String.format(Locale.ROOT, "data: %d patterns verified through their mappings, %d re-read through fresh kmaps, %s",
        r.verified(), r.rechecked(), r.dataIntact() ? "none lost" : r.mismatches() + " LOST"));
    out.add("window when the threads had finished (. free, - mapped but unused (count 1), # in use):");
    char[] slots = new char[spec.lastPkmap()];
    java.util.Arrays.fill(slots, '.');
    for (PkmapSlot slot : r.window()) {
      slots[slot.nr()] = slot.count() == 1 ? '-' : '#';
    }
    for (int nr = 0; nr < slots.length; nr += 64) {
      out.add(String.format(Locale.ROOT, "0x%08x %s", spec.pkmapBase() + ((long) nr << Addresses.PAGE_SHIFT),
          new String(slots, nr, Math.min(64, slots.length - nr))));
    }
    return out;
  }
}

package org.memmap.core.highmem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.memmap.api.spi.KmapLocalSpec;
import org.memmap.api.spi.PkmapSpec;

/**
 * Several real threads, far more pages than pkmap slots, a bounded run. After every step the pool
 * is checked (no slot holds two pages, no page has two slots, counts never negative, the
 * page_address hash matches the slots), each thread's data is read back through its mapping, and
 * at the end every page still holds what each thread last wrote into it. Sleepers must all
 * proceed: the run ends, with real sleeps recorded.
 *
 * <p>Each round is staged so that the pool runs full whatever the scheduler does: every thread
 * holds two pages of its own (12 slots), then all ask for a third (6 requests for the 4 slots
 * left), and nobody lets go until every request has either been served or gone to sleep. At
 * least two threads sleep every round, and the ones served must wake them.
 */
class HighmemStressTest {
  private static final int THREADS = 6;
  private static final int PAGES = 200;
  private static final int SLICE = 64; // each thread owns bytes [id * 64, id * 64 + 64) of a page
  private static final int ROUNDS = 150;

  @Test
  void threadsSharingASmallPoolKeepTheInvariantsAndTheirData() throws Exception {
    // ARM's window with 16 slots (LAST_PKMAP must be a power of two).
    Board arm = Board.ARM;
    FakeMmu mmu = new FakeMmu(arm.lowmem);
    Highmem h = new Highmem(java.util.Optional.of(new PkmapSpec(0xbfe00000L, 16, true)),
        new KmapLocalSpec(0xffeff000L, 1, 16, THREADS, false), arm.lowmem, mmu);
    long first = arm.firstHighPfn();
    long[][] lastWritten = new long[THREADS][PAGES];

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    AtomicLong waitsAtRoundStart = new AtomicLong();
    AtomicInteger served = new AtomicInteger();
    CyclicBarrier roundStart = new CyclicBarrier(THREADS, () -> {
      waitsAtRoundStart.set(h.stats().waits());
      served.set(0);
    });
    Round round = new Round(roundStart, waitsAtRoundStart, served);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int id = t;
        done.add(pool.submit(() -> run(h, mmu, id, first, round, lastWritten[id])));
      }
      int steps = 0;
      for (Future<Integer> f : done) {
        steps += f.get(20, TimeUnit.SECONDS);
      }
      assertEquals(THREADS * ROUNDS, steps, "every thread finished every round");
    } finally {
      pool.shutdownNow();
    }
    h.checkInvariants();
    PkmapStats stats = h.stats();
    assertTrue(stats.waits() >= 2L * ROUNDS, "the pool ran full and threads slept every round: " + stats);
    assertTrue(stats.wrapArounds() > 0 && stats.flushes() > 0, stats.toString());
    for (PkmapSlot slot : h.showPkmap()) {
      assertEquals(1, slot.count(), "every user let go: " + slot);
    }
    for (int page = 0; page < PAGES; page++) {
      for (int t = 0; t < THREADS; t++) {
        if (lastWritten[t][page] != 0) {
          assertArrayEquals(pattern(lastWritten[t][page]),
              mmu.readPhys(first + page, t * SLICE, 8), "page " + page + " thread " + t);
        }
      }
    }
  }

  /**
   * The pool never runs full (each thread holds one page at a time: 4 of 16 slots) but the
   * threads go through more pages than slots, often the same page at once, so most kmaps map a new page (claiming
   * a slot outside {@code kmap_lock}) and every dozen or so a search wraps around and flushes under
   * it, while other threads pin, unpin and claim. Bounded by a count of operations: no slot is
   * handed out twice, no page maps twice, the hash matches the slots, data written through a
   * mapping is in the page, and nobody sleeps.
   */
  @Test
  void threadsChurningThroughASmallPoolNeverShareASlotOrAPage() throws Exception {
    int threads = 4;
    int ops = 40_000;
    int pages = 24;
    Board x86 = Board.X86;
    FakeMmu mmu = new FakeMmu(x86.lowmem);
    Highmem h = new Highmem(java.util.Optional.of(new PkmapSpec(0xfec00000L, 16, false)),
        x86.kmapLocal, x86.lowmem, mmu);
    long first = x86.firstHighPfn();
    long[][] lastWritten = new long[threads][pages];
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(pool.submit(() -> {
          SplittableRandom random = new SplittableRandom(100 + id);
          long stamp = (long) id << 40;
          start.await(10, TimeUnit.SECONDS);
          for (int i = 0; i < ops; i++) {
            int page = random.nextInt(pages);
            long vaddr = h.kmap(first + page);
            check(h, vaddr, first + page);
            write(mmu, vaddr, id, ++stamp, lastWritten[id], page);
            h.kunmap(first + page);
            if (i % 64 == 0) {
              h.checkInvariants();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    h.checkInvariants();
    PkmapStats stats = h.stats();
    assertEquals(0, stats.waits(), "the pool never ran full: " + stats);
    assertTrue(stats.wrapArounds() > 0 && stats.flushes() > 0, stats.toString());
    assertEquals((long) threads * ops, stats.maps() + stats.reuses(), "every kmap mapped or reused: " + stats);
    for (int page = 0; page < pages; page++) {
      for (int t = 0; t < threads; t++) {
        if (lastWritten[t][page] != 0) {
          assertArrayEquals(pattern(lastWritten[t][page]),
              mmu.readPhys(first + page, t * SLICE, 8), "page " + page + " thread " + t);
        }
      }
    }
  }

  /** The staging of one round, shared by the threads. */
  private record Round(CyclicBarrier start, AtomicLong waitsAtStart, AtomicInteger served) {
    /** Waits (bounded) until every thread's third kmap was served or went to sleep. */
    void awaitAllServedOrAsleep(Highmem h) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (served.get() + (h.stats().waits() - waitsAtStart.get()) < THREADS) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("threads neither served nor asleep: " + h.stats());
        }
        Thread.sleep(0, 100_000);
      }
    }
  }

  private static int run(Highmem h, FakeMmu mmu, int id, long first, Round round,
      long[] lastWritten) throws Exception {
    SplittableRandom random = new SplittableRandom(id);
    KmapCtrl cpu = h.kmapCtrl(id);
    int steps = 0;
    long stamp = (long) id << 40;
    int own = PAGES / THREADS; // thread id uses pages [id * own, id * own + own)
    for (int r = 0; r < ROUNDS; r++) {
      int[] pages = new int[3];
      for (int i = 0; i < 3; i++) {
        int candidate;
        do {
          candidate = id * own + random.nextInt(own);
        } while (i > 0 && (candidate == pages[0] || (i > 1 && candidate == pages[1])));
        pages[i] = candidate;
      }
      long[] vaddrs = new long[3];
      for (int i = 0; i < 2; i++) {
        vaddrs[i] = h.kmap(first + pages[i]);
        check(h, vaddrs[i], first + pages[i]);
        write(mmu, vaddrs[i], id, ++stamp, lastWritten, pages[i]);
      }
      round.start().await(10, TimeUnit.SECONDS);
      vaddrs[2] = h.kmap(first + pages[2]); // 6 requests, 4 free slots: some sleep
      round.served().incrementAndGet();
      round.awaitAllServedOrAsleep(h);
      check(h, vaddrs[2], first + pages[2]);
      write(mmu, vaddrs[2], id, ++stamp, lastWritten, pages[2]);
      // a nested kmap_atomic pair on this thread's own CPU (ARM: pkmapped pages take the
      // kmap_high_get shortcut)
      int c = pages[random.nextInt(3)];
      long vc = h.kmapLocal(cpu, first + c);
      check(h, vc, first + c);
      write(mmu, vc, id, ++stamp, lastWritten, c);
      long vl = h.kmapLocal(cpu, 0x100 + id); // lowmem: no slot
      h.kunmapLocal(cpu, vl);
      h.kunmapLocal(cpu, vc);
      h.checkInvariants();
      for (int i = 2; i >= 0; i--) {
        assertArrayEquals(pattern(lastWritten[pages[i]]), mmu.read(vaddrs[i] + (long) id * SLICE, 8));
        h.kunmap(first + pages[i]);
        h.checkInvariants();
      }
      steps++;
    }
    return steps;
  }

  private static void check(Highmem h, long vaddr, long pfn) {
    assertEquals(pfn, h.kmapToPage(vaddr), "the mapping maps the page it was made for");
  }

  private static void write(FakeMmu mmu, long vaddr, int id, long stamp, long[] lastWritten,
      int page) {
    long at = vaddr + (long) id * SLICE;
    mmu.write(at, pattern(stamp));
    assertArrayEquals(pattern(stamp), mmu.read(at, 8));
    lastWritten[page] = stamp;
  }

  private static byte[] pattern(long stamp) {
    return ByteBuffer.allocate(8).putLong(stamp).array();
  }
}

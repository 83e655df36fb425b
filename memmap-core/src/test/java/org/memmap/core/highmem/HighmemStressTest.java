package org.memmap.core.highmem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.memmap.api.spi.KmapLocalSpec;
import org.memmap.api.spi.PkmapSpec;

/**
 * Several real threads, far more pages than pkmap slots, a bounded run. After every step the pool
 * is checked (no slot holds two pages, no page has two slots, counts never negative, the
 * page_address hash matches the slots), each thread's data is read back through its mapping, and
 * at the end every page still holds what each thread last wrote into it. Sleepers must all
 * proceed: the run ends, with real sleeps recorded.
 */
class HighmemStressTest {
  private static final int THREADS = 6;
  private static final int PAGES = 200;
  private static final int SLICE = 64; // each thread owns bytes [id * 64, id * 64 + 64) of a page

  @Test
  void threadsSharingASmallPoolKeepTheInvariantsAndTheirData() throws Exception {
    // ARM's window with 16 slots (LAST_PKMAP must be a power of two).
    Board arm = Board.ARM;
    FakeMmu mmu = new FakeMmu(arm.lowmem);
    Highmem h = new Highmem(new PkmapSpec(0xbfe00000L, 16, true),
        new KmapLocalSpec(0xffeff000L, 1, 16, THREADS, false), arm.lowmem, mmu);
    long first = arm.firstHighPfn();
    long[][] lastWritten = new long[THREADS][PAGES];

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      long stopAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
      for (int t = 0; t < THREADS; t++) {
        int id = t;
        done.add(pool.submit(() -> run(h, mmu, id, first, stopAt, lastWritten[id])));
      }
      int steps = 0;
      for (Future<Integer> f : done) {
        steps += f.get(10, TimeUnit.SECONDS);
      }
      assertTrue(steps > THREADS * 10, "the threads made progress: " + steps);
    } finally {
      pool.shutdownNow();
    }
    h.checkInvariants();
    PkmapStats stats = h.stats();
    assertTrue(stats.waits() > 0, "the pool ran full and threads slept: " + stats);
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

  private static int run(Highmem h, FakeMmu mmu, int id, long first, long stopAt,
      long[] lastWritten) {
    SplittableRandom random = new SplittableRandom(id);
    KmapCtrl cpu = h.kmapCtrl(id);
    int steps = 0;
    long stamp = (long) id << 40;
    while (System.nanoTime() < stopAt) {
      // three distinct pages held at once: 6 x 3 = 18 > 16 slots, so the pool runs full and
      // threads sleep; a sleeper holds at most 2, so 6 sleepers hold at most 12 and one thread
      // always runs on and wakes them.
      int[] pages = new int[3];
      for (int i = 0; i < 3; i++) {
        int candidate;
        do {
          candidate = random.nextInt(PAGES);
        } while (i > 0 && (candidate == pages[0] || (i > 1 && candidate == pages[1])));
        pages[i] = candidate;
      }
      long[] vaddrs = new long[3];
      for (int i = 0; i < 3; i++) {
        vaddrs[i] = h.kmap(first + pages[i]);
        check(h, vaddrs[i], first + pages[i]);
        write(mmu, vaddrs[i], id, ++stamp, lastWritten, pages[i]);
      }
      // a nested kmap_atomic pair on this thread's own CPU (ARM: pkmapped pages take the
      // kmap_high_get shortcut)
      int c = random.nextInt(PAGES);
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

package org.memmap.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.memmap.api.RamRange;
import org.memmap.core.FakeLayouts;

/**
 * TLB misses are walked and filled without the kernel's lock: a fill that races with a remap and
 * its flush must never outlive the flush. One thread remaps a page over and over (clear, set,
 * flush: what a kunmap/kmap of a slot does), another translates it all the time, so its walks and
 * fills race with the remaps whenever both threads run. Staged, not timed: after each remap the
 * remapper waits until the translator has translated the page once with no remap in progress, and
 * that translation must be the new mapping. A bounded number of rounds; the wait for the other
 * thread has a generous deadline only so that a lost thread ends the test.
 */
class SimKernelConcurrencyTest {
  private static final long MB = 1L << 20;
  private static final long VA = 0xf0000000L;
  private static final int ROUNDS = 10_000;
  private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(30);

  /** The pfn the page maps in round {@code r}. */
  private static long pfn(long r) {
    return 0x100 + (r & 1);
  }

  @Test
  void aFillRacingWithAFlushNeverSurvivesIt() throws Exception {
    SimKernel k = SimKernel.boot(FakeLayouts.layout(List.of(new RamRange(0, 512 * MB))));
    k.setPte(VA, pfn(0));
    // 2r: round r's mapping is in place; 2r - 1: round r's remap is in progress.
    AtomicLong seq = new AtomicLong();
    // The last even seq the translator checked a translation in.
    AtomicLong checked = new AtomicLong(-1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread remapper = new Thread(() -> {
      try {
        for (long r = 1; r <= ROUNDS && failure.get() == null; r++) {
          seq.set(2 * r - 1);
          k.clearPte(VA);
          k.setPte(VA, pfn(r));
          k.flushTlbRange(VA, VA + 4096);
          seq.set(2 * r);
          awaitAtLeast(checked, 2 * r, failure);
        }
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    });
    remapper.start();
    long deadline = System.nanoTime() + STALL_NANOS;
    while (checked.get() < 2L * ROUNDS && failure.get() == null) {
      long before = seq.get();
      long paddr = k.translate(VA);
      if ((before & 1) == 0 && seq.get() == before) {
        assertEquals(pfn(before / 2) << 12, paddr, "translation after remap " + before / 2);
        if (checked.get() < before) {
          checked.set(before);
          deadline = System.nanoTime() + STALL_NANOS;
        }
      } else if (System.nanoTime() > deadline) {
        failure.compareAndSet(null, new AssertionError("the remapper stalled at " + before));
      }
    }
    remapper.join(TimeUnit.SECONDS.toMillis(30));
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    assertEquals(2L * ROUNDS, checked.get(), "every round's mapping was checked");
  }

  /** Spins (yielding now and then) until {@code value} reaches {@code target}. */
  private static void awaitAtLeast(AtomicLong value, long target, AtomicReference<Throwable> failure) {
    long deadline = System.nanoTime() + STALL_NANOS;
    for (int spins = 0; value.get() < target && failure.get() == null; spins++) {
      if (spins % 64 == 63) {
        Thread.yield();
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the translator stalled before checking seq " + target);
        }
      } else {
        Thread.onSpinWait();
      }
    }
  }
}

package org.memmap.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * flush: what a kunmap/kmap of a slot does), another translates it; whenever no remap was in
 * progress during the whole translation, the answer must be the current mapping. Bounded run.
 */
class SimKernelConcurrencyTest {
  private static final long MB = 1L << 20;
  private static final long VA = 0xf0000000L;

  @Test
  void aFillRacingWithAFlushNeverSurvivesIt() throws Exception {
    SimKernel k = SimKernel.boot(FakeLayouts.layout(List.of(new RamRange(0, 512 * MB))));
    // Even: stable, the page maps pfn 0x100 + seq / 2 % 2; odd: a remap is in progress.
    AtomicLong seq = new AtomicLong();
    k.setPte(VA, 0x100);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long stopAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(700);
    Thread remapper = new Thread(() -> {
      try {
        for (long s = 0; System.nanoTime() < stopAt; s += 2) {
          seq.set(s + 1);
          k.clearPte(VA);
          k.setPte(VA, 0x100 + ((s / 2 + 1) & 1));
          k.flushTlbRange(VA, VA + 4096);
          seq.set(s + 2);
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    remapper.start();
    long checked = 0;
    while (remapper.isAlive()) {
      long before = seq.get();
      long paddr = k.translate(VA);
      if ((before & 1) == 0 && seq.get() == before) {
        assertEquals((0x100 + ((before / 2) & 1)) << 12, paddr, "translation after remap " + before);
        checked++;
      }
    }
    remapper.join(TimeUnit.SECONDS.toMillis(5));
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
    assertTrue(checked > 10, "stable translations checked: " + checked);
  }
}

package org.memmap.benchmarks.baseline;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code spinlock_t} for the faithful ports: test-and-test-and-set on one word, spinning with
 * {@link Thread#onSpinWait()} (the kernel's {@code cpu_relax()}), release store on unlock. Never
 * sleeps, like the kernel's; padded so the lock word has its cache line to itself.
 */
public final class SpinLock {
  // Padding around the lock word: 7 longs each side keeps neighbours off its 64-byte line.
  @SuppressWarnings("unused")
  private long p1, p2, p3, p4, p5, p6, p7;
  private final AtomicInteger locked = new AtomicInteger();
  @SuppressWarnings("unused")
  private long q1, q2, q3, q4, q5, q6, q7;

  /** {@code spin_lock()}. */
  public void lock() {
    while (!locked.compareAndSet(0, 1)) {
      while (locked.getPlain() != 0) {
        Thread.onSpinWait();
      }
    }
  }

  /** {@code spin_unlock()}. */
  public void unlock() {
    locked.setRelease(0);
  }
}

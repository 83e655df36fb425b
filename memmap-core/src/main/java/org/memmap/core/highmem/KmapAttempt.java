package org.memmap.core.highmem;

import org.memmap.api.Addresses;

/**
 * The outcome of a non-blocking {@link Highmem#tryKmap kmap} for a simulated task: the address
 * {@code kmap()} returned, or that the task went to sleep on the pkmap wait queue because every
 * slot is in use.
 *
 * @param vaddr the address, or 0 when {@code blocked}
 * @param blocked whether the task sleeps (TASK_UNINTERRUPTIBLE) until a kunmap wakes it
 */
public record KmapAttempt(long vaddr, boolean blocked) {
  private static final KmapAttempt BLOCKED = new KmapAttempt(0, true);

  /** Checks that exactly one of address and blocked is given. */
  public KmapAttempt {
    if (blocked == (vaddr != 0)) {
      throw new IllegalArgumentException("a kmap attempt has an address or is blocked, not both");
    }
  }

  /** The task got {@code vaddr}. */
  public static KmapAttempt mapped(long vaddr) {
    return new KmapAttempt(vaddr, false);
  }

  /** The task sleeps. */
  public static KmapAttempt asleep() {
    return BLOCKED;
  }

  @Override
  public String toString() {
    return blocked ? "blocked" : Addresses.hex(vaddr);
  }
}

package org.memmap.core.highmem;

import java.util.Locale;

/**
 * One busy pkmap slot, as {@link Highmem#showPkmap()} lists it: a slot whose {@code pkmap_count}
 * is not 0. Count 1 means the mapping is still installed but unused (it becomes free at the next
 * {@code flush_all_zero_pkmaps}); count n means n - 1 users.
 *
 * @param nr the slot number, {@code PKMAP_NR(vaddr)}
 * @param vaddr {@code PKMAP_ADDR(nr)}
 * @param pfn the page its PTE maps
 * @param count {@code pkmap_count[nr]}
 */
public record PkmapSlot(int nr, long vaddr, long pfn, int count) {
  /** Checks the values. */
  public PkmapSlot {
    if (nr < 0 || count < 1 || pfn < 0) {
      throw new IllegalArgumentException("busy slot needs nr >= 0, count >= 1, a pfn");
    }
  }

  /** The users: {@code count - 1}. */
  public int users() {
    return count - 1;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "PkmapSlot[nr %d, %#010x, pfn %#x, count %d]",
        nr, vaddr, pfn, count);
  }
}

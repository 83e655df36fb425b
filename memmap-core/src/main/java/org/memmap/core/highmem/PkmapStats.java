package org.memmap.core.highmem;

/**
 * A snapshot of the pkmap counters since the pool was created.
 *
 * @param maps new mappings installed by {@code map_new_virtual}
 * @param reuses {@code kmap_high} / {@code kmap_high_get} calls that found the page already
 *     mapped and only raised its count
 * @param wrapArounds times {@code last_pkmap_nr} wrapped to 0 ({@code no_more_pkmaps}), each
 *     followed by {@code flush_all_zero_pkmaps}
 * @param flushes TLB flushes of the whole pkmap range that {@code flush_all_zero_pkmaps} issued
 *     (only when it cleared at least one slot)
 * @param waits times a task went to sleep on the pkmap wait queue
 * @param waitNanos total time real threads spent asleep there (simulated tasks add nothing)
 */
public record PkmapStats(
    long maps, long reuses, long wrapArounds, long flushes, long waits, long waitNanos) {
  /** Checks that no counter is negative. */
  public PkmapStats {
    if (maps < 0 || reuses < 0 || wrapArounds < 0 || flushes < 0 || waits < 0 || waitNanos < 0) {
      throw new IllegalArgumentException("counters are never negative");
    }
  }
}

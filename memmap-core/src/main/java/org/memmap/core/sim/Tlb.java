package org.memmap.core.sim;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A software TLB: direct-mapped, one slot per set, each slot one {@code long} holding a valid bit,
 * the virtual page number (20 bits) and the pfn (up to 28 bits, 40-bit physical addresses). A hit
 * is one array read and a compare, lock-free and allocation-free. Like hardware, it caches only
 * valid translations and keeps them until flushed (or evicted by a conflicting fill).
 */
final class Tlb {
  static final int SETS = 4096;
  private static final long PFN_MASK = (1L << 28) - 1;
  private static final long VALID = 1L << 20;
  private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

  private final long[] slots = new long[SETS];

  /** The cached physical address of {@code vaddr}, or -1 on a miss. */
  long lookup(long vaddr) {
    long vpn = vaddr >>> 12;
    long e = (long) SLOT.getOpaque(slots, (int) (vpn & (SETS - 1)));
    if ((e >>> 28) == (vpn | VALID)) {
      return ((e & PFN_MASK) << 12) | (vaddr & 0xfff);
    }
    return -1;
  }

  /** Caches the translation of the page of {@code vaddr} to the page of {@code paddr}. */
  void fill(long vaddr, long paddr) {
    long vpn = vaddr >>> 12;
    SLOT.setOpaque(slots, (int) (vpn & (SETS - 1)), ((vpn | VALID) << 28) | (paddr >>> 12));
  }

  /** Drops the entries of the pages of {@code [start, end)}. */
  void flushRange(long start, long end) {
    if (end <= start) {
      return;
    }
    long first = start >>> 12;
    long last = (end - 1) >>> 12;
    if (last - first >= SETS) {
      flushAll();
      return;
    }
    for (long vpn = first; vpn <= last; vpn++) {
      int set = (int) (vpn & (SETS - 1));
      long e = (long) SLOT.getOpaque(slots, set);
      if ((e >>> 28) == (vpn | VALID)) {
        SLOT.setOpaque(slots, set, 0L);
      }
    }
  }

  /** Drops every entry. */
  void flushAll() {
    for (int i = 0; i < SETS; i++) {
      SLOT.setOpaque(slots, i, 0L);
    }
  }

  /** How many entries are valid. */
  int size() {
    int n = 0;
    for (int i = 0; i < SETS; i++) {
      n += ((long) SLOT.getOpaque(slots, i) >>> 48) != 0 ? 1 : 0;
    }
    return n;
  }
}

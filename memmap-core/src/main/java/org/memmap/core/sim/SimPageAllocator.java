package org.memmap.core.sim;

import org.memmap.core.mm.PageAllocator;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.memmap.api.Addresses;
import org.memmap.api.MemmapException;
import org.memmap.api.RamRange;

/**
 * The page allocator of the simulated machine: single pages from the RAM the kernel keeps, split
 * at the lowmem limit into lowmem (ZONE_DMA / ZONE_NORMAL) and ZONE_HIGHMEM. Pages the kernel
 * holds (its page tables, {@code swapper_pg_dir}, the image when known) are reserved. Freed
 * pages are handed out again first, most recently freed first (the per-cpu lists' hot pages);
 * otherwise the lowest free pfn. Thread-safe.
 */
public final class SimPageAllocator implements PageAllocator {
  private final List<RamRange> ram;
  private final long[] basePfn;
  private final BitSet[] used;
  private final long lowmemLimitPfn;
  private final Deque<Long> freedLow = new ArrayDeque<>();
  private final Deque<Long> freedHigh = new ArrayDeque<>();

  /** An allocator over {@code ram} with lowmem ending at {@code lowmemLimit}. */
  public SimPageAllocator(List<RamRange> ram, long lowmemLimit) {
    this.ram = List.copyOf(ram);
    this.lowmemLimitPfn = Addresses.pfnDown(lowmemLimit);
    basePfn = new long[ram.size()];
    used = new BitSet[ram.size()];
    for (int i = 0; i < ram.size(); i++) {
      basePfn[i] = Addresses.pfnUp(ram.get(i).base());
      used[i] = new BitSet((int) Math.max(0, Addresses.pfnDown(ram.get(i).end()) - basePfn[i]));
    }
  }

  private int range(long pfn) {
    for (int i = 0; i < basePfn.length; i++) {
      if (pfn >= basePfn[i] && pfn < Addresses.pfnDown(ram.get(i).end())) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Marks {@code pfn} in use for good ({@code memblock_reserve}).
   *
   * @return false if it is not RAM or was in use already
   */
  public synchronized boolean reserve(long pfn) {
    int r = range(pfn);
    if (r < 0 || used[r].get((int) (pfn - basePfn[r]))) {
      return false;
    }
    used[r].set((int) (pfn - basePfn[r]));
    freedLow.remove(pfn);
    freedHigh.remove(pfn);
    return true;
  }

  /** Whether {@code pfn} is RAM that is not allocated or reserved. */
  public synchronized boolean isFree(long pfn) {
    int r = range(pfn);
    return r >= 0 && !used[r].get((int) (pfn - basePfn[r]));
  }

  @Override
  public synchronized long allocPage(boolean highmem) {
    if (highmem) {
      long pfn = take(freedHigh, lowmemLimitPfn, Long.MAX_VALUE);
      if (pfn >= 0) {
        return pfn;
      }
    }
    long pfn = take(freedLow, 0, lowmemLimitPfn);
    if (pfn >= 0) {
      return pfn;
    }
    throw new MemmapException(String.format(Locale.ROOT,
        "page allocation failure: order:0, mode:%s: no free %s page", highmem ? "GFP_HIGHUSER" : "GFP_KERNEL",
        highmem ? "highmem or lowmem" : "lowmem"));
  }

  /**
   * A lowmem page from the top down, as {@code memblock_alloc()} hands out early page tables.
   *
   * @throws MemmapException if lowmem is full
   */
  public synchronized long allocTop() {
    for (int i = basePfn.length - 1; i >= 0; i--) {
      long end = Math.min(Addresses.pfnDown(ram.get(i).end()), lowmemLimitPfn);
      if (end <= basePfn[i]) {
        continue;
      }
      int bit = used[i].previousClearBit((int) (end - basePfn[i] - 1));
      if (bit >= 0) {
        used[i].set(bit);
        long pfn = basePfn[i] + bit;
        freedLow.remove(pfn);
        return pfn;
      }
    }
    throw new MemmapException("memblock_alloc: out of lowmem for page tables");
  }

  private long take(Deque<Long> freed, long fromPfn, long toPfn) {
    Long f = freed.pollFirst();
    if (f != null) {
      int r = range(f);
      used[r].set((int) (f - basePfn[r]));
      return f;
    }
    for (int i = 0; i < basePfn.length; i++) {
      long end = Addresses.pfnDown(ram.get(i).end());
      long lo = Math.max(basePfn[i], fromPfn);
      long hi = Math.min(end, toPfn);
      if (lo >= hi) {
        continue;
      }
      int bit = used[i].nextClearBit((int) (lo - basePfn[i]));
      if (basePfn[i] + bit < hi) {
        used[i].set(bit);
        return basePfn[i] + bit;
      }
    }
    return -1;
  }

  @Override
  public synchronized void freePage(long pfn) {
    int r = range(pfn);
    if (r < 0 || !used[r].get((int) (pfn - basePfn[r]))) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "BUG: Bad page state: freeing pfn 0x%x, which is %s", pfn, r < 0 ? "not RAM" : "free"));
    }
    used[r].clear((int) (pfn - basePfn[r]));
    (pfn >= lowmemLimitPfn ? freedHigh : freedLow).addFirst(pfn);
  }
}

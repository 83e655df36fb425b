package org.memmap.core.highmem;

import static org.memmap.api.Addresses.PAGE_SHIFT;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.memmap.api.InputException;
import org.memmap.api.spi.PkmapSpec;
import org.memmap.core.sim.Mmu;

/**
 * The permanent kmap pool of {@code mm/highmem.c} ({@code CONFIG_HIGHMEM}): {@code pkmap_count},
 * {@code last_pkmap_nr}, {@code pkmap_page_table}, the {@code page_address} hash of
 * {@code HASHED_PAGE_VIRTUAL}, {@code kmap_lock} and the {@code pkmap_map_wait} queue.
 *
 * <p>All state is guarded by {@link #kmapLock}; the hot paths (kmap/kunmap of a page that is
 * already mapped) allocate nothing. Pfns passed here are valid highmem pfns (the caller checks).
 */
final class Pkmap {
  /** {@code PA_HASH_ORDER}: the page_address hash has {@code 1 << 7} buckets. */
  static final int PA_HASH_ORDER = 7;
  /** {@code GOLDEN_RATIO_32} of {@code include/linux/hash.h}, for {@code hash_ptr}. */
  private static final int GOLDEN_RATIO_32 = 0x61C88647;
  /** Returned by {@link #mapNewVirtual} when the caller must not sleep or its timeout ran out. */
  private static final long NO_VADDR = 0;

  private final PkmapSpec spec;
  private final Mmu mmu;
  private final long pkmapBase;
  private final int lastPkmap;
  private final int lastPkmapMask;

  /** {@code kmap_lock}. */
  private final ReentrantLock kmapLock = new ReentrantLock();
  /** {@code pkmap_map_wait}, the wait queue of the only colour. */
  private final Condition pkmapMapWait = kmapLock.newCondition();

  /** {@code pkmap_count[LAST_PKMAP]}: 0 free, 1 mapped but unused (needs a flush), n: n-1 users. */
  private final int[] pkmapCount;
  /** {@code pkmap_page_table}: the pfn each slot's PTE maps, -1 for {@code pte_none}. */
  private final long[] pkmapPte;
  /** {@code page_address_htable}: head slot nr of each bucket's {@code page_address_map} list. */
  private final int[] pageAddressHtable = new int[1 << PA_HASH_ORDER];
  /** {@code page_address_maps[nr].list}: the next slot nr in the same bucket, -1 at the end. */
  private final int[] pageAddressNext;
  /** The static {@code last_pkmap_nr} of {@code get_next_pkmap_nr}. */
  private int lastPkmapNr;

  /** Real threads asleep on {@link #pkmapMapWait}. */
  private int threadWaiters;
  /** Simulated tasks asleep on the wait queue, in queue order. */
  private final List<Integer> simWaiters = new ArrayList<>();
  /** Simulated tasks woken since {@link #takeWoken()} was last called, in wake-up order. */
  private final List<Integer> simWoken = new ArrayList<>();

  private long maps;
  private long reuses;
  private long wrapArounds;
  private long flushes;
  private long waits;
  private long waitNanos;

  Pkmap(PkmapSpec spec, Mmu mmu) {
    this.spec = spec;
    this.mmu = mmu;
    this.pkmapBase = spec.pkmapBase();
    this.lastPkmap = spec.lastPkmap();
    this.lastPkmapMask = lastPkmap - 1;
    this.pkmapCount = new int[lastPkmap];
    this.pkmapPte = new long[lastPkmap];
    this.pageAddressNext = new int[lastPkmap];
    java.util.Arrays.fill(pkmapPte, -1);
    java.util.Arrays.fill(pageAddressNext, -1);
    java.util.Arrays.fill(pageAddressHtable, -1);
  }

  PkmapSpec spec() {
    return spec;
  }

  // ---------------------------------------------------------------------------------------------
  // Colour hooks, the generic no-colour defaults of mm/highmem.c.

  /** {@code get_pkmap_color(page)}: every page has colour 0. */
  static int getPkmapColor(long pfn) {
    return 0;
  }

  /** {@code get_next_pkmap_nr(color)}: {@code last_pkmap_nr} is incremented before use. */
  private int getNextPkmapNr(int color) {
    lastPkmapNr = (lastPkmapNr + 1) & lastPkmapMask;
    return lastPkmapNr;
  }

  /** {@code no_more_pkmaps(nr, color)}: the search wrapped around to slot 0. */
  private static boolean noMorePkmaps(int pkmapNr, int color) {
    return pkmapNr == 0;
  }

  /** {@code get_pkmap_entries_count(color)}: {@code LAST_PKMAP}. */
  private int getPkmapEntriesCount(int color) {
    return lastPkmap;
  }

  // ---------------------------------------------------------------------------------------------
  // PKMAP_ADDR / PKMAP_NR and the page_address hash (HASHED_PAGE_VIRTUAL).

  long pkmapAddr(int nr) {
    return pkmapBase + ((long) nr << PAGE_SHIFT);
  }

  int pkmapNr(long vaddr) {
    return (int) ((vaddr - pkmapBase) >>> PAGE_SHIFT);
  }

  boolean contains(long vaddr) {
    return vaddr >= pkmapBase && vaddr < pkmapAddr(lastPkmap);
  }

  /** {@code page_slot(page)}: {@code hash_ptr(page, PA_HASH_ORDER)}, hashing the pfn. */
  private static int pageSlot(long pfn) {
    return ((int) pfn ^ (int) (pfn >>> 32)) * GOLDEN_RATIO_32 >>> (32 - PA_HASH_ORDER);
  }

  /** {@code page_address(page)} of a highmem page: its pkmap address, or 0 (NULL). */
  private long pageAddressLocked(long pfn) {
    for (int nr = pageAddressHtable[pageSlot(pfn)]; nr >= 0; nr = pageAddressNext[nr]) {
      if (pkmapPte[nr] == pfn) {
        return pkmapAddr(nr);
      }
    }
    return NO_VADDR;
  }

  /** {@code set_page_address(page, PKMAP_ADDR(nr))}: links slot {@code nr}'s map. */
  private void setPageAddress(long pfn, int nr) {
    int bucket = pageSlot(pfn);
    pageAddressNext[nr] = pageAddressHtable[bucket];
    pageAddressHtable[bucket] = nr;
  }

  /** {@code set_page_address(page, NULL)}: unlinks the map of the page in slot {@code nr}. */
  private void clearPageAddress(long pfn, int nr) {
    int bucket = pageSlot(pfn);
    int prev = -1;
    for (int i = pageAddressHtable[bucket]; i >= 0; prev = i, i = pageAddressNext[i]) {
      if (i == nr) {
        if (prev < 0) {
          pageAddressHtable[bucket] = pageAddressNext[i];
        } else {
          pageAddressNext[prev] = pageAddressNext[i];
        }
        pageAddressNext[i] = -1;
        return;
      }
    }
    throw new IllegalStateException("page_address hash lost pfn " + hexPfn(pfn));
  }

  // ---------------------------------------------------------------------------------------------
  // mm/highmem.c

  /** {@code page_address(page)} for a highmem page, 0 when it has no pkmap mapping. */
  long pageAddress(long pfn) {
    kmapLock.lock();
    try {
      return pageAddressLocked(pfn);
    } finally {
      kmapLock.unlock();
    }
  }

  /** {@code pte_page(pkmap_page_table[PKMAP_NR(vaddr)])}, -1 for {@code pte_none}. */
  long ptePfn(long vaddr) {
    kmapLock.lock();
    try {
      return pkmapPte[pkmapNr(vaddr)];
    } finally {
      kmapLock.unlock();
    }
  }

  /**
   * {@code flush_all_zero_pkmaps()}: every slot with count 1 is set to 0, its PTE cleared and its
   * page's address dropped; one TLB flush of the whole pkmap range if any slot was cleared. Slots
   * with count 0 or above 1 are left alone. Caller holds {@code kmap_lock}.
   */
  private void flushAllZeroPkmaps() {
    boolean needFlush = false;
    // flush_cache_kmaps(): a no-op for the caches modelled here (no data cache).
    for (int i = 0; i < lastPkmap; i++) {
      if (pkmapCount[i] != 1) {
        continue;
      }
      pkmapCount[i] = 0;
      long pfn = pkmapPte[i];
      if (pfn < 0) {
        throw new IllegalStateException(
            "flush_all_zero_pkmaps: BUG_ON(pte_none(pkmap_page_table[" + i + "]))");
      }
      mmu.clearPte(pkmapAddr(i));
      pkmapPte[i] = -1;
      clearPageAddress(pfn, i);
      needFlush = true;
    }
    if (needFlush) {
      mmu.flushTlbRange(pkmapAddr(0), pkmapAddr(lastPkmap));
      flushes++;
    }
  }

  /** {@code kmap_flush_unused()}. */
  void kmapFlushUnused() {
    kmapLock.lock();
    try {
      flushAllZeroPkmaps();
    } finally {
      kmapLock.unlock();
    }
  }

  /**
   * {@code map_new_virtual(page)}. Caller holds {@code kmap_lock}.
   *
   * @param simTask the simulated task asking, or -1 for a real thread that may sleep
   * @param timed whether a sleeping thread gives up at {@code deadline}
   * @param deadline the {@link System#nanoTime()} by which a timed sleeper gives up
   * @return the address, or 0 when the simulated task went to sleep or the deadline passed
   */
  private long mapNewVirtual(long pfn, int simTask, boolean timed, long deadline) {
    int color = getPkmapColor(pfn);
    start:
    for (;;) {
      int count = getPkmapEntriesCount(color);
      // Find an empty entry.
      for (;;) {
        int nr = getNextPkmapNr(color);
        if (noMorePkmaps(nr, color)) {
          wrapArounds++;
          flushAllZeroPkmaps();
          count = getPkmapEntriesCount(color);
        }
        if (pkmapCount[nr] == 0) {
          // Found a usable entry.
          long vaddr = pkmapAddr(nr);
          mmu.setPte(vaddr, pfn);
          pkmapPte[nr] = pfn;
          pkmapCount[nr] = 1;
          setPageAddress(pfn, nr);
          maps++;
          return vaddr;
        }
        if (--count != 0) {
          continue;
        }
        // Sleep for somebody else to unmap their entries.
        waits++;
        if (simTask >= 0) {
          simWaiters.add(simTask); // add_wait_queue(); the caller's scheduler puts it to sleep
          return NO_VADDR;
        }
        boolean timedOut = sleepOnPkmapMapWait(timed, deadline);
        // Somebody else might have mapped it while we slept.
        long vaddr = pageAddressLocked(pfn);
        if (vaddr != NO_VADDR) {
          reuses++;
          return vaddr;
        }
        if (timedOut) {
          return NO_VADDR;
        }
        continue start; // Re-start.
      }
    }
  }

  /**
   * {@code add_wait_queue; unlock_kmap; schedule(); remove_wait_queue; lock_kmap} in
   * TASK_UNINTERRUPTIBLE: the thread is on the queue before the lock is released, so a kunmap
   * that runs in between sees it ({@code waitqueue_active}) and no wake-up is lost.
   *
   * @return whether the deadline passed
   */
  private boolean sleepOnPkmapMapWait(boolean timed, long deadline) {
    threadWaiters++;
    long start = System.nanoTime();
    boolean interrupted = false;
    boolean timedOut = false;
    try {
      if (!timed) {
        pkmapMapWait.awaitUninterruptibly();
      } else {
        long left = deadline - start;
        if (left <= 0) {
          timedOut = true;
        } else {
          try {
            timedOut = pkmapMapWait.awaitNanos(left) <= 0;
          } catch (InterruptedException e) {
            interrupted = true; // uninterruptible: keep the flag for the caller
          }
        }
      }
    } finally {
      threadWaiters--;
      waitNanos += System.nanoTime() - start;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return timedOut;
  }

  /**
   * {@code kmap_high(page)}: the page's existing address with its count raised, else a new
   * mapping. Blocks the calling thread while every slot is in use.
   */
  long kmapHigh(long pfn) {
    kmapLock.lock();
    try {
      return kmapHighLocked(pfn, -1, false, 0);
    } finally {
      kmapLock.unlock();
    }
  }

  /** {@link #kmapHigh} giving up after {@code timeoutNanos}: 0 on timeout. */
  long kmapHigh(long pfn, long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    kmapLock.lock(); // held only briefly by anyone: not part of the timeout
    try {
      return kmapHighLocked(pfn, -1, true, deadline);
    } finally {
      kmapLock.unlock();
    }
  }

  /** {@link #kmapHigh} for a simulated task that must not block: 0 when it went to sleep. */
  long tryKmapHigh(long pfn, int task) {
    kmapLock.lock();
    try {
      if (simWaiters.contains(task)) {
        throw new InputException("kmap: task " + task
            + " is asleep on the pkmap wait queue; it cannot run until a kunmap wakes it");
      }
      return kmapHighLocked(pfn, task, false, 0);
    } finally {
      kmapLock.unlock();
    }
  }

  private long kmapHighLocked(long pfn, int simTask, boolean timed, long deadline) {
    long vaddr = pageAddressLocked(pfn);
    if (vaddr == NO_VADDR) {
      vaddr = mapNewVirtual(pfn, simTask, timed, deadline);
      if (vaddr == NO_VADDR) {
        return NO_VADDR;
      }
    } else {
      reuses++;
    }
    int nr = pkmapNr(vaddr);
    if (++pkmapCount[nr] < 2) {
      throw new IllegalStateException("kmap_high: BUG_ON(pkmap_count[" + nr + "] < 2)");
    }
    return vaddr;
  }

  /**
   * {@code kmap_high_get(page)} ({@code ARCH_NEEDS_KMAP_HIGH_GET}): if the page has a pkmap
   * mapping, pin it (count + 1) and return its address; else 0. Never maps.
   */
  long kmapHighGet(long pfn) {
    kmapLock.lock();
    try {
      long vaddr = pageAddressLocked(pfn);
      if (vaddr != NO_VADDR) {
        int nr = pkmapNr(vaddr);
        if (pkmapCount[nr] < 1) {
          throw new IllegalStateException("kmap_high_get: BUG_ON(pkmap_count[" + nr + "] < 1)");
        }
        pkmapCount[nr]++;
        reuses++;
      }
      return vaddr;
    } finally {
      kmapLock.unlock();
    }
  }

  /**
   * {@code kunmap_high(page)}: one user fewer; on reaching count 1 wake every waiter. The mapping
   * stays until the next wrap-around flush.
   *
   * @throws InputException if the page has no pkmap mapping (the kernel's {@code
   *     BUG_ON(!vaddr)}); nothing changes
   * @throws IllegalStateException if the count would drop to 0 (the kernel's {@code BUG()}: more
   *     kunmaps than kmaps); nothing changes
   */
  void kunmapHigh(long pfn) {
    kmapLock.lock();
    try {
      long vaddr = pageAddressLocked(pfn);
      if (vaddr == NO_VADDR) {
        throw new InputException(String.format(Locale.ROOT,
            "kunmap: pfn %#x is not kmapped (kunmap_high: BUG_ON(!page_address(page)))", pfn));
      }
      int nr = pkmapNr(vaddr);
      if (pkmapCount[nr] <= 1) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "kunmap_high: pkmap_count[%d] of pfn %#x would drop to 0 without a TLB flush (BUG):"
                + " more kunmaps than kmaps", nr, pfn));
      }
      // A count must never go down to zero without a TLB flush.
      if (--pkmapCount[nr] == 1 && (threadWaiters > 0 || !simWaiters.isEmpty())) {
        wakeUp();
      }
    } finally {
      kmapLock.unlock();
    }
  }

  /** {@code wake_up(pkmap_map_wait)}: every (non-exclusive) waiter becomes runnable. */
  private void wakeUp() {
    if (threadWaiters > 0) {
      pkmapMapWait.signalAll();
    }
    if (!simWaiters.isEmpty()) {
      simWoken.addAll(simWaiters);
      simWaiters.clear();
    }
  }

  /** Simulated tasks woken since the last call, in wake-up order; clears the list. */
  List<Integer> takeWoken() {
    kmapLock.lock();
    try {
      if (simWoken.isEmpty()) {
        return List.of();
      }
      List<Integer> woken = List.copyOf(simWoken);
      simWoken.clear();
      return woken;
    } finally {
      kmapLock.unlock();
    }
  }

  /** Simulated tasks asleep on the wait queue, in queue order. */
  List<Integer> sleepers() {
    kmapLock.lock();
    try {
      return List.copyOf(simWaiters);
    } finally {
      kmapLock.unlock();
    }
  }

  /** The busy slots (count not 0), by slot number. */
  List<PkmapSlot> showPkmap() {
    kmapLock.lock();
    try {
      List<PkmapSlot> busy = new ArrayList<>();
      for (int nr = 0; nr < lastPkmap; nr++) {
        if (pkmapCount[nr] != 0) {
          busy.add(new PkmapSlot(nr, pkmapAddr(nr), pkmapPte[nr], pkmapCount[nr]));
        }
      }
      return busy;
    } finally {
      kmapLock.unlock();
    }
  }

  PkmapStats stats() {
    kmapLock.lock();
    try {
      return new PkmapStats(maps, reuses, wrapArounds, flushes, waits, waitNanos);
    } finally {
      kmapLock.unlock();
    }
  }

  /** {@code pkmap_count[nr]}. */
  int pkmapCount(int nr) {
    kmapLock.lock();
    try {
      return pkmapCount[nr];
    } finally {
      kmapLock.unlock();
    }
  }

  /** {@code last_pkmap_nr}. */
  int lastPkmapNr() {
    kmapLock.lock();
    try {
      return lastPkmapNr;
    } finally {
      kmapLock.unlock();
    }
  }

  /**
   * Checks the pool's invariants: counts never negative, a slot maps a page iff its count is not
   * 0, no page in two slots, and the hash holds exactly the mapped slots.
   *
   * @throws IllegalStateException naming the first broken invariant
   */
  void checkInvariants() {
    kmapLock.lock();
    try {
      java.util.HashSet<Long> pages = new java.util.HashSet<>();
      for (int nr = 0; nr < lastPkmap; nr++) {
        int c = pkmapCount[nr];
        if (c < 0) {
          throw new IllegalStateException("pkmap_count[" + nr + "] = " + c + " < 0");
        }
        if ((c == 0) != (pkmapPte[nr] < 0)) {
          throw new IllegalStateException("slot " + nr + " count " + c + " but pte pfn " + pkmapPte[nr]);
        }
        if (c != 0) {
          if (!pages.add(pkmapPte[nr])) {
            throw new IllegalStateException("pfn " + hexPfn(pkmapPte[nr]) + " in two pkmap slots");
          }
          if (pageAddressLocked(pkmapPte[nr]) != pkmapAddr(nr)) {
            throw new IllegalStateException("page_address of slot " + nr + " is wrong");
          }
        }
      }
      int linked = 0;
      for (int head : pageAddressHtable) {
        for (int nr = head; nr >= 0; nr = pageAddressNext[nr]) {
          linked++;
          if (linked > lastPkmap) {
            throw new IllegalStateException("page_address hash has a cycle");
          }
        }
      }
      if (linked != pages.size()) {
        throw new IllegalStateException(
            "page_address hash holds " + linked + " maps for " + pages.size() + " mapped slots");
      }
    } finally {
      kmapLock.unlock();
    }
  }

  private static String hexPfn(long pfn) {
    return String.format(Locale.ROOT, "%#x", pfn);
  }
}

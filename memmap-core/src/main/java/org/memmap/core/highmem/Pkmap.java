package org.memmap.core.highmem;

import static org.memmap.api.Addresses.PAGE_SHIFT;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.memmap.api.InputException;
import org.memmap.api.spi.PkmapSpec;
import org.memmap.core.mm.Mmu;

/**
 * The permanent kmap pool of {@code mm/highmem.c} ({@code CONFIG_HIGHMEM}): {@code pkmap_count},
 * {@code last_pkmap_nr}, {@code pkmap_page_table}, the {@code page_address} hash of
 * {@code HASHED_PAGE_VIRTUAL}, {@code kmap_lock} and the {@code pkmap_map_wait} queue.
 *
 * <p>{@code kmap_lock} is a spinlock, as in the kernel: a thread that finds it taken spins
 * (yielding its CPU now and then, since unlike the kernel's lock holder a Java thread can be
 * preempted while it holds the lock) and never parks; only a thread that must sleep on {@code
 * pkmap_map_wait} parks, on an explicit wait queue ({@link Sleeper}) after it released the lock,
 * exactly where the kernel calls {@code schedule()}. The lock's word also holds {@code
 * last_pkmap_nr}. The {@code page_address} hash has a spinlock per bucket, as the kernel's: a
 * bucket's list changes only under its lock.
 *
 * <p>Three things happen without {@code kmap_lock}, each with the result the kernel's locked code
 * would have:
 *
 * <ul>
 *   <li>{@code kmap} of a page that has a slot (count n &ge; 1 to n + 1) and {@code kunmap} that
 *       leaves a count &ge; 1: one compare-and-set on the slot's word, which packs {@code
 *       pkmap_count}, the slot's pfn ({@code pkmap_page_table}) and a few uncounted reuses. The
 *       page is found through the hash read without a lock (a hint); the CAS on the word that
 *       names the pfn validates it.
 *   <li>{@code kmap} of a page without a slot when the search's next slot is free and is not slot
 *       0 (no wrap-around): under the page's bucket lock (no other thread maps the same page
 *       meanwhile), one CAS on the lock word claims slot {@code last_pkmap_nr + 1} and marks the
 *       word {@link #PENDING} for the two stores that publish the slot; the PTE and the hash link
 *       follow under the bucket lock. Every other case (the next slot is in use, the search wraps
 *       around and flushes, the pool is full, {@code kmap_lock} is held) runs the kernel's
 *       locked {@code map_new_virtual} from the same {@code last_pkmap_nr}. Only the owner of the
 *       lock word (held, or {@code PENDING}) changes a count from or to 0.
 *   <li>{@code flush_all_zero_pkmaps} (under {@code kmap_lock}) frees a count-1 slot with a CAS,
 *       so a lock-free kmap either pins the slot first (and the flush leaves it alone) or finds it
 *       free and maps the page anew.
 * </ul>
 *
 * <p>So the slot sequence, the flush points, the sleeps and the wake-ups are the kernel's. Lock
 * order: a thread holding a bucket lock never waits for {@code kmap_lock} (it gives up and takes
 * the locked path without the bucket); the holder of {@code kmap_lock} takes bucket locks.
 *
 * <p>Wake-ups: a lock-free kunmap that drops a count to 1 reads {@code waitqueue_active(pkmap_map_wait)} after its CAS; a
 * thread about to sleep raises {@code waitqueue_active(pkmap_map_wait)} and then rescans the counts before it sleeps. One
 * of the two always sees the other (volatile accesses are sequentially consistent), so no wake-up
 * is lost. The hot paths (kmap/kunmap of a page that is already mapped) allocate nothing and take
 * no lock. Pfns passed here are valid highmem pfns (the caller checks).
 */
final class Pkmap {
  /** {@code PA_HASH_ORDER}: the page_address hash has {@code 1 << 7} buckets. */
  static final int PA_HASH_ORDER = 7;
  /** {@code GOLDEN_RATIO_32} of {@code include/linux/hash.h}, for {@code hash_ptr}. */
  private static final int GOLDEN_RATIO_32 = 0x61C88647;
  /** Returned by {@link #mapNewVirtual} when the caller must not sleep or its timeout ran out. */
  private static final long NO_VADDR = 0;

  // A slot's word: pfn in bits 36..63 (PHYS_LIMIT is 2^40, so pfns have 28 bits), reuses not yet
  // added to the reuse counter in bits 20..35, pkmap_count in bits 0..19. 0: a free slot (count 0, pte_none).
  private static final int PFN_SHIFT = 36;
  private static final long COUNT_MASK = (1L << 20) - 1;
  private static final int REUSE_SHIFT = 20;
  private static final long REUSE_ONE = 1L << REUSE_SHIFT;
  private static final long REUSE_MASK = ((1L << 16) - 1) << REUSE_SHIFT;
  /**
   * Longs from one slot's word to the next: 64 bytes, a cache line each, so that two CPUs pinning
   * different pages do not write the same line.
   */
  private static final int STRIDE = 8;
  private static final VarHandle WORD = MethodHandles.arrayElementVarHandle(long[].class);
  /**
   * How many times a thread waiting for {@code kmap_lock} spins ({@code cpu_relax()}) between
   * yields of its CPU: a few hundred nanoseconds, longer than the lock is held except for a
   * wrap-around flush.
   */
  private static final int SPINS_PER_YIELD = 1 << 8;
  private static final VarHandle WAITERS;
  private static final VarHandle CTL;
  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
  private static final VarHandle PAGES = MethodHandles.arrayElementVarHandle(long[].class);

  // The kmap_lock word (ctl): last_pkmap_nr in bits 0..19 (LAST_PKMAP is at most 1024), LOCKED
  // while a thread holds kmap_lock, PENDING while a lock-free claim publishes its slot, and a
  // version above, raised by every release, so that a value never comes back (no ABA).
  private static final long NR_MASK = (1L << 20) - 1;
  private static final long LOCKED = 1L << 20;
  private static final long PENDING = 1L << 21;
  private static final long VERSION_ONE = 1L << 22;
  /** Ints from one bucket's lock word to the next: a cache line each. */
  private static final int BUCKET_STRIDE = 16;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      WAITERS = lookup.findVarHandle(WaitQueueHead.class, "active", int.class);
      CTL = lookup.findVarHandle(KmapLockWord.class, "ctl", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** 64 bytes of padding: a subclass's fields start on a cache line of their own. */
  @SuppressWarnings("unused")
  private static class LinePad {
    long p1;
    long p2;
    long p3;
    long p4;
    long p5;
    long p6;
    long p7;
    long p8;
  }

  /**
   * The word of {@code kmap_lock}, which also holds {@code last_pkmap_nr} (see {@link #LOCKED}),
   * and the data it guards: the lock holder (or a lock-free claimer while the word is {@link
   * #PENDING}) writes one cache line, and threads pinning mapped pages (which read the pool's
   * final fields and the slot words) never see it move.
   */
  private static class KmapLockWord extends LinePad {
    volatile long ctl;
    /** The word as the lock holder took it. */
    long heldCtl;
    /**
     * The static {@code last_pkmap_nr} of {@code get_next_pkmap_nr}, while the lock is held; in
     * {@link #ctl} otherwise.
     */
    int lastPkmapNr;
    long maps;
    long reuses;
    long wrapArounds;
    long flushes;
    long waits;
    long waitNanos;
  }

  /** {@link KmapLockWord} with padding after it. */
  @SuppressWarnings("unused")
  private static final class KmapLock extends KmapLockWord {
    long q1;
    long q2;
    long q3;
    long q4;
    long q5;
    long q6;
    long q7;
    long q8;
  }

  /**
   * {@code wait_queue_head_t pkmap_map_wait}: the real threads asleep on it (changed under
   * {@code kmap_lock}) and {@code waitqueue_active()} for the lock-free kunmap, on a line of
   * their own.
   */
  private static class WaitQueueHeadFields extends LinePad {
    /** Real and simulated sleepers; written under the lock, read without it. */
    volatile int active;
    /** The real threads on the queue, in queue order. */
    final List<Sleeper> threads = new ArrayList<>();
  }

  /** {@link WaitQueueHeadFields} with padding after it. */
  @SuppressWarnings("unused")
  private static final class WaitQueueHead extends WaitQueueHeadFields {
    long q1;
    long q2;
    long q3;
    long q4;
    long q5;
    long q6;
    long q7;
    long q8;
  }

  /**
   * A {@code wait_queue_entry} of a real thread ({@code DECLARE_WAITQUEUE(wait, current)}): it
   * stays on the queue from {@code add_wait_queue} until the thread runs again and calls {@code
   * remove_wait_queue}; {@code wake_up} marks it runnable and unparks it.
   */
  private static final class Sleeper {
    final Thread thread = Thread.currentThread();
    volatile boolean woken;
  }

  private final PkmapSpec spec;
  private final Mmu mmu;
  private final long pkmapBase;
  private final int lastPkmap;
  private final int lastPkmapMask;

  /** {@code kmap_lock} and the counters it guards. */
  private final KmapLock kmapLock = new KmapLock();
  /** {@code pkmap_map_wait}, the wait queue of the only colour. */
  private final WaitQueueHead pkmapMapWait = new WaitQueueHead();

  /**
   * Slot {@code nr}'s word at {@code nr * STRIDE}: {@code pkmap_count[nr]} (0 free, 1 mapped but
   * unused (needs a flush), n: n-1 users), the pfn its {@code pkmap_page_table} PTE maps, and
   * lock-free reuses not yet added to the reuse counter.
   */
  private final long[] slotWord;
  /** {@code page_address_htable}: head slot nr of each bucket's {@code page_address_map} list. */
  private final int[] pageAddressHtable = new int[1 << PA_HASH_ORDER];
  /**
   * {@code page_address_htable[b].lock}, one cache line each: a bucket's list changes only under
   * its lock, and a page is looked up and mapped under its bucket's lock, so no page maps twice.
   */
  private final int[] bucketLock = new int[(1 << PA_HASH_ORDER) * BUCKET_STRIDE];
  /**
   * {@code page_address_maps[nr].page}: the pfn slot {@code nr} was linked for, dense, so that a
   * walk of a bucket's list reads a few cache lines instead of one slot word (a line each) per
   * node; a match is then checked against the slot's word.
   */
  private final long[] pamPage;
  /** {@code page_address_maps[nr].list}: the next slot nr in the same bucket, -1 at the end. */
  private final int[] pageAddressNext;
  /** Simulated tasks asleep on the wait queue, in queue order. */
  private final List<Integer> simWaiters = new ArrayList<>();
  /** Simulated tasks woken since {@link #takeWoken()} was last called, in wake-up order. */
  private final List<Integer> simWoken = new ArrayList<>();


  Pkmap(PkmapSpec spec, Mmu mmu) {
    this.spec = spec;
    this.mmu = mmu;
    this.pkmapBase = spec.pkmapBase();
    this.lastPkmap = spec.lastPkmap();
    this.lastPkmapMask = lastPkmap - 1;
    this.slotWord = new long[Math.multiplyExact(lastPkmap, STRIDE)];
    this.pageAddressNext = new int[lastPkmap];
    this.pamPage = new long[lastPkmap];
    java.util.Arrays.fill(pamPage, -1);
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
    kmapLock.lastPkmapNr = (kmapLock.lastPkmapNr + 1) & lastPkmapMask;
    return kmapLock.lastPkmapNr;
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

  /**
   * {@code page_address(page)} of a highmem page: its pkmap address, or 0 (NULL); under the
   * bucket's lock, as the kernel's.
   */
  private long pageAddressLocked(long pfn) {
    int bucket = pageSlot(pfn);
    lockBucket(bucket);
    try {
      int nr = lookupInBucket(bucket, pfn);
      return nr < 0 ? NO_VADDR : pkmapAddr(nr);
    } finally {
      unlockBucket(bucket);
    }
  }

  /** The slot that maps {@code pfn} in its bucket's list, -1 if none. Caller holds the bucket. */
  private int lookupInBucket(int bucket, long pfn) {
    for (int nr = pageAddressHtable[bucket]; nr >= 0; nr = pageAddressNext[nr]) {
      // a linked slot's word is 0 only between a flush freeing it and the flush unlinking it
      if ((long) PAGES.getOpaque(pamPage, nr) == pfn && word(nr) != 0) {
        return nr;
      }
    }
    return -1;
  }

  /** {@code spin_lock_irqsave(&pas->lock)} of bucket {@code b}. */
  private void lockBucket(int b) {
    int i = b * BUCKET_STRIDE;
    int spins = 0;
    while (!INTS.compareAndSet(bucketLock, i, 0, 1)) {
      while ((int) INTS.getOpaque(bucketLock, i) != 0) {
        if (++spins % SPINS_PER_YIELD == 0) {
          Thread.yield(); // the holder may have been preempted: let it run
        } else {
          Thread.onSpinWait();
        }
      }
    }
  }

  /** {@code spin_unlock_irqrestore(&pas->lock)}. */
  private void unlockBucket(int b) {
    INTS.setRelease(bucketLock, b * BUCKET_STRIDE, 0);
  }

  // ---------------------------------------------------------------------------------------------
  // Slot words.

  private long word(int nr) {
    return (long) WORD.getVolatile(slotWord, nr * STRIDE);
  }

  private boolean casWord(int nr, long expected, long next) {
    return WORD.compareAndSet(slotWord, nr * STRIDE, expected, next);
  }

  private static int countOf(long word) {
    return (int) (word & COUNT_MASK);
  }

  /** The pfn a word's PTE maps, -1 for {@code pte_none}. */
  private static long ptePfnOf(long word) {
    return word == 0 ? -1 : word >>> PFN_SHIFT;
  }

  /**
   * The slot the page_address hash holds for {@code pfn}, read without the lock: a hint that the
   * caller validates with a CAS on the slot's word (which names the pfn), -1 if none was seen.
   * The walk is bounded, since a concurrent relink may be seen half done.
   */
  private int slotHint(long pfn) {
    int nr = pageAddressHtable[pageSlot(pfn)];
    for (int steps = lastPkmap; nr >= 0 && steps > 0; steps--) {
      if ((long) PAGES.getOpaque(pamPage, nr) == pfn
          && ((long) WORD.getOpaque(slotWord, nr * STRIDE) >>> PFN_SHIFT) == pfn) {
        return nr; // the word's line is the one the caller's CAS needs next
      }
      nr = pageAddressNext[nr];
    }
    return -1;
  }

  /**
   * The lock-free {@code kmap_high} / {@code kmap_high_get} of a page that has a slot: count n
   * &ge; 1 to n + 1 with one CAS. Returns 0 when the locked path must run (no slot seen, the slot
   * was freed meanwhile, or a counter field is full).
   */
  private long pinFast(long pfn) {
    int nr = slotHint(pfn);
    return nr < 0 ? NO_VADDR : pinSlot(nr, pfn);
  }

  /** {@link #pinFast} of slot {@code nr}, if it still maps {@code pfn} with a count &ge; 1. */
  private long pinSlot(int nr, long pfn) {
    int i = nr * STRIDE;
    long w = (long) WORD.getOpaque(slotWord, i);
    for (;;) {
      long count = w & COUNT_MASK;
      if ((w >>> PFN_SHIFT) != pfn || count == 0 || count == COUNT_MASK
          || (w & REUSE_MASK) == REUSE_MASK) {
        return NO_VADDR;
      }
      long witness = (long) WORD.compareAndExchange(slotWord, i, w, w + REUSE_ONE + 1);
      if (witness == w) {
        return pkmapAddr(nr);
      }
      w = witness;
    }
  }

  /**
   * The lock-free {@code kunmap_high} that leaves a count &ge; 1; wakes the sleepers (under the
   * lock) when the count reached 1. Returns false when the locked path must run (no slot seen, or
   * the count is below 2: the error cases).
   */
  private boolean unpinFast(long pfn) {
    int nr = slotHint(pfn);
    if (nr < 0) {
      return false;
    }
    int i = nr * STRIDE;
    long w = (long) WORD.getOpaque(slotWord, i);
    for (;;) {
      if ((w >>> PFN_SHIFT) != pfn || (w & COUNT_MASK) < 2) {
        return false;
      }
      long witness = (long) WORD.compareAndExchange(slotWord, i, w, w - 1);
      if (witness == w) {
        break;
      }
      w = witness;
    }
    if ((w & COUNT_MASK) == 2 && (int) WAITERS.getVolatile(pkmapMapWait) != 0) {
      lockKmap();
      try {
        wakeUp();
      } finally {
        unlockKmap();
      }
    }
    return true;
  }

  /**
   * {@code pkmap_count[nr]++} under the lock for a mapped slot (lock-free pins may move the count
   * meanwhile, never below 1); also moves the slot's lock-free reuses into the reuse counter.
   *
   * @return the new count
   */
  private int incrementCountLocked(int nr) {
    for (;;) {
      long w = word(nr);
      if ((w & COUNT_MASK) == COUNT_MASK) {
        throw new IllegalStateException("kmap_high: pkmap_count[" + nr + "] overflows");
      }
      long next = (w & ~REUSE_MASK) + 1;
      if (casWord(nr, w, next)) {
        kmapLock.reuses += (w & REUSE_MASK) >>> REUSE_SHIFT;
        return countOf(next);
      }
    }
  }

  /**
   * {@code lock_kmap()}: {@code kmap_lock} is a spinlock in the kernel, held for a few hundred
   * nanoseconds (a wrap-around flush: microseconds). A contending thread spins for about that long
   * before it blocks, since parking and unparking a thread costs far more than the wait.
   */
  private void lockKmap() {
    long c = (long) CTL.getVolatile(kmapLock);
    if ((c & (LOCKED | PENDING)) != 0 || !CTL.compareAndSet(kmapLock, c, c | LOCKED)) {
      c = lockKmapContended();
    }
    kmapLock.heldCtl = c;
    kmapLock.lastPkmapNr = (int) (c & NR_MASK);
  }

  /**
   * {@code queued_spin_lock_slowpath}: test-and-test-and-set, never parking; also waits out a
   * lock-free claim publishing its slot ({@link #PENDING}, a few stores).
   *
   * @return the word as it was taken
   */
  private long lockKmapContended() {
    int spins = 0;
    for (;;) {
      long c = (long) CTL.getOpaque(kmapLock);
      if ((c & (LOCKED | PENDING)) == 0) {
        if (CTL.compareAndSet(kmapLock, c, c | LOCKED)) {
          return c;
        }
      } else if (++spins % SPINS_PER_YIELD == 0) {
        Thread.yield(); // the holder may have been preempted: let it run
      } else {
        Thread.onSpinWait(); // cpu_relax()
      }
    }
  }

  /** {@code unlock_kmap()}: a release store of the word with {@code last_pkmap_nr}. */
  private void unlockKmap() {
    CTL.setRelease(kmapLock,
        ((kmapLock.heldCtl & ~(NR_MASK | LOCKED | PENDING)) + VERSION_ONE) | kmapLock.lastPkmapNr);
  }

  /** Publishes the sleeper count for lock-free kunmaps. Caller holds the lock. */
  private void updateWaiters() {
    WAITERS.setVolatile(pkmapMapWait, pkmapMapWait.threads.size() + simWaiters.size());
  }

  /** Whether some slot has count 1 (a lock-free kunmap let go of it). */
  private boolean anySlotReleased() {
    for (int nr = 0; nr < lastPkmap; nr++) {
      if (countOf(word(nr)) <= 1) {
        return true;
      }
    }
    return false;
  }

  /** {@code set_page_address(page, PKMAP_ADDR(nr))}: links slot {@code nr}'s map. */
  private void setPageAddress(long pfn, int nr) {
    int bucket = pageSlot(pfn);
    lockBucket(bucket);
    try {
      linkInBucket(bucket, nr, pfn);
    } finally {
      unlockBucket(bucket);
    }
  }

  /** Links slot {@code nr}, which maps {@code pfn}, at the head of {@code bucket}'s list. Caller holds the bucket. */
  private void linkInBucket(int bucket, int nr, long pfn) {
    PAGES.setOpaque(pamPage, nr, pfn);
    pageAddressNext[nr] = pageAddressHtable[bucket];
    pageAddressHtable[bucket] = nr;
  }

  /**
   * {@code set_page_address(page, NULL)} of every page {@code flush_all_zero_pkmaps} freed (their
   * slots' words are 0 now, and a linked slot's word is 0 only then), one bucket lock per
   * bucket. Caller holds {@code kmap_lock}.
   *
   * @param freed how many slots the flush freed
   */
  private void clearFreedPageAddresses(int freed) {
    int unlinked = 0;
    for (int b = 0; b < pageAddressHtable.length; b++) {
      if (pageAddressHtable[b] < 0) {
        continue; // a list that held a freed slot is not empty until this pass unlinks it
      }
      lockBucket(b);
      try {
        int prev = -1;
        for (int nr = pageAddressHtable[b]; nr >= 0; ) {
          int next = pageAddressNext[nr];
          if (word(nr) == 0) {
            if (prev < 0) {
              pageAddressHtable[b] = next;
            } else {
              pageAddressNext[prev] = next;
            }
            pageAddressNext[nr] = -1;
            unlinked++;
          } else {
            prev = nr;
          }
          nr = next;
        }
      } finally {
        unlockBucket(b);
      }
    }
    if (unlinked != freed) {
      throw new IllegalStateException("page_address hash held " + unlinked + " of the "
          + freed + " pages flush_all_zero_pkmaps freed");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // mm/highmem.c

  /** {@code page_address(page)} for a highmem page, 0 when it has no pkmap mapping. */
  long pageAddress(long pfn) {
    lockKmap();
    try {
      return pageAddressLocked(pfn);
    } finally {
      unlockKmap();
    }
  }

  /** {@code pte_page(pkmap_page_table[PKMAP_NR(vaddr)])}, -1 for {@code pte_none}. */
  long ptePfn(long vaddr) {
    lockKmap();
    try {
      return ptePfnOf(word(pkmapNr(vaddr)));
    } finally {
      unlockKmap();
    }
  }

  /**
   * {@link #ptePfn} without the lock, for a caller that holds a pin on the slot (then the slot
   * cannot change), or that validates the answer: the kunmap it is passed to checks it again.
   */
  long ptePfnUnlocked(long vaddr) {
    return ptePfnOf((long) WORD.getOpaque(slotWord, pkmapNr(vaddr) * STRIDE));
  }

  /**
   * {@code flush_all_zero_pkmaps()}: every slot with count 1 is set to 0, its PTE cleared and its
   * page's address dropped; one TLB flush of the whole pkmap range if any slot was cleared. Slots
   * with count 0 or above 1 are left alone. Caller holds {@code kmap_lock}.
   */
  private void flushAllZeroPkmaps() {
    int freed = 0;
    // flush_cache_kmaps(): a no-op for the caches modelled here (no data cache).
    for (int i = 0; i < lastPkmap; i++) {
      long w = word(i);
      // pkmap_count[i] = 0 unless a lock-free kmap pins the slot first (then it is not free).
      while (countOf(w) == 1 && !casWord(i, w, 0)) {
        w = word(i);
      }
      if (countOf(w) != 1) {
        continue;
      }
      kmapLock.reuses += (w & REUSE_MASK) >>> REUSE_SHIFT;
      long pfn = w >>> PFN_SHIFT;
      if (pfn == 0) {
        throw new IllegalStateException(
            "flush_all_zero_pkmaps: BUG_ON(pte_none(pkmap_page_table[" + i + "]))");
      }
      mmu.clearPte(pkmapAddr(i));
      freed++;
    }
    if (freed != 0) { // need_flush
      clearFreedPageAddresses(freed); // each freed page's set_page_address(page, NULL)
      mmu.flushTlbRange(pkmapAddr(0), pkmapAddr(lastPkmap));
      kmapLock.flushes++;
    }
  }

  /** {@code kmap_flush_unused()}. */
  void kmapFlushUnused() {
    lockKmap();
    try {
      flushAllZeroPkmaps();
    } finally {
      unlockKmap();
    }
  }

  /**
   * {@code map_new_virtual(page)}. Caller holds {@code kmap_lock}.
   *
   * @param simTask the simulated task asking, or -1 for a real thread that may sleep
   * @param timed whether a sleeping thread gives up after {@code timeoutNanos} asleep
   * @param timeoutNanos how long a timed thread may sleep on the wait queue in all
   * @return the address, its {@code pkmap_count} already raised for the caller (the {@code
   *     pkmap_count[PKMAP_NR(vaddr)]++} of {@code kmap_high}), or 0 when the simulated task went to
   *     sleep or the timeout passed
   */
  private long mapNewVirtual(long pfn, int simTask, boolean timed, long timeoutNanos) {
    long sleepLeft = timeoutNanos;
    int color = getPkmapColor(pfn);
    start:
    for (;;) {
      int count = getPkmapEntriesCount(color);
      // Find an empty entry.
      for (;;) {
        int nr = getNextPkmapNr(color);
        if (noMorePkmaps(nr, color)) {
          kmapLock.wrapArounds++;
          flushAllZeroPkmaps();
          count = getPkmapEntriesCount(color);
        }
        if (word(nr) == 0) { // only the lock holder changes a count from or to 0
          // Found a usable entry.
          long vaddr = pkmapAddr(nr);
          mmu.setPte(vaddr, pfn);
          // pkmap_count[nr] = 1, and kmap_high's pkmap_count[PKMAP_NR(vaddr)]++ for its caller in
          // the same store (nobody can see the slot before setPageAddress).
          WORD.setRelease(slotWord, nr * STRIDE, pfn << PFN_SHIFT | 2);
          setPageAddress(pfn, nr);
          kmapLock.maps++;
          return vaddr;
        }
        if (--count != 0) {
          continue;
        }
        // Sleep for somebody else to unmap their entries.
        if (simTask >= 0) {
          kmapLock.waits++;
          simWaiters.add(simTask); // add_wait_queue(); the caller's scheduler puts it to sleep
          updateWaiters();
          return NO_VADDR;
        }
        Sleeper wait = new Sleeper();
        pkmapMapWait.threads.add(wait); // add_wait_queue(), seen by lock-free kunmaps from here on
        updateWaiters();
        if (anySlotReleased()) {
          // A lock-free kunmap let go of a slot after the search passed it and before it could
          // see this waiter: as if it had woken us at once.
          pkmapMapWait.threads.remove(wait);
          updateWaiters();
          continue start;
        }
        kmapLock.waits++;
        sleepLeft = sleepOnPkmapMapWait(wait, timed, sleepLeft);
        // Somebody else might have mapped it while we slept.
        long vaddr = pageAddressLocked(pfn);
        if (vaddr != NO_VADDR) {
          kmapLock.reuses++;
          int mapped = pkmapNr(vaddr);
          if (incrementCountLocked(mapped) < 2) {
            throw new IllegalStateException("kmap_high: BUG_ON(pkmap_count[" + mapped + "] < 2)");
          }
          return vaddr;
        }
        if (timed && sleepLeft <= 0) {
          return NO_VADDR;
        }
        continue start; // Re-start.
      }
    }
  }

  /**
   * {@code unlock_kmap; schedule(); lock_kmap; remove_wait_queue} in TASK_UNINTERRUPTIBLE: the
   * caller put {@code wait} on the queue under the lock, so a kunmap that runs after the lock is
   * released sees it ({@code waitqueue_active}) and no wake-up is lost. Caller holds the lock;
   * holds it again on return.
   *
   * @param timed whether the sleep ends after {@code timeoutNanos} without a wake-up
   * @return what is left of {@code timeoutNanos} (0 when it ran out before a wake-up)
   */
  private long sleepOnPkmapMapWait(Sleeper wait, boolean timed, long timeoutNanos) {
    long start = System.nanoTime();
    long deadline = start + timeoutNanos;
    boolean interrupted = false;
    boolean timedOut = false;
    unlockKmap();
    try {
      while (!wait.woken) {
        if (timed) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            timedOut = true;
            break;
          }
          LockSupport.parkNanos(this, left);
        } else {
          LockSupport.park(this);
        }
        if (Thread.interrupted()) {
          interrupted = true; // uninterruptible: keep the flag for the caller
        }
      }
    } finally {
      lockKmap();
      pkmapMapWait.threads.remove(wait);
      updateWaiters();
      kmapLock.waitNanos += System.nanoTime() - start;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return timedOut ? 0 : Math.max(1, deadline - System.nanoTime());
  }

  /**
   * {@code kmap_high(page)}: the page's existing address with its count raised, else a new
   * mapping. Blocks the calling thread while every slot is in use.
   */
  long kmapHigh(long pfn) {
    long vaddr = pinFast(pfn);
    if (vaddr != NO_VADDR) {
      return vaddr;
    }
    vaddr = mapFast(pfn);
    if (vaddr != NO_VADDR) {
      return vaddr;
    }
    lockKmap();
    try {
      return kmapHighLocked(pfn, -1, false, 0);
    } finally {
      unlockKmap();
    }
  }

  /**
   * The common case of {@code kmap_high} for a page without a slot, outside {@code kmap_lock}:
   * under the page's bucket lock (so that no other thread maps the same page meanwhile), look the
   * page up once more, else claim slot {@code last_pkmap_nr + 1} with one compare-and-set on the
   * lock word ({@link #PENDING}: nobody else moves {@code last_pkmap_nr} or takes the lock until
   * the slot's word is published, a few stores later), then write its PTE and link it into the
   * hash. This is exactly the first step of {@code map_new_virtual}'s search when it finds that
   * slot free; whenever the search would do anything else (the next slot is in use, or it is slot
   * 0 and the search wraps around and flushes) or the lock is held, this returns 0 and the caller
   * runs the kernel's locked search from the same {@code last_pkmap_nr}. So the slot sequence,
   * the flush points and the sleeps are the kernel's.
   *
   * @return the address with the count raised for the caller, or 0 when the locked path must run
   */
  private long mapFast(long pfn) {
    int bucket = pageSlot(pfn);
    lockBucket(bucket);
    try {
      int mapped = lookupInBucket(bucket, pfn);
      if (mapped >= 0) {
        return pinSlot(mapped, pfn); // another thread mapped it meanwhile
      }
      long c;
      int nr;
      for (int spins = 0;; spins++) {
        c = (long) CTL.getVolatile(kmapLock);
        if ((c & LOCKED) != 0) {
          return NO_VADDR; // never wait for kmap_lock holding a bucket: its holder may need it
        }
        if ((c & PENDING) != 0) {
          if (spins % SPINS_PER_YIELD == SPINS_PER_YIELD - 1) {
            Thread.yield();
          } else {
            Thread.onSpinWait();
          }
          continue;
        }
        nr = (int) ((c + 1) & lastPkmapMask); // get_next_pkmap_nr(color)
        if (noMorePkmaps(nr, 0) || word(nr) != 0) {
          return NO_VADDR; // a wrap-around (flush_all_zero_pkmaps) or a slot in use
        }
        if (CTL.compareAndSet(kmapLock, c, (c & ~NR_MASK) | PENDING | nr)) {
          break;
        }
      }
      // The word could not change since it was read as free: only the owner of the lock word
      // (LOCKED or PENDING) changes a count from or to 0, and the word has not moved since.
      // pkmap_count[nr] = 1, and kmap_high's ++ for its caller, in one store.
      WORD.setRelease(slotWord, nr * STRIDE, pfn << PFN_SHIFT | 2);
      kmapLock.maps++;
      CTL.setRelease(kmapLock, ((c & ~NR_MASK) + VERSION_ONE) | nr);
      long vaddr = pkmapAddr(nr);
      mmu.setPte(vaddr, pfn); // set_pte_at(): the slot is this thread's until it is linked
      linkInBucket(bucket, nr, pfn); // set_page_address(page, vaddr)
      return vaddr;
    } finally {
      unlockBucket(bucket);
    }
  }

  /** {@link #kmapHigh} giving up after {@code timeoutNanos}: 0 on timeout. */
  long kmapHigh(long pfn, long timeoutNanos) {
    lockKmap(); // held only briefly by anyone: not part of the timeout
    try {
      return kmapHighLocked(pfn, -1, true, timeoutNanos);
    } finally {
      unlockKmap();
    }
  }

  /** {@link #kmapHigh} for a simulated task that must not block: 0 when it went to sleep. */
  long tryKmapHigh(long pfn, int task) {
    lockKmap();
    try {
      if (simWaiters.contains(task)) {
        throw new InputException("kmap: task " + task
            + " is asleep on the pkmap wait queue; it cannot run until a kunmap wakes it");
      }
      return kmapHighLocked(pfn, task, false, 0);
    } finally {
      unlockKmap();
    }
  }

  private long kmapHighLocked(long pfn, int simTask, boolean timed, long timeoutNanos) {
    long vaddr = pageAddressLocked(pfn);
    if (vaddr == NO_VADDR) {
      return mapNewVirtual(pfn, simTask, timed, timeoutNanos); // with the count raised for the caller
    }
    kmapLock.reuses++;
    int nr = pkmapNr(vaddr);
    if (incrementCountLocked(nr) < 2) {
      throw new IllegalStateException("kmap_high: BUG_ON(pkmap_count[" + nr + "] < 2)");
    }
    return vaddr;
  }

  /**
   * {@code kmap_high_get(page)} ({@code ARCH_NEEDS_KMAP_HIGH_GET}): if the page has a pkmap
   * mapping, pin it (count + 1) and return its address; else 0. Never maps.
   */
  long kmapHighGet(long pfn) {
    long fast = pinFast(pfn);
    if (fast != NO_VADDR) {
      return fast;
    }
    lockKmap();
    try {
      long vaddr = pageAddressLocked(pfn);
      if (vaddr != NO_VADDR) {
        int nr = pkmapNr(vaddr);
        if (countOf(word(nr)) < 1) {
          throw new IllegalStateException("kmap_high_get: BUG_ON(pkmap_count[" + nr + "] < 1)");
        }
        incrementCountLocked(nr);
        kmapLock.reuses++;
      }
      return vaddr;
    } finally {
      unlockKmap();
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
    if (unpinFast(pfn)) {
      return;
    }
    lockKmap();
    try {
      long vaddr = pageAddressLocked(pfn);
      if (vaddr == NO_VADDR) {
        throw new InputException(String.format(Locale.ROOT,
            "kunmap: pfn %#x is not kmapped (kunmap_high: BUG_ON(!page_address(page)))", pfn));
      }
      int nr = pkmapNr(vaddr);
      long w;
      do {
        w = word(nr);
        if (countOf(w) <= 1) {
          throw new IllegalStateException(String.format(Locale.ROOT,
              "kunmap_high: pkmap_count[%d] of pfn %#x would drop to 0 without a TLB flush (BUG):"
                  + " more kunmaps than kmaps", nr, pfn));
        }
      } while (!casWord(nr, w, w - 1));
      // A count must never go down to zero without a TLB flush.
      if (countOf(w) - 1 == 1 && (!pkmapMapWait.threads.isEmpty() || !simWaiters.isEmpty())) {
        wakeUp();
      }
    } finally {
      unlockKmap();
    }
  }

  /** {@code wake_up(pkmap_map_wait)}: every (non-exclusive) waiter becomes runnable. */
  private void wakeUp() {
    // Each entry stays queued until its thread runs again (remove_wait_queue).
    for (Sleeper wait : pkmapMapWait.threads) {
      if (!wait.woken) {
        wait.woken = true;
        LockSupport.unpark(wait.thread);
      }
    }
    if (!simWaiters.isEmpty()) {
      simWoken.addAll(simWaiters);
      simWaiters.clear();
      updateWaiters();
    }
  }

  /** Simulated tasks woken since the last call, in wake-up order; clears the list. */
  List<Integer> takeWoken() {
    lockKmap();
    try {
      if (simWoken.isEmpty()) {
        return List.of();
      }
      List<Integer> woken = List.copyOf(simWoken);
      simWoken.clear();
      return woken;
    } finally {
      unlockKmap();
    }
  }

  /** Simulated tasks asleep on the wait queue, in queue order. */
  List<Integer> sleepers() {
    lockKmap();
    try {
      return List.copyOf(simWaiters);
    } finally {
      unlockKmap();
    }
  }

  /** The busy slots (count not 0), by slot number. */
  List<PkmapSlot> showPkmap() {
    lockKmap();
    try {
      List<PkmapSlot> busy = new ArrayList<>();
      for (int nr = 0; nr < lastPkmap; nr++) {
        long w = word(nr);
        if (w != 0) {
          busy.add(new PkmapSlot(nr, pkmapAddr(nr), ptePfnOf(w), countOf(w)));
        }
      }
      return busy;
    } finally {
      unlockKmap();
    }
  }

  PkmapStats stats() {
    lockKmap();
    try {
      long allReuses = kmapLock.reuses;
      for (int nr = 0; nr < lastPkmap; nr++) {
        allReuses += (word(nr) & REUSE_MASK) >>> REUSE_SHIFT;
      }
      return new PkmapStats(kmapLock.maps, allReuses, kmapLock.wrapArounds, kmapLock.flushes, kmapLock.waits, kmapLock.waitNanos);
    } finally {
      unlockKmap();
    }
  }

  /** {@code pkmap_count[nr]}. */
  int pkmapCount(int nr) {
    lockKmap();
    try {
      return countOf(word(nr));
    } finally {
      unlockKmap();
    }
  }

  /** {@code last_pkmap_nr}. */
  int lastPkmapNr() {
    lockKmap();
    try {
      return kmapLock.lastPkmapNr;
    } finally {
      unlockKmap();
    }
  }

  /**
   * Checks the pool's invariants: counts never negative, a slot maps a page iff its count is not
   * 0, no page in two slots, and the hash holds exactly the mapped slots.
   *
   * @throws IllegalStateException naming the first broken invariant
   */
  void checkInvariants() {
    lockKmap();
    for (int b = 0; b < 1 << PA_HASH_ORDER; b++) {
      lockBucket(b); // no lock-free claim is between its claim and its link
    }
    try {
      java.util.HashSet<Long> pages = new java.util.HashSet<>();
      for (int nr = 0; nr < lastPkmap; nr++) {
        long w = word(nr);
        int c = countOf(w);
        long pte = ptePfnOf(w);
        if ((c == 0) != (pte < 0) || pte == 0) {
          throw new IllegalStateException("slot " + nr + " count " + c + " but pte pfn " + pte);
        }
        if (c != 0) {
          if (!pages.add(pte)) {
            throw new IllegalStateException("pfn " + hexPfn(pte) + " in two pkmap slots");
          }
          if (lookupInBucket(pageSlot(pte), pte) != nr) {
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
      for (int b = 0; b < 1 << PA_HASH_ORDER; b++) {
        unlockBucket(b);
      }
      unlockKmap();
    }
  }

  private static String hexPfn(long pfn) {
    return String.format(Locale.ROOT, "%#x", pfn);
  }
}

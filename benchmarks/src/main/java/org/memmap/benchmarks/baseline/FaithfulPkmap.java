package org.memmap.benchmarks.baseline;

import static org.memmap.api.Addresses.PAGE_SHIFT;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import org.memmap.core.mm.Mmu;

/**
 * The baseline for the kmap goals: a line-by-line port of the global-lock permanent kmap pool of
 * {@code mm/highmem.c} (generic, no colour; as in 4.x-5.10) with {@code HASHED_PAGE_VIRTUAL}:
 *
 * <ul>
 *   <li>{@code kmap_lock}, a spinlock ({@link SpinLock}) around every {@code kmap_high} and
 *       {@code kunmap_high};
 *   <li>{@code pkmap_count[LAST_PKMAP]}, the static {@code last_pkmap_nr} of {@code
 *       get_next_pkmap_nr}, {@code flush_all_zero_pkmaps()} with one {@code flush_tlb_kernel_range}
 *       of the whole window, {@code map_new_virtual()} sleeping on {@code pkmap_map_wait};
 *   <li>the {@code page_address} hash: {@code page_address_htable[1 << PA_HASH_ORDER]} (128
 *       cache-line-aligned buckets, each a list with its own spinlock), {@code
 *       page_address_maps[LAST_PKMAP]} linked with {@code list_add_tail} / {@code list_del}, and
 *       {@code page_address()} taking the bucket lock on every lookup.
 * </ul>
 *
 * <p>PTEs go through the same {@link Mmu} as the library's code. Written from the kernel source,
 * not by calling the library.
 */
public final class FaithfulPkmap {
  /** {@code PA_HASH_ORDER}. */
  private static final int PA_HASH_ORDER = 7;
  /** {@code GOLDEN_RATIO_32}: {@code hash_ptr} on 32-bit is {@code hash_32}. */
  private static final int GOLDEN_RATIO_32 = 0x61C88647;
  /** Ints between two buckets' lock words: {@code ____cacheline_aligned_in_smp}. */
  private static final int BUCKET_STRIDE = 16;
  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

  private final Mmu mmu;
  private final long pkmapBase;
  private final int lastPkmap;
  private final int lastPkmapMask;
  private final long maxLowPfn;
  private final long pageOffset;
  private final long physOffset;

  private final SpinLock kmapLock = new SpinLock();
  private final int[] pkmapCount;
  /** {@code pkmap_page_table[]}: pfn per slot, -1 for {@code pte_none}. */
  private final long[] pkmapPageTable;
  private int lastPkmapNr;

  // page_address_htable: bucket b's list head is node lastPkmap + b; lock word at b * STRIDE.
  private final int[] bucketLock = new int[(1 << PA_HASH_ORDER) * BUCKET_STRIDE];
  // page_address_maps[LAST_PKMAP] plus the 128 list heads: struct list_head next/prev, page.
  private final int[] next;
  private final int[] prev;
  private final long[] pamPage;
  private final long[] pamVirtual;

  // pkmap_map_wait
  private final Object pkmapMapWait = new Object();
  private volatile int waitqueueLen;
  private long wakeGeneration;

  /**
   * A pool of {@code lastPkmap} slots at {@code pkmapBase}.
   *
   * @param maxLowPfn {@code max_low_pfn}: pages from here on are highmem
   * @param pageOffset {@code PAGE_OFFSET}
   * @param physOffset {@code PHYS_OFFSET}
   */
  public FaithfulPkmap(long pkmapBase, int lastPkmap, long maxLowPfn, long pageOffset,
      long physOffset, Mmu mmu) {
    this.mmu = mmu;
    this.pkmapBase = pkmapBase;
    this.lastPkmap = lastPkmap;
    this.lastPkmapMask = lastPkmap - 1;
    this.maxLowPfn = maxLowPfn;
    this.pageOffset = pageOffset;
    this.physOffset = physOffset;
    this.pkmapCount = new int[lastPkmap];
    this.pkmapPageTable = new long[lastPkmap];
    Arrays.fill(pkmapPageTable, -1);
    int nodes = lastPkmap + (1 << PA_HASH_ORDER);
    this.next = new int[nodes];
    this.prev = new int[nodes];
    this.pamPage = new long[lastPkmap];
    this.pamVirtual = new long[lastPkmap];
    for (int b = 0; b < 1 << PA_HASH_ORDER; b++) { // INIT_LIST_HEAD
      next[lastPkmap + b] = lastPkmap + b;
      prev[lastPkmap + b] = lastPkmap + b;
    }
  }

  private long pkmapAddr(int nr) {
    return pkmapBase + ((long) nr << PAGE_SHIFT);
  }

  private int pkmapNr(long vaddr) {
    return (int) ((vaddr - pkmapBase) >>> PAGE_SHIFT);
  }

  /** {@code kmap(page)} of {@code include/linux/highmem.h}. */
  public long kmap(long pfn) {
    if (pfn < maxLowPfn) { // !PageHighMem(page)
      return pageAddress(pfn);
    }
    return kmapHigh(pfn);
  }

  /** {@code kunmap(page)}. */
  public void kunmap(long pfn) {
    if (pfn < maxLowPfn) {
      return;
    }
    kunmapHigh(pfn);
  }

  // ---------------------------------------------------------------------------------------------
  // page_address hash

  private static int pageSlot(long pfn) {
    return ((int) pfn * GOLDEN_RATIO_32) >>> (32 - PA_HASH_ORDER);
  }

  private void lockBucket(int b) {
    int i = b * BUCKET_STRIDE;
    while (!INTS.compareAndSet(bucketLock, i, 0, 1)) {
      while ((int) INTS.getOpaque(bucketLock, i) != 0) {
        Thread.onSpinWait();
      }
    }
  }

  private void unlockBucket(int b) {
    INTS.setRelease(bucketLock, b * BUCKET_STRIDE, 0);
  }

  /** {@code page_address(page)}: the linear address, or the hash's mapping, or 0. */
  public long pageAddress(long pfn) {
    if (pfn < maxLowPfn) {
      return (pfn << PAGE_SHIFT) - physOffset + pageOffset; // lowmem_page_address()
    }
    int b = pageSlot(pfn);
    int head = lastPkmap + b;
    long ret = 0;
    lockBucket(b);
    if (next[head] != head) { // !list_empty(&pas->lh)
      for (int pam = next[head]; pam != head; pam = next[pam]) { // list_for_each_entry
        if (pamPage[pam] == pfn) {
          ret = pamVirtual[pam];
          break;
        }
      }
    }
    unlockBucket(b);
    return ret;
  }

  /** {@code set_page_address(page, virtual)}. */
  private void setPageAddress(long pfn, long virtual) {
    int b = pageSlot(pfn);
    int head = lastPkmap + b;
    if (virtual != 0) { // Add
      int pam = pkmapNr(virtual);
      pamPage[pam] = pfn;
      pamVirtual[pam] = virtual;
      lockBucket(b);
      int tail = prev[head]; // list_add_tail(&pam->list, &pas->lh)
      next[pam] = head;
      prev[pam] = tail;
      next[tail] = pam;
      prev[head] = pam;
      unlockBucket(b);
    } else { // Remove
      lockBucket(b);
      for (int pam = next[head]; pam != head; pam = next[pam]) {
        if (pamPage[pam] == pfn) {
          next[prev[pam]] = next[pam]; // list_del(&pam->list)
          prev[next[pam]] = prev[pam];
          break;
        }
      }
      unlockBucket(b);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // mm/highmem.c

  private void flushAllZeroPkmaps() {
    boolean needFlush = false;
    // flush_cache_kmaps(): nothing on x86
    for (int i = 0; i < lastPkmap; i++) {
      if (pkmapCount[i] != 1) {
        continue;
      }
      pkmapCount[i] = 0;
      long page = pkmapPageTable[i];
      if (page < 0) { // sanity check
        throw new IllegalStateException("BUG_ON(pte_none(pkmap_page_table[" + i + "]))");
      }
      mmu.clearPte(pkmapAddr(i)); // pte_clear(&init_mm, PKMAP_ADDR(i), &pkmap_page_table[i])
      pkmapPageTable[i] = -1;
      setPageAddress(page, 0);
      needFlush = true;
    }
    if (needFlush) {
      mmu.flushTlbRange(pkmapAddr(0), pkmapAddr(lastPkmap));
    }
  }

  private long mapNewVirtual(long pfn) {
    start:
    for (;;) {
      int count = lastPkmap; // get_pkmap_entries_count(color)
      // Find an empty entry
      for (;;) {
        lastPkmapNr = (lastPkmapNr + 1) & lastPkmapMask; // get_next_pkmap_nr(color)
        if (lastPkmapNr == 0) { // no_more_pkmaps()
          flushAllZeroPkmaps();
          count = lastPkmap;
        }
        if (pkmapCount[lastPkmapNr] == 0) {
          break; // Found a usable entry
        }
        if (--count != 0) {
          continue;
        }
        // Sleep for somebody else to unmap their entries
        long generation;
        synchronized (pkmapMapWait) { // add_wait_queue(pkmap_map_wait, &wait)
          waitqueueLen++;
          generation = wakeGeneration;
        }
        kmapLock.unlock();
        synchronized (pkmapMapWait) { // schedule()
          while (wakeGeneration == generation) {
            try {
              pkmapMapWait.wait();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt(); // TASK_UNINTERRUPTIBLE: keep sleeping
            }
          }
          waitqueueLen--; // remove_wait_queue()
        }
        kmapLock.lock();
        // Somebody else might have mapped it while we slept
        long vaddr = pageAddress(pfn);
        if (vaddr != 0) {
          return vaddr;
        }
        continue start; // Re-start
      }
      long vaddr = pkmapAddr(lastPkmapNr);
      mmu.setPte(vaddr, pfn); // set_pte_at(&init_mm, vaddr, &pkmap_page_table[nr], mk_pte())
      pkmapPageTable[lastPkmapNr] = pfn;
      pkmapCount[lastPkmapNr] = 1;
      setPageAddress(pfn, vaddr);
      return vaddr;
    }
  }

  /** {@code kmap_high(page)}. */
  public long kmapHigh(long pfn) {
    kmapLock.lock(); // lock_kmap()
    long vaddr = pageAddress(pfn);
    if (vaddr == 0) {
      vaddr = mapNewVirtual(pfn);
    }
    int nr = pkmapNr(vaddr);
    pkmapCount[nr]++;
    if (pkmapCount[nr] < 2) {
      kmapLock.unlock();
      throw new IllegalStateException("BUG_ON(pkmap_count[" + nr + "] < 2)");
    }
    kmapLock.unlock();
    return vaddr;
  }

  /** {@code kunmap_high(page)}. */
  public void kunmapHigh(long pfn) {
    kmapLock.lock(); // lock_kmap_any(flags)
    long vaddr = pageAddress(pfn);
    if (vaddr == 0) {
      kmapLock.unlock();
      throw new IllegalStateException("BUG_ON(!vaddr)");
    }
    int nr = pkmapNr(vaddr);
    // A count must never go down to zero without a TLB flush!
    boolean needWakeup = false;
    switch (--pkmapCount[nr]) {
      case 0:
        kmapLock.unlock();
        throw new IllegalStateException("BUG(): pkmap_count[" + nr + "] dropped to 0");
      case 1:
        // Avoid an unnecessary wake_up() if there's no waiter (waitqueue_active()).
        needWakeup = waitqueueLen != 0;
        break;
      default:
        break;
    }
    kmapLock.unlock(); // unlock_kmap_any(flags)
    if (needWakeup) {
      synchronized (pkmapMapWait) { // wake_up(pkmap_map_wait)
        wakeGeneration++;
        pkmapMapWait.notifyAll();
      }
    }
  }
}

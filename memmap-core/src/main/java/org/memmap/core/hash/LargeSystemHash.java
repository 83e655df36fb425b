package org.memmap.core.hash;

import java.util.Locale;
import org.memmap.api.Addresses;
import org.memmap.api.KernelVersion;

/**
 * {@code alloc_large_system_hash()} of {@code mm/page_alloc.c} ({@code mm/mm_init.c} from 6.4):
 * how many buckets a boot-time hash table gets, and the line it prints. A pure function of the
 * request, the page counts {@code free_area_init()} left in {@code nr_kernel_pages} and {@code
 * nr_all_pages}, and the release.
 *
 * <p>The rule, release by release:
 *
 * <ul>
 *   <li>With no size given ({@code numentries == 0}, no {@code dhash_entries=} and the like):
 *       {@code nr_kernel_pages} rounded up to whole megabytes, shifted by {@code scale - PAGE_SHIFT}
 *       (one bucket per {@code 2^scale} bytes of low memory), then raised to one page of buckets
 *       (or, for {@code HASH_SMALL}, to {@code 2^*_hash_shift} buckets).
 *   <li>Rounded up to a power of two (John Hawkes' 2006 fix, before 2.6.22, stopped doubling an
 *       exact power); the one-page minimum and {@code HASH_SMALL} came with the PID table's move
 *       to this allocator in 2.6.32.
 *   <li>Clamped to {@code low_limit} (3.4+) and to {@code high_limit}, or by default to 1/16 of
 *       {@code nr_all_pages} in bytes.
 *   <li>Tables not allocated early: up to 5.2 from the page allocator only, so a table of order
 *       {@code MAX_ORDER} or more is halved until it fits; from 5.3 such a table is vmalloc'ed
 *       ("mm/large system hash: use vmalloc for size > MAX_ORDER when !hashdist").
 *   <li>The line: {@code (order: %d, %lu bytes)}; from 5.3 with {@code , linear} or {@code ,
 *       vmalloc} appended (32-bit kernels never get "vmalloc hugepage"); the order is {@code
 *       ilog2(size) - PAGE_SHIFT} up to 6.0 and {@code get_order(size)} from 6.1 (Isaac Manjarres'
 *       fix: the 5.10.223 source prints ilog2, the 6.1, 6.12 and 7.2 sources get_order, and the
 *       6.1 and 6.12 allnoconfig boots print a 192-byte futex table as order 0; the release in
 *       5.11..6.1 that took it is not pinned). Both agree whenever the table is a power of two of
 *       at least a page, the common case.
 * </ul>
 */
final class LargeSystemHash {
  /** {@code MAX_ORDER}: the buddy allocator's largest block is order 10 on ARM and x86-32. */
  static final int MAX_ORDER = 11;

  private LargeSystemHash() {}

  /**
   * One call of {@code alloc_large_system_hash()}.
   *
   * @param name {@code tablename}
   * @param bucketSize {@code bucketsize} in bytes
   * @param numentries the size asked for, 0 to size it from memory
   * @param scale one bucket per {@code 2^scale} bytes
   * @param early {@code HASH_EARLY}: allocated from memblock/bootmem before the buddy allocator
   * @param small {@code HASH_SMALL}: a minimum of {@code 2^smallShift} buckets instead of a page
   * @param smallShift the initial {@code *_hash_shift} for {@code HASH_SMALL}
   * @param lowLimit {@code low_limit} (0: none)
   * @param highLimit {@code high_limit} (0: 1/16 of memory)
   */
  record Request(
      String name, long bucketSize, long numentries, int scale, boolean early, boolean small,
      int smallShift, long lowLimit, long highLimit) {
    Request {
      if (bucketSize <= 0) {
        throw new IllegalArgumentException("bucket size of " + name + " must be positive");
      }
    }

    static Request of(String name, long bucketSize, long numentries, int scale, long lowLimit, long highLimit) {
      return new Request(name, bucketSize, numentries, scale, false, false, 0, lowLimit, highLimit);
    }

    Request hashEarly() {
      return new Request(name, bucketSize, numentries, scale, true, small, smallShift, lowLimit, highLimit);
    }

    Request hashSmall(int shift) {
      return new Request(name, bucketSize, numentries, scale, early, true, shift, lowLimit, highLimit);
    }
  }

  /** The table {@code r} gets with {@code nrKernelPages} and {@code nrAllPages} on release {@code v}. */
  static HashTable alloc(Request r, long nrKernelPages, long nrAllPages, KernelVersion v) {
    long numentries = r.numentries();
    if (numentries == 0) {
      long mbPages = 1L << (20 - Addresses.PAGE_SHIFT);
      numentries = (nrKernelPages + mbPages - 1) / mbPages * mbPages;
      if (r.scale() > Addresses.PAGE_SHIFT) {
        numentries >>= r.scale() - Addresses.PAGE_SHIFT;
      } else {
        numentries <<= Addresses.PAGE_SHIFT - r.scale();
      }
      boolean minimum = v.atLeast(2, 6, 32);
      if (minimum && r.small()) {
        if ((numentries >> r.smallShift()) == 0) {
          numentries = 1L << r.smallShift();
        }
      } else if (minimum && numentries * r.bucketSize() < Addresses.PAGE_SIZE) {
        numentries = Addresses.PAGE_SIZE / r.bucketSize();
      }
    }
    numentries = roundupPowOfTwo(numentries);
    long max = r.highLimit();
    if (max == 0) {
      max = ((nrAllPages << Addresses.PAGE_SHIFT) >> 4) / r.bucketSize();
    }
    max = Math.min(max, 0x80000000L);
    if (numentries < r.lowLimit()) {
      numentries = r.lowLimit();
    }
    if (numentries > max) {
      numentries = max;
    }
    // A machine with less than 16 pages of memory caps the table at 0 entries, where the kernel's
    // ilog2(0) is undefined (such a kernel does not get this far): one entry, not a crash.
    numentries = Math.max(numentries, 1);
    int log2qty = ilog2(numentries);
    boolean vmalloc = false;
    long size = r.bucketSize() << log2qty;
    if (!r.early() && getOrder(size) >= MAX_ORDER) {
      if (v.atLeast(5, 3)) {
        vmalloc = true;
      } else {
        while (getOrder(size) >= MAX_ORDER && size > Addresses.PAGE_SIZE && log2qty > 0) {
          log2qty--;
          size = r.bucketSize() << log2qty;
        }
      }
    }
    int order = v.atLeast(6, 1) ? getOrder(size) : ilog2(size) - Addresses.PAGE_SHIFT;
    String line = String.format(Locale.ROOT, "%s hash table entries: %d (order: %d, %d bytes", r.name(),
        1L << log2qty, order, size);
    if (v.atLeast(5, 3)) {
      line += vmalloc ? ", vmalloc" : ", linear";
    }
    return new HashTable(r.name(), 1L << log2qty, size, r.early(), line + ")");
  }

  /** {@code roundup_pow_of_two()}. */
  static long roundupPowOfTwo(long n) {
    return n <= 1 ? 1 : Long.highestOneBit(n - 1) << 1;
  }

  /** {@code ilog2()}. */
  static int ilog2(long n) {
    return 63 - Long.numberOfLeadingZeros(n);
  }

  /** {@code get_order()}: the smallest order whose block holds {@code size} bytes. */
  static int getOrder(long size) {
    int order = 0;
    while ((Addresses.PAGE_SIZE << order) < size) {
      order++;
    }
    return order;
  }
}

package org.memmap.benchmarks.support;

import org.memmap.benchmarks.baseline.FaithfulVmap;
import org.memmap.core.vmalloc.VmapAllocator;

/**
 * The VA side of {@code vmalloc()} / {@code vfree()} over either allocator, identical for both:
 * a guard page per area (unless disabled, {@code VM_NO_GUARD}), lazy freeing ({@code
 * free_vmap_area_noflush}: freed areas stay busy on a LIFO purge list until more than {@code
 * lazy_max_pages()} = fls(2 CPUs) * 32 MiB / PAGE_SIZE = 16384 pages are lazy, then {@code
 * __purge_vmap_area_lazy} frees them all, newest first) and purge-and-retry when an allocation
 * fails. No pages, no PTEs (VA-only, as the goals are stated).
 */
public final class LazyVmalloc {
  /** {@code lazy_max_pages()} on 2 CPUs. */
  public static final long LAZY_MAX_PAGES = 16384;
  private static final long PAGE = 4096;

  /** The allocator under test. */
  public interface VaAllocator {
    /** {@code alloc_vmap_area} without purge: the address or -1. */
    long alloc(long size, long align, long vstart, long vend);

    /** {@code __free_vmap_area}. */
    void free(long addr, long size);
  }

  private final VaAllocator va;
  private final long vstart;
  private final long vend;
  private final long guard;
  private long[] purgeAddr = new long[1 << 16];
  private long[] purgeSize = new long[1 << 16];
  private int purgeLen;
  private long lazyPages;

  /** vmalloc over {@code [vstart, vend)}, with guard pages if {@code guard}. */
  public LazyVmalloc(VaAllocator va, long vstart, long vend, boolean guard) {
    this.va = va;
    this.vstart = vstart;
    this.vend = vend;
    this.guard = guard ? PAGE : 0;
  }

  /** The library's allocator ({@code free_vmap_area_root}, 5.2+) over {@code [start, end)}. */
  public static VaAllocator ours(long start, long end) {
    VmapAllocator a = new VmapAllocator(start, end);
    return new VaAllocator() {
      @Override
      public long alloc(long size, long align, long vs, long ve) {
        return a.alloc(size, align, vs, ve);
      }

      @Override
      public void free(long addr, long size) {
        a.free(addr, size);
      }
    };
  }

  /** The faithful pre-5.2 busy-list allocator. */
  public static VaAllocator faithful(FaithfulVmap f) {
    return new VaAllocator() {
      @Override
      public long alloc(long size, long align, long vs, long ve) {
        return f.alloc(size, align, vs, ve);
      }

      @Override
      public void free(long addr, long size) {
        f.free(addr);
      }
    };
  }

  /** {@code vmalloc(bytes)} aligned to {@code align} (a power of two, ≥ PAGE_SIZE): the address. */
  public long vmalloc(long bytes, long align) {
    long size = bytes + guard;
    long a = va.alloc(size, align, vstart, vend);
    if (a < 0) {
      purge();
      a = va.alloc(size, align, vstart, vend);
      if (a < 0) {
        throw new IllegalStateException("vmap allocation for size " + size + " failed");
      }
    }
    return a;
  }

  /** {@code vfree()} of an area of {@code bytes} from {@link #vmalloc}: lazily. */
  public void vfree(long addr, long bytes) {
    long size = bytes + guard;
    if (purgeLen == purgeAddr.length) {
      purgeAddr = java.util.Arrays.copyOf(purgeAddr, purgeLen * 2);
      purgeSize = java.util.Arrays.copyOf(purgeSize, purgeLen * 2);
    }
    purgeAddr[purgeLen] = addr;
    purgeSize[purgeLen++] = size;
    lazyPages += size / PAGE;
    if (lazyPages > LAZY_MAX_PAGES) {
      purge();
    }
  }

  /** {@code vfree()} right away, without the lazy list (building backgrounds). */
  public void freeNow(long addr, long bytes) {
    va.free(addr, bytes + guard);
  }

  /** {@code __purge_vmap_area_lazy()}: frees every lazy area, newest first. */
  public void purge() {
    while (purgeLen > 0) {
      purgeLen--;
      va.free(purgeAddr[purgeLen], purgeSize[purgeLen]);
    }
    lazyPages = 0;
  }
}

package org.memmap.benchmarks.baseline;

import java.util.Map;
import java.util.TreeMap;

/**
 * The baseline for the vmalloc goals: a line-by-line port of the pre-5.2 {@code
 * alloc_vmap_area()} / {@code __free_vmap_area()} of {@code mm/vmalloc.c} (4.19): busy areas in
 * an rbtree ({@code vmap_area_root}, here a {@link TreeMap} keyed by {@code va_start}) and an
 * address-sorted list ({@code vmap_area_list}), the {@code free_vmap_cache} / {@code
 * cached_hole_size} / {@code cached_vstart} / {@code cached_align} heuristics, and when they miss
 * a tree descent to the first area ending at or above {@code vstart} followed by the linear list
 * walk until a hole fits. Single-threaded here ({@code vmap_area_lock} uncontended). VA-only:
 * no pages, no page tables. Written from the kernel source, not by calling the library.
 *
 * <p>{@link #visited} counts list nodes stepped over, to check the kernel-measured O(N)
 * degeneration in {@code long_busy_list}.
 */
public final class FaithfulVmap {
  /** {@code struct vmap_area} with its {@code list} links. */
  static final class VmapArea {
    long vaStart;
    long vaEnd;
    VmapArea prev;
    VmapArea next;
  }

  private final TreeMap<Long, VmapArea> vmapAreaRoot = new TreeMap<>();
  /** {@code vmap_area_list} head and tail (null when empty). */
  private VmapArea listHead;
  private VmapArea listTail;

  private VmapArea freeVmapCache;
  private long cachedHoleSize;
  private long cachedVstart;
  private long cachedAlign;

  /** List nodes the allocation walks stepped over since creation. */
  public long visited;

  /**
   * {@code alloc_vmap_area(size, align, vstart, vend)} without the purge-and-retry (the caller
   * purges and retries).
   *
   * @return {@code va_start}, or -1 on overflow (nothing fits)
   */
  public long alloc(long size, long align, long vstart, long vend) {
    VmapArea first;
    long addr;
    // Invalidate cache if we have more permissive parameters.
    boolean nocache = freeVmapCache == null || size < cachedHoleSize || vstart < cachedVstart
        || align < cachedAlign;
    for (;;) {
      if (nocache) {
        cachedHoleSize = 0;
        freeVmapCache = null;
      }
      // record if we encounter less permissive parameters
      cachedVstart = vstart;
      cachedAlign = align;
      // find starting point for our search
      if (freeVmapCache != null) {
        first = freeVmapCache;
        addr = alignUp(first.vaEnd, align);
        if (addr < vstart) {
          nocache = true;
          continue; // goto nocache
        }
        if (addr + size < addr) {
          return -1;
        }
      } else {
        addr = alignUp(vstart, align);
        if (addr + size < addr) {
          return -1;
        }
        // The rbtree descent: the lowest area with va_end >= addr, preferring one containing
        // addr. Areas do not overlap, so that is the area at floor(addr) if it ends at or above
        // addr, else the next one.
        Map.Entry<Long, VmapArea> e = vmapAreaRoot.floorEntry(addr);
        first = e != null && e.getValue().vaEnd >= addr ? e.getValue() : null;
        if (first == null) {
          Map.Entry<Long, VmapArea> h = vmapAreaRoot.higherEntry(addr);
          first = h == null ? null : h.getValue();
        }
        if (first == null) {
          return found(addr, size, vstart, vend);
        }
      }
      break;
    }
    // from the starting point, walk areas until a suitable hole is found
    while (addr + size > first.vaStart && addr + size <= vend) {
      visited++;
      if (addr + cachedHoleSize < first.vaStart) {
        cachedHoleSize = first.vaStart - addr;
      }
      addr = alignUp(first.vaEnd, align);
      if (addr + size < addr) {
        return -1;
      }
      if (first.next == null) { // list_is_last
        break;
      }
      first = first.next;
    }
    return found(addr, size, vstart, vend);
  }

  private long found(long addr, long size, long vstart, long vend) {
    if (addr + size > vend || addr < vstart) {
      return -1;
    }
    VmapArea va = new VmapArea(); // kmalloc_node(sizeof(struct vmap_area))
    va.vaStart = addr;
    va.vaEnd = addr + size;
    insertVmapArea(va);
    freeVmapCache = va;
    return addr;
  }

  /** {@code __insert_vmap_area()}: into the rbtree, and into the list after its tree predecessor. */
  private void insertVmapArea(VmapArea va) {
    Map.Entry<Long, VmapArea> p = vmapAreaRoot.lowerEntry(va.vaStart);
    if (vmapAreaRoot.put(va.vaStart, va) != null) {
      throw new IllegalStateException("BUG(): vmap area at " + Long.toHexString(va.vaStart) + " exists");
    }
    VmapArea prev = p == null ? null : p.getValue();
    VmapArea next = prev == null ? listHead : prev.next;
    va.prev = prev;
    va.next = next;
    if (prev == null) {
      listHead = va;
    } else {
      prev.next = va;
    }
    if (next == null) {
      listTail = va;
    } else {
      next.prev = va;
    }
  }

  /** {@code __free_vmap_area()} of the area starting at {@code vaStart}. */
  public void free(long vaStart) {
    VmapArea va = vmapAreaRoot.get(vaStart);
    if (va == null) {
      throw new IllegalStateException("BUG_ON(RB_EMPTY_NODE(&va->rb_node))");
    }
    if (freeVmapCache != null) {
      if (va.vaEnd < cachedVstart) {
        freeVmapCache = null;
      } else if (va.vaStart <= freeVmapCache.vaStart) {
        freeVmapCache = va.prev; // rb_prev(&va->rb_node)
        // We don't try to update cached_hole_size or cached_align, but it won't go very wrong.
      }
    }
    vmapAreaRoot.remove(vaStart); // rb_erase
    if (va.prev == null) { // list_del_rcu
      listHead = va.next;
    } else {
      va.prev.next = va.next;
    }
    if (va.next == null) {
      listTail = va.prev;
    } else {
      va.next.prev = va.prev;
    }
  }

  /** Busy areas. */
  public int size() {
    return vmapAreaRoot.size();
  }

  private static long alignUp(long x, long align) {
    return (x + align - 1) & -align;
  }
}

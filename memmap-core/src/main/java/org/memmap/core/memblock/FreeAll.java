package org.memmap.core.memblock;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.memmap.api.Addresses;

/**
 * {@code memblock_free_all()} ({@code free_low_memory_core_early()} and {@code
 * __free_memory_core()} of {@code mm/memblock.c}) and, for highmem, ARM's {@code free_highpages()}
 * and x86's {@code add_highpages_with_active_regions()}: every range of {@code memblock.memory}
 * that no region of {@code memblock.reserved} covers is freed from {@code PFN_UP(start)} to
 * {@code PFN_DOWN(end)}. A page that a reservation touches at all is therefore never freed, and
 * {@code physpages - freed} is what {@code mem_init_print_info()} calls reserved (with the CMA
 * areas, which stay reserved until {@code cma_init_reserved_areas()}, counted apart from 3.19).
 */
public final class FreeAll {
  private FreeAll() {}

  /** The pages {@code memblock_free_all()} hands to the buddy allocator. */
  public static long freedPages(List<MemblockRegion> memory, List<MemblockRegion> reserved) {
    List<MemblockRegion> res = new ArrayList<>(reserved);
    res.sort(Comparator.comparingLong(MemblockRegion::base));
    long freed = 0;
    for (MemblockRegion m : memory) {
      long cursor = m.base();
      for (MemblockRegion r : res) {
        if (r.end() <= cursor || r.base() >= m.end()) {
          continue;
        }
        if (r.base() > cursor) {
          freed += pages(cursor, r.base());
        }
        cursor = Math.max(cursor, r.end());
      }
      if (cursor < m.end()) {
        freed += pages(cursor, m.end());
      }
    }
    return freed;
  }

  /**
   * The pages of {@code memory} that stay reserved: the present pages ({@code PFN_DOWN(end) -
   * PFN_UP(base)} of each memory region) less the freed ones.
   */
  public static long reservedPages(List<MemblockRegion> memory, List<MemblockRegion> reserved) {
    long present = memory.stream().mapToLong(m -> pages(m.base(), m.end())).sum();
    return present - freedPages(memory, reserved);
  }

  /** {@code PFN_DOWN(end) - PFN_UP(start)}, or 0. */
  private static long pages(long start, long end) {
    return Math.max(0, Addresses.pfnDown(end) - Addresses.pfnUp(start));
  }
}

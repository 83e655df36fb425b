package org.memmap.core.pagealloc;

import java.util.ArrayList;
import java.util.List;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.api.Zone;
import org.memmap.api.ZoneType;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.ZoneRules;

/**
 * Zone sizing at boot, mirroring {@code free_area_init()} / {@code free_area_init_core()} and
 * {@code calc_memmap_size()} of {@code mm/page_alloc.c} (later {@code mm/mm_init.c}), and {@code
 * build_all_zonelists()}'s {@code vm_total_pages}.
 */
public final class PageAlloc {
  /** The first pfn at 4 GiB ({@code SZ_4G >> PAGE_SHIFT}). */
  private static final long FOUR_GIB_PFN = 1L << (32 - Addresses.PAGE_SHIFT);

  private PageAlloc() {}

  /** Computes the zones and page counts of {@code d}. */
  public static MemoryLayout assemble(Machine machine, ArchDescription d) {
    KernelVersion v = d.kernel();
    ZoneRules rules = d.zoneRules();
    List<long[]> pfnRanges = new ArrayList<>();
    for (RamRange r : d.memory()) {
      long start = Addresses.pfnUp(r.base());
      long end = Addresses.pfnDown(r.end());
      if (end > start) {
        pfnRanges.add(new long[] {start, end});
      }
    }
    if (pfnRanges.isEmpty()) {
      throw new InputException(InputException.Input.RAM, "RAM " + d.memory()
          + ": holds no whole page-aligned 4 KiB page; the kernel would have no memory to run in");
    }
    long nodeStart = pfnRanges.get(0)[0];
    long nodeEnd = pfnRanges.get(pfnRanges.size() - 1)[1];
    long maxLow = Math.min(Addresses.pfnDown(d.lowmemLimit()), nodeEnd);

    List<Zone> zones = new ArrayList<>();
    long lowBound = nodeStart;
    if (rules.dmaLimit() > 0) {
      long dmaEnd = Math.max(nodeStart, Math.min(Addresses.pfnDown(rules.dmaLimit()), maxLow));
      zones.add(zone(ZoneType.DMA, lowBound, dmaEnd, pfnRanges, v, rules, true));
      lowBound = dmaEnd;
    }
    zones.add(zone(ZoneType.NORMAL, lowBound, maxLow, pfnRanges, v, rules, zones.isEmpty()));
    if (rules.highmem()) {
      zones.add(zone(ZoneType.HIGHMEM, maxLow, Math.max(maxLow, nodeEnd), pfnRanges, v, rules, false));
    }

    long totalPages = zones.stream().mapToLong(Zone::managedPages).sum();
    long physPages = zones.stream().mapToLong(Zone::presentPages).sum();
    long highPresent =
        zones.stream().filter(z -> z.type() == ZoneType.HIGHMEM).mapToLong(Zone::presentPages).sum();
    long cmaHigh = 0;
    for (RamRange c : machine.cma()) {
      long s = Math.max(Addresses.pfnUp(c.base()), maxLow);
      long e = Addresses.pfnDown(c.end());
      cmaHigh += Math.max(0, e - s);
    }
    long leaked = cmaLeakedHighPages(machine, v, maxLow, nodeEnd, highPresent);
    return new MemoryLayout(machine, d, zones, totalPages, physPages,
        highPresent - cmaHigh - leaked, highPresent - leaked, d.warnings());
  }

  /**
   * Highmem pages that {@code cma_declare_contiguous_nid()} reserved and lost from 5.11 ("mm:
   * cma: allocate cma areas bottom-up") until 6.3 ("mm/cma: fix potential memory loss on
   * cma_declare_contiguous_nid"): with a 64-bit {@code phys_addr_t} and memory ending at or above
   * {@code 4G + size}, the area is first allocated in highmem, then that address is overwritten
   * by the failed bottom-up try above 4 GiB, and the area is allocated again in lowmem. The
   * highmem block stays reserved: it is missing from {@code Memory: ... highmem} and {@code
   * HighTotal} (Debian 6.1 armmp-lpae at 4 and 8 GiB: 16 MiB below the present highmem). An area
   * the log places in lowmem while highmem exists below 4 GiB is such a case.
   */
  static long cmaLeakedHighPages(Machine machine, KernelVersion v, long maxLowPfn, long endPfn, long highPresent) {
    if (!v.atLeast(5, 11) || v.atLeast(6, 3) || highPresent == 0 || maxLowPfn >= FOUR_GIB_PFN) {
      return 0;
    }
    long leaked = 0;
    for (RamRange c : machine.cma()) {
      long pages = c.size() >> Addresses.PAGE_SHIFT;
      if (Addresses.pfnDown(c.end()) <= maxLowPfn && endPfn >= FOUR_GIB_PFN + pages) {
        leaked += pages;
      }
    }
    return leaked;
  }

  private static Zone zone(
      ZoneType type, long start, long end, List<long[]> ranges, KernelVersion v, ZoneRules rules,
      boolean first) {
    if (end <= start) {
      return new Zone(type, start, start, 0, 0, 0);
    }
    long present = 0;
    for (long[] r : ranges) {
      present += Math.max(0, Math.min(end, r[1]) - Math.max(start, r[0]));
    }
    long spanned = end - start;
    long memmap = memmapPages(spanned, present, v, rules);
    long managed;
    if (presentIsManagedAtBoot(v)) {
      // 6.10 dropped the early estimate: free_area_init_core() sets managed_pages to
      // present_pages until memblock_free_all() counts the real figure.
      managed = present;
    } else if (type == ZoneType.HIGHMEM && newManagedRule(v)) {
      // Since the managed_pages series, highmem's memmap (allocated from lowmem) is not charged
      // to the highmem zone.
      managed = present;
    } else {
      managed = present >= memmap ? present - memmap : present;
    }
    return new Zone(type, start, end, present, memmap, managed);
  }

  /**
   * {@code calc_memmap_size()}: pages of {@code struct page} for a zone. 2.6.22 truncated
   * ({@code size * sizeof(struct page) >> PAGE_SHIFT}: it prints 2239 for 2239.875); {@code
   * PAGE_ALIGN} rounding came with Johannes Weiner's 2008 patch, taken here as 2.6.27.
   */
  static long memmapPages(long spanned, long present, KernelVersion v, ZoneRules rules) {
    long pages = spanned;
    long bytes = pages * rules.structPageSize();
    return roundsUp(v) ? (bytes + Addresses.PAGE_SIZE - 1) >> Addresses.PAGE_SHIFT : bytes >> Addresses.PAGE_SHIFT;
  }

  static boolean roundsUp(KernelVersion v) {
    return v.atLeast(2, 6, 27);
  }

  /**
   * Whether {@code free_area_init_core()} starts every zone with {@code managed_pages =
   * present_pages} (Baoquan He, "mm/mm_init.c: remove meaningless calculation of
   * zone->managed_pages in free_area_init_core()", merged for 6.10): {@code Total pages} then
   * counts present pages (Debian 6.12 armmp 1 GiB prints 262144).
   */
  static boolean presentIsManagedAtBoot(KernelVersion v) {
    return v.atLeast(6, 10);
  }

  /**
   * Whether the boot-time estimate follows Jiang Liu's {@code managed_pages} series (3.9): the
   * highmem zone is not charged its memmap, and the per-zone debug line prints present pages.
   */
  static boolean newManagedRule(KernelVersion v) {
    return v.atLeast(3, 9);
  }
}

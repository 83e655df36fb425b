package org.memmap.api;

import java.util.Locale;

/**
 * One zone of the node as {@code free_area_init} sizes it. An empty zone has {@code startPfn ==
 * endPfn}.
 *
 * @param type which zone
 * @param startPfn the first pfn ({@code zone_start_pfn})
 * @param endPfn the exclusive end pfn
 * @param presentPages pages of RAM inside the span ({@code present_pages}, holes excluded)
 * @param memmapPages pages of {@code struct page} array charged to this zone
 * @param managedPages the boot-time estimate of pages the buddy allocator will manage
 */
public record Zone(
    ZoneType type, long startPfn, long endPfn, long presentPages, long memmapPages, long managedPages) {

  /** Checks the counts. */
  public Zone {
    if (endPfn < startPfn || presentPages < 0 || presentPages > endPfn - startPfn) {
      throw new IllegalArgumentException(
          "zone " + type + ": inconsistent span " + startPfn + ".." + endPfn + " present " + presentPages);
    }
  }

  /** {@code spanned_pages}: the span including holes. */
  public long spannedPages() {
    return endPfn - startPfn;
  }

  /** Whether the zone spans nothing. */
  public boolean isEmpty() {
    return endPfn == startPfn;
  }

  /** The physical start address. */
  public long start() {
    return Addresses.pfnToPhys(startPfn);
  }

  /** The exclusive physical end address. */
  public long end() {
    return Addresses.pfnToPhys(endPfn);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s pfn %#x-%#x present %d memmap %d managed %d",
        type.kernelName(),
        startPfn,
        endPfn,
        presentPages,
        memmapPages,
        managedPages);
  }
}

package org.memmap.core.mm;

/**
 * The buddy allocator as the simulation needs it: single pages from the modelled zones.
 * Implementations are thread-safe.
 */
public interface PageAllocator {
  /**
   * {@code alloc_page(gfp)}: a free page; from ZONE_HIGHMEM first when {@code highmem} is allowed
   * ({@code __GFP_HIGHMEM}) and the machine has one, else from lowmem.
   *
   * @return the pfn
   * @throws org.memmap.api.MemmapException if no page is free
   */
  long allocPage(boolean highmem);

  /** {@code __free_page()}. */
  void freePage(long pfn);
}

package org.memmap.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * An architecture's own boot-time reservations, as its {@code *_memblock_init()} and {@code
 * paging_init()} make them: which symbol starts the image reservation, and the fixed-size blocks
 * (page directory, vectors, zero page, page tables) it reserves or allocates from memblock. Core
 * adds the generic ones ({@code struct page} arrays, percpu, early hash tables, initrd, device
 * tree, CMA).
 *
 * @param described whether the arch's reservations are described at all
 * @param imageStart the symbol whose physical address starts the image reservation ({@code
 *     KERNEL_START}: ARM's {@code _stext})
 * @param imageEnd the symbol that ends it ({@code _end})
 * @param fixed the fixed-size reservations, each a whole number of pages
 * @param swiotlbDmaLimit the last DMA-able physical byte ({@code arm_dma_limit}): the kernel sets
 *     up its default 64 MiB swiotlb bounce buffer ({@code swiotlb_init()} from {@code mem_init()})
 *     when {@code max_pfn} lies above {@code swiotlbDmaLimit >> PAGE_SHIFT}; 0 when it never does
 */
public record MemblockRules(
    boolean described, String imageStart, String imageEnd, List<Fixed> fixed, long swiotlbDmaLimit) {
  /** Reservations not described: the {@code Memory:} line's reserved cannot be computed. */
  public static final MemblockRules NONE = new MemblockRules(false, "", "", List.of(), 0);

  /** Copies the list. */
  public MemblockRules {
    Objects.requireNonNull(imageStart, "imageStart");
    Objects.requireNonNull(imageEnd, "imageEnd");
    fixed = List.copyOf(fixed);
  }

  /**
   * One fixed-size reservation.
   *
   * @param name the kernel's name for it ({@code swapper_pg_dir})
   * @param sizeBytes its size, a multiple of the page size
   * @param source where the size comes from (function and file)
   */
  public record Fixed(String name, long sizeBytes, String source) {
    /** Checks the size. */
    public Fixed {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(source, "source");
      if (sizeBytes <= 0 || sizeBytes % 4096 != 0) {
        throw new IllegalArgumentException("reservation " + name + ": size " + sizeBytes + " must be whole pages");
      }
    }
  }
}

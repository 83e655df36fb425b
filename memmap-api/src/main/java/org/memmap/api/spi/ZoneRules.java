package org.memmap.api.spi;

/**
 * How the architecture cuts physical memory into zones ({@code zone_sizes_init} / {@code
 * find_limits}).
 *
 * @param dmaLimit the exclusive physical end of {@code ZONE_DMA}, or 0 when the kernel has no DMA
 *     zone; a limit above the end of lowmem means all lowmem is DMA and Normal is empty
 * @param highmem whether {@code CONFIG_HIGHMEM} is set (memory above the lowmem limit is
 *     HighMem; without it the plugin has already dropped that memory)
 * @param structPageSize {@code sizeof(struct page)} in bytes for this configuration
 */
public record ZoneRules(long dmaLimit, boolean highmem, int structPageSize) {
  /** Checks the values. */
  public ZoneRules {
    if (dmaLimit < 0 || structPageSize < 16 || structPageSize > 128) {
      throw new IllegalArgumentException(
          "zone rules: dmaLimit must be >= 0 and struct page 16..128 bytes, got "
              + dmaLimit + ", " + structPageSize);
    }
  }
}

package org.memmap.api.spi;

import java.util.List;
import org.memmap.api.RamRange;

/**
 * How the architecture cuts physical memory into zones ({@code zone_sizes_init} / {@code
 * find_limits}).
 *
 * @param dmaLimit the exclusive physical end of {@code ZONE_DMA}, or 0 when the kernel has no DMA
 *     zone; a limit above the end of lowmem means all lowmem is DMA and Normal is empty
 * @param highmem whether {@code CONFIG_HIGHMEM} is set (memory above the lowmem limit is
 *     HighMem; without it the plugin has already dropped that memory)
 * @param structPageSize {@code sizeof(struct page)} in bytes for this configuration
 * @param nodeMemory the node's memory as {@code free_area_init()} prints it under {@code Early
 *     memory node ranges} (memblock), when that differs from the description's {@code memory}:
 *     x86-32 sizes its zones up to {@code max_pfn} but keeps RAM above it ({@code highmem=}, no
 *     HIGHMEM, the 4 GiB limit) in memblock. Empty: the same as {@code memory}.
 */
public record ZoneRules(long dmaLimit, boolean highmem, int structPageSize, List<RamRange> nodeMemory) {
  /** Checks the values and copies the list. */
  public ZoneRules {
    if (dmaLimit < 0 || structPageSize < 16 || structPageSize > 128) {
      throw new IllegalArgumentException(
          "zone rules: dmaLimit must be >= 0 and struct page 16..128 bytes, got "
              + dmaLimit + ", " + structPageSize);
    }
    nodeMemory = List.copyOf(nodeMemory);
  }

  /** Rules whose node memory is the description's {@code memory}. */
  public ZoneRules(long dmaLimit, boolean highmem, int structPageSize) {
    this(dmaLimit, highmem, structPageSize, List.of());
  }
}

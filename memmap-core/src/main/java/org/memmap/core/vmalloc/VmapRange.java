package org.memmap.core.vmalloc;

import org.memmap.api.Addresses;

/**
 * A range of vmalloc address space, {@code [start, end)}: a free block of the allocator or an area
 * freed lazily and not yet purged.
 *
 * @param start the first address
 * @param end the exclusive end
 */
public record VmapRange(long start, long end) {
  /** Checks {@code start <= end}. */
  public VmapRange {
    if (start > end) {
      throw new IllegalArgumentException("range " + Addresses.hex(start) + "-" + Addresses.hex(end)
          + ": start must not lie above end");
    }
  }

  /** {@code end - start}. */
  public long size() {
    return end - start;
  }

  @Override
  public String toString() {
    return Addresses.hex(start) + "-" + Addresses.hex(end);
  }
}

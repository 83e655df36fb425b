package org.memmap.core.memblock;

import com.google.common.base.Preconditions;
import java.util.Locale;

/**
 * One region of a memblock list ({@code struct memblock_region}): {@code [base, base + size)} in
 * physical memory, up to 2^40 (LPAE and PAE).
 *
 * @param base the first byte
 * @param size the length in bytes, positive
 */
public record MemblockRegion(long base, long size) {
  /** Checks the bounds. */
  public MemblockRegion {
    Preconditions.checkArgument(base >= 0 && size > 0 && base + size <= 1L << 40,
        "memblock region (base 0x%s, size 0x%s) must lie in [0, 2^40) and not be empty",
        Long.toHexString(base), Long.toHexString(size));
  }

  /** The region from {@code first} to {@code last}, both inclusive, as debugfs prints it. */
  public static MemblockRegion inclusive(long first, long last) {
    return new MemblockRegion(first, last - first + 1);
  }

  /** The first byte past the region. */
  public long end() {
    return base + size;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "[%#010x-%#010x]", base, end() - 1);
  }
}

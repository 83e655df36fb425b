package org.memmap.api;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Locale;

/**
 * A named virtual region {@code [start, end)}, e.g. {@code vmalloc} or {@code .text}.
 *
 * @param name the name the kernel's banner prints ({@code vector}, {@code fixmap}, {@code
 *     lowmem}, {@code .bss}, ...)
 * @param kind what the region is for
 * @param start the first address
 * @param end the exclusive end, at most 2^32
 */
public record Region(String name, RegionKind kind, long start, long end) {
  /** Checks that the region is well formed and inside 4 GiB. */
  public Region {
    checkArgument(name != null && !name.isBlank(), "region name must not be blank");
    checkArgument(kind != null, "region %s: kind must not be null", name);
    if (start < 0 || start > end || end > Addresses.ADDRESS_LIMIT) {
      // formatted only on failure: layouts build many regions
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "region %s [%s, %s) must satisfy 0 <= start <= end <= 2^32",
          name, Addresses.hex(start), Addresses.hex(end)));
    }
  }

  /** {@code end - start}. */
  public long size() {
    return end - start;
  }

  /** Whether {@code vaddr} lies inside. */
  public boolean contains(long vaddr) {
    return vaddr >= start && vaddr < end;
  }

  /** Whether the two regions share an address. */
  public boolean overlaps(Region o) {
    return start < o.end && o.start < end;
  }

  @Override
  public String toString() {
    return name + " " + Addresses.hex(start) + "-" + Addresses.hex(end);
  }
}

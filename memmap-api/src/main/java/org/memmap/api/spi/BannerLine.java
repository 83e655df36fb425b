package org.memmap.api.spi;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * One line of the "Virtual kernel memory layout" banner.
 *
 * @param label what stands before the colon, spaces included: {@code "    vector  "}, {@code
 *     "  cpu_entry "}, {@code "       .bss "}
 * @param region the name of the region it prints
 * @param unit how the size is printed
 * @param hashedAddress whether this kernel printed the addresses with {@code %p}, i.e. {@code
 *     0x(ptrval)}
 */
public record BannerLine(String label, String region, SizeUnit unit, boolean hashedAddress) {
  /** Checks the fields. */
  public BannerLine {
    checkArgument(label != null && !label.isBlank(), "banner label must not be blank");
    checkArgument(region != null && !region.isBlank(), "banner line %s: region required", label);
    checkArgument(unit != null, "banner line %s: unit required", label);
  }
}

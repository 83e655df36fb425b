package org.memmap.api.spi;

import java.util.List;

/**
 * The hardware page-table format the kernel uses: levels from the top, and whether the top-level
 * or second-level entries can map a large block (section, PSE page) directly.
 *
 * @param name e.g. {@code arm-short}, {@code arm-lpae}, {@code x86-2level}, {@code x86-pae}
 * @param levels the levels, top first
 * @param largePageShift the shift of the largest block the kernel maps lowmem with (20 for ARM
 *     1 MiB sections, 21 for 2 MiB blocks and PAE pages, 22 for x86 4 MiB PSE pages)
 * @param physBits how many physical address bits the format can express (32, 36 or 40)
 */
public record PageTableFormat(String name, List<PageTableLevel> levels, int largePageShift, int physBits) {
  /** Copies the list. */
  public PageTableFormat {
    levels = List.copyOf(levels);
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("page-table format " + name + " has no levels");
    }
  }
}

package org.memmap.api.spi;

import java.util.List;

/**
 * The page-table format the kernel uses: the Linux view's levels from the top, the largest block
 * lowmem is mapped with, and the hardware view with its entry encodings.
 *
 * @param name e.g. {@code arm-short}, {@code arm-lpae}, {@code x86-2level}, {@code x86-pae}
 * @param levels the Linux view's levels ({@code PTRS_PER_PGD} ...), top first
 * @param largePageShift the shift of the largest block the kernel maps lowmem with (20 for ARM
 *     1 MiB sections, 21 for 2 MiB blocks and PAE pages, 22 for x86 4 MiB PSE pages); 0 when the
 *     kernel maps no lowmem blocks (MIPS32: lowmem lies in the unmapped KSEG0, see {@link
 *     HardwareFormat#unmapped()})
 * @param physBits how many physical address bits the format can express (32, 36 or 40)
 * @param hardware the levels as the MMU walks them and the entry encodings
 */
public record PageTableFormat(
    String name, List<PageTableLevel> levels, int largePageShift, int physBits, HardwareFormat hardware) {
  /**
   * Copies the list and checks that some hardware level maps blocks of {@code largePageShift}
   * (unless it is 0).
   */
  public PageTableFormat {
    levels = List.copyOf(levels);
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("page-table format " + name + " has no levels");
    }
    java.util.Objects.requireNonNull(hardware, "hardware");
    if (largePageShift != 0 && hardware.levels().stream().noneMatch(l -> l.shift() == largePageShift)) {
      throw new IllegalArgumentException("page-table format " + name + ": no hardware level of shift "
          + largePageShift + " for lowmem blocks");
    }
  }

  /** A format whose hardware view is {@link HardwareFormat#generic} (for synthetic architectures). */
  public PageTableFormat(String name, List<PageTableLevel> levels, int largePageShift, int physBits) {
    this(name, levels, largePageShift, physBits, HardwareFormat.generic(levels, largePageShift, physBits));
  }
}

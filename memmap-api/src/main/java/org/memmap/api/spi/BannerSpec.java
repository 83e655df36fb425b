package org.memmap.api.spi;

import java.util.List;

/**
 * The boot banner of a release: its header and lines, in the order the kernel prints them.
 *
 * @param printed whether this release prints the banner at all (ARM stopped in 5.1, x86 in 5.7);
 *     when not, {@code header} and {@code lines} are the last format printed
 * @param header the header line, e.g. {@code "Virtual kernel memory layout:"}
 * @param lines the lines
 */
public record BannerSpec(boolean printed, String header, List<BannerLine> lines) {
  /** Copies the list. */
  public BannerSpec {
    lines = List.copyOf(lines);
  }
}

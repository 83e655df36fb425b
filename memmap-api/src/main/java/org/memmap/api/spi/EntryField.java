package org.memmap.api.spi;

/**
 * A named bit field of a descriptor, for decoding: {@code (entry >>> shift) & ((1 << width) - 1)}.
 *
 * @param name the architecture manual's or kernel header's name ({@code AP}, {@code XN}, {@code
 *     domain}, {@code RW}, {@code NX} ...)
 * @param shift the lowest bit
 * @param width the number of bits, 1 to 63
 */
public record EntryField(String name, int shift, int width) {
  /** Checks the bit range. */
  public EntryField {
    if (shift < 0 || width < 1 || shift + width > 64) {
      throw new IllegalArgumentException("entry field " + name + " bits " + shift + "+" + width + " out of range");
    }
  }

  /** The field's value in {@code entry}. */
  public long get(long entry) {
    return width == 64 ? entry : (entry >>> shift) & ((1L << width) - 1);
  }
}

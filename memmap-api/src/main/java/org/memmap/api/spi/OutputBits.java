package org.memmap.api.spi;

/**
 * Part of the output address a descriptor holds: {@code width} bits at {@code entryShift} of the
 * entry give the physical address bits starting at {@code physShift}. Most descriptors have one
 * part (bits 31:12 of an x86 PTE are address bits 31:12); some split the address (an ARM
 * supersection carries PA[39:36] in bits 8:5 and PA[35:32] in bits 23:20; an x86 PSE-36 page
 * carries PA[39:32] in bits 20:13).
 *
 * @param entryShift where the bits sit in the entry
 * @param width how many bits
 * @param physShift where they go in the physical address
 */
public record OutputBits(int entryShift, int width, int physShift) {
  /** Checks the bit ranges. */
  public OutputBits {
    if (entryShift < 0 || width < 1 || entryShift + width > 64 || physShift < 0 || physShift + width > 52) {
      throw new IllegalArgumentException("address bits " + entryShift + "+" + width + " -> " + physShift + " out of range");
    }
  }

  /** These bits of the address, extracted from {@code entry}. */
  public long extract(long entry) {
    return ((entry >>> entryShift) & ((1L << width) - 1)) << physShift;
  }

  /** {@code paddr}'s bits placed in an entry. */
  public long insert(long paddr) {
    return ((paddr >>> physShift) & ((1L << width) - 1)) << entryShift;
  }
}

package org.memmap.api.spi;

import org.memmap.api.Addresses;

/**
 * The permanent-kmap window ({@code asm/highmem.h}).
 *
 * @param pkmapBase {@code PKMAP_BASE}
 * @param lastPkmap {@code LAST_PKMAP}, the number of slots
 */
public record PkmapSpec(long pkmapBase, int lastPkmap) {
  /** Checks the values. */
  public PkmapSpec {
    if (lastPkmap <= 0 || Integer.bitCount(lastPkmap) != 1) {
      throw new IllegalArgumentException("LAST_PKMAP (" + lastPkmap + ") must be a power of two");
    }
  }

  /** {@code PKMAP_ADDR(nr)}. */
  public long pkmapAddr(int nr) {
    return pkmapBase + ((long) nr << Addresses.PAGE_SHIFT);
  }

  /** {@code PKMAP_NR(vaddr)}. */
  public int pkmapNr(long vaddr) {
    return (int) ((vaddr - pkmapBase) >>> Addresses.PAGE_SHIFT);
  }

  /** The exclusive end of the window. */
  public long pkmapEnd() {
    return pkmapAddr(lastPkmap);
  }

  @Override
  public String toString() {
    return "PkmapSpec[" + Addresses.hex(pkmapBase) + ", " + lastPkmap + " slots]";
  }
}

package org.memmap.api.spi;

import org.memmap.api.Addresses;

/**
 * The permanent-kmap window ({@code asm/highmem.h}).
 *
 * @param pkmapBase {@code PKMAP_BASE}
 * @param lastPkmap {@code LAST_PKMAP}, the number of slots
 * @param kmapHighGet whether the architecture defines {@code ARCH_NEEDS_KMAP_HIGH_GET} (ARM, in
 *     {@code arch/arm/include/asm/highmem.h}): {@code kmap_high_get()} exists and {@code
 *     kmap_atomic} / {@code kmap_local} first reuse an existing pkmap mapping of a highmem page
 */
public record PkmapSpec(long pkmapBase, int lastPkmap, boolean kmapHighGet) {
  /** Checks the values. */
  public PkmapSpec {
    if (lastPkmap <= 0 || Integer.bitCount(lastPkmap) != 1) {
      throw new IllegalArgumentException("LAST_PKMAP (" + lastPkmap + ") must be a power of two");
    }
  }

  /** A window without {@code ARCH_NEEDS_KMAP_HIGH_GET}. */
  public PkmapSpec(long pkmapBase, int lastPkmap) {
    this(pkmapBase, lastPkmap, false);
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
    return "PkmapSpec[" + Addresses.hex(pkmapBase) + ", " + lastPkmap + " slots"
        + (kmapHighGet ? ", kmap_high_get]" : "]");
  }
}

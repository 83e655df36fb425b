package org.memmap.api.spi;

/**
 * One level of a page-table format.
 *
 * @param name the kernel's name: {@code pgd}, {@code pmd}, {@code pte}
 * @param shift the address bit where this level's index starts
 * @param entries the number of entries in one table
 * @param entryBytes the size of one entry
 */
public record PageTableLevel(String name, int shift, int entries, int entryBytes) {
  /** Checks the values. */
  public PageTableLevel {
    if (entries <= 0 || Integer.bitCount(entries) != 1 || shift < 12 || shift > 31
        || (entryBytes != 4 && entryBytes != 8)) {
      throw new IllegalArgumentException("page-table level " + name + " is malformed");
    }
  }

  /** The index of {@code vaddr} in a table of this level. */
  public int index(long vaddr) {
    return (int) ((vaddr >>> shift) & (entries - 1));
  }
}

package org.memmap.core.pgtable;

/** The physical memory page tables live in: little-endian entries of 4 or 8 bytes. */
public interface TableMemory {
  /**
   * Reads the entry of {@code bytes} (4 or 8) at {@code paddr}, zero-extended.
   *
   * @throws org.memmap.api.InputException naming the address if it is not RAM
   */
  long readEntry(long paddr, int bytes);

  /**
   * Writes the entry of {@code bytes} (4 or 8) at {@code paddr}.
   *
   * @throws org.memmap.api.InputException naming the address if it is not RAM
   */
  void writeEntry(long paddr, int bytes, long value);
}

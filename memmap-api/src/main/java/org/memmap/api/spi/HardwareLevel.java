package org.memmap.api.spi;

import java.util.List;

/**
 * One level of the page tables as the MMU walks them, with the descriptor kinds it may hold and
 * the protection bits the kernel puts in the entries it writes there.
 *
 * @param name the kernel's name for the level ({@code pgd}, {@code pmd}, {@code pte})
 * @param shift the address bit where this level's index starts
 * @param entries the number of entries in one hardware table
 * @param entryBytes the size of one entry, 4 or 8
 * @param descriptors the kinds of descriptor, in matching order
 * @param tableProt what the kernel ORs into a descriptor pointing at a next-level table it
 *     allocates ({@code _PAGE_KERNEL_TABLE}, {@code _PAGE_TABLE}, {@code _PAGE_PRESENT}); 0 on
 *     the last level
 * @param blockProt what it ORs into a block descriptor mapping lowmem ({@code MT_MEMORY_RW}
 *     sections, {@code PAGE_KERNEL_LARGE}); 0 where the kernel maps no lowmem blocks
 * @param pageProt on the last level, the hardware bits of {@code PAGE_KERNEL}; 0 elsewhere
 */
public record HardwareLevel(
    String name, int shift, int entries, int entryBytes, List<DescriptorFormat> descriptors,
    long tableProt, long blockProt, long pageProt) {
  /** Copies the list and checks the geometry. */
  public HardwareLevel {
    descriptors = List.copyOf(descriptors);
    if (entries <= 0 || Integer.bitCount(entries) != 1 || shift < 12 || shift > 31
        || (entryBytes != 4 && entryBytes != 8) || descriptors.isEmpty()) {
      throw new IllegalArgumentException("hardware page-table level " + name + " is malformed");
    }
  }

  /** The index of {@code vaddr} in a table of this level. */
  public int index(long vaddr) {
    return (int) ((vaddr >>> shift) & (entries - 1));
  }

  /** The bytes of one table of this level. */
  public int tableBytes() {
    return entries * entryBytes;
  }

  /** The first descriptor kind {@code entry} matches. */
  public DescriptorFormat decode(long entry) {
    // An index loop: every walk step decodes, and an iterator the JIT cannot remove costs 32 bytes.
    for (int i = 0, n = descriptors.size(); i < n; i++) {
      DescriptorFormat d = descriptors.get(i);
      if (d.matches(entry)) {
        return d;
      }
    }
    throw new IllegalStateException("level " + name + ": no descriptor matches entry 0x" + Long.toHexString(entry));
  }

  /**
   * The first descriptor of {@code kind} (of block size {@code 1 << blockShift} for blocks and
   * pages; any size when {@code blockShift} is negative), used to encode entries the kernel writes.
   */
  public DescriptorFormat find(DescriptorKind kind, int blockShift) {
    for (DescriptorFormat d : descriptors) {
      if (d.kind() == kind && (blockShift < 0 || kind == DescriptorKind.TABLE || d.blockShift() == blockShift)) {
        return d;
      }
    }
    throw new IllegalStateException("level " + name + " has no " + kind + " descriptor of shift " + blockShift);
  }
}

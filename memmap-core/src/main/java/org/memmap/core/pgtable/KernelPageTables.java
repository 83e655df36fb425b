package org.memmap.core.pgtable;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.memmap.api.Addresses;
import org.memmap.api.spi.DescriptorFormat;
import org.memmap.api.spi.DescriptorKind;
import org.memmap.api.spi.HardwareFormat;
import org.memmap.api.spi.HardwareLevel;
import org.memmap.api.spi.UnmappedSegment;

/**
 * {@code init_mm}'s page tables ({@code swapper_pg_dir}) in simulated physical memory, and the
 * kernel's ways of filling them: the linear map of lowmem with blocks where virtual address,
 * physical address and length allow and 4 KiB pages elsewhere (ARM {@code create_mapping()} /
 * {@code alloc_init_pmd()}, x86 {@code kernel_physical_mapping_init()}), PTE tables allocated on
 * demand ({@code pte_alloc_kernel()}, {@code early_pte_alloc()}), and {@code set_pte_at()} /
 * {@code pte_clear()} of single kernel pages. Not thread-safe: the owner serialises.
 */
public final class KernelPageTables {
  private final HardwareFormat format;
  private final TableMemory memory;
  private final LongSupplier allocPage;
  private final long pgdPaddr;
  private final int blockLevel;
  private final int blockShift;
  private final List<Long> tablePages = new ArrayList<>();

  /**
   * Tables rooted at {@code pgdPaddr} (which must hold zeroes), growing with pages from {@code
   * allocPage} (which returns the physical address of a zeroed page). A {@code largePageShift} of
   * 0 means the kernel writes no block descriptors: {@link #mapLinear} uses 4 KiB pages only.
   */
  public KernelPageTables(HardwareFormat format, int largePageShift, TableMemory memory, LongSupplier allocPage,
      long pgdPaddr) {
    this.format = format;
    this.memory = memory;
    this.allocPage = allocPage;
    this.pgdPaddr = pgdPaddr;
    this.blockShift = largePageShift;
    if (largePageShift == 0) {
      this.blockLevel = -1;
      return;
    }
    int found = -1;
    for (int i = 0; i < format.levels().size(); i++) {
      if (format.levels().get(i).shift() == largePageShift) {
        found = i;
      }
    }
    if (found < 0) {
      throw new IllegalArgumentException("no hardware level maps blocks of shift " + largePageShift);
    }
    this.blockLevel = found;
  }

  /** The physical address of the top-level table. */
  public long pgdPaddr() {
    return pgdPaddr;
  }

  /** The hardware format. */
  public HardwareFormat format() {
    return format;
  }

  /** The physical addresses of the table pages allocated so far below the top level. */
  public List<Long> tablePages() {
    return List.copyOf(tablePages);
  }

  /** Walks {@code vaddr} through these tables. */
  public Walk walk(long vaddr) {
    return Walker.walk(format, pgdPaddr, memory, vaddr);
  }

  /** The physical address {@code vaddr} reaches through these tables, or -1. */
  public long translate(long vaddr) {
    return Walker.translate(format, pgdPaddr, memory, vaddr);
  }

  /**
   * Maps {@code [vaddr, vaddr + size)} linearly to {@code paddr}: blocks of the large-page size
   * where both addresses and the remaining length are aligned (and {@code paddr} is at or above
   * {@code smallPagesBelow}), 4 KiB pages elsewhere.
   */
  public void mapLinear(long vaddr, long paddr, long size) {
    long block = 1L << blockShift;
    long end = vaddr + size;
    while (vaddr < end) {
      // A block entry that already points at a PTE table (its neighbour needed pages, and one
      // PTE page serves both: ARM's 2 MiB pmd, alloc_init_pmd()) is mapped with pages too.
      if (blockLevel >= 0 && Addresses.isAligned(vaddr, block) && Addresses.isAligned(paddr, block) && end - vaddr >= block
          && paddr >= format.smallPagesBelow() && !blockEntryIsTable(vaddr)) {
        setBlock(vaddr, paddr);
        vaddr += block;
        paddr += block;
      } else {
        setPte(vaddr, paddr >>> Addresses.PAGE_SHIFT);
        vaddr += Addresses.PAGE_SIZE;
        paddr += Addresses.PAGE_SIZE;
      }
    }
  }

  private boolean blockEntryIsTable(long vaddr) {
    long table = tableAt(vaddr, blockLevel, false);
    if (table < 0) {
      return false;
    }
    HardwareLevel level = format.levels().get(blockLevel);
    long entry = memory.readEntry(table + level.index(vaddr) * level.entryBytes(), level.entryBytes());
    return level.decode(entry).kind() == DescriptorKind.TABLE;
  }

  /** Writes a lowmem block descriptor for {@code vaddr} (section, LPAE block, PSE page). */
  public void setBlock(long vaddr, long paddr) {
    if (blockLevel < 0) {
      throw new IllegalStateException("the page-table format maps no blocks (largePageShift 0); "
          + Addresses.hex(vaddr) + " needs pages");
    }
    checkMapped(vaddr);
    long table = tableAt(vaddr, blockLevel, true);
    HardwareLevel level = format.levels().get(blockLevel);
    long entryPaddr = table + level.index(vaddr) * level.entryBytes();
    long old = memory.readEntry(entryPaddr, level.entryBytes());
    if (level.decode(old).kind() != DescriptorKind.FAULT) {
      throw new IllegalStateException(Addresses.hex(vaddr) + " is already mapped at " + level.name());
    }
    DescriptorFormat d = level.find(DescriptorKind.BLOCK, blockShift);
    memory.writeEntry(entryPaddr, level.entryBytes(), d.typeValue() | d.encodeAddress(paddr) | level.blockProt());
  }

  /**
   * {@code pmd_set_huge()} as {@code vmap_try_huge_pmd()} calls it for an {@code ioremap()} chunk:
   * a block of the large-page size at {@code vaddr} with {@link HardwareFormat#ioBlockProt()}. A
   * PTE table still hanging there (every PTE clear, the range being free) is dropped first, as
   * x86's {@code pmd_free_pte_page()} does.
   *
   * @throws IllegalStateException if the format has no such blocks or the entry maps something
   */
  public void setIoBlock(long vaddr, long paddr) {
    if (blockLevel < 0 || format.ioBlockProt() == 0) {
      throw new IllegalStateException("the page-table format maps no ioremap blocks");
    }
    checkMapped(vaddr);
    long table = tableAt(vaddr, blockLevel, true);
    HardwareLevel level = format.levels().get(blockLevel);
    long entryPaddr = table + level.index(vaddr) * level.entryBytes();
    DescriptorKind old = level.decode(memory.readEntry(entryPaddr, level.entryBytes())).kind();
    if (old == DescriptorKind.BLOCK) {
      throw new IllegalStateException(Addresses.hex(vaddr) + " is already mapped at " + level.name());
    }
    DescriptorFormat d = level.find(DescriptorKind.BLOCK, blockShift);
    memory.writeEntry(entryPaddr, level.entryBytes(), d.typeValue() | d.encodeAddress(paddr) | format.ioBlockProt());
  }

  /**
   * {@code pmd_clear_huge()}: clears the block mapping {@code vaddr}.
   *
   * @throws IllegalStateException if no block maps it
   */
  public void clearBlock(long vaddr) {
    long table = blockLevel < 0 ? -1 : tableAt(vaddr, blockLevel, false);
    HardwareLevel level = blockLevel < 0 ? null : format.levels().get(blockLevel);
    long entryPaddr = table < 0 ? -1 : table + level.index(vaddr) * level.entryBytes();
    if (entryPaddr < 0 || level.decode(memory.readEntry(entryPaddr, level.entryBytes())).kind() != DescriptorKind.BLOCK) {
      throw new IllegalStateException("pmd_clear_huge: " + Addresses.hex(vaddr) + " is not mapped by a block");
    }
    memory.writeEntry(entryPaddr, level.entryBytes(), 0);
  }

  /** The size of the blocks {@link #setBlock} and {@link #setIoBlock} write; 0 if none. */
  public long blockSize() {
    return blockLevel < 0 ? 0 : 1L << blockShift;
  }

  /**
   * Makes sure a PTE table covers {@code vaddr}, allocating tables on the way.
   *
   * @return the physical address of the hardware PTE for {@code vaddr}
   * @throws IllegalStateException if a block maps {@code vaddr}
   */
  public long ensurePteTable(long vaddr) {
    checkMapped(vaddr);
    int last = format.levels().size() - 1;
    HardwareLevel pte = format.pteLevel();
    return tableAt(vaddr, last, true) + pte.index(vaddr) * pte.entryBytes();
  }

  /**
   * The physical address of the hardware PTE for {@code vaddr}, or -1 when no PTE table covers it
   * (a fault or a block above).
   */
  public long ptePaddr(long vaddr) {
    int last = format.levels().size() - 1;
    long table = tableAt(vaddr, last, false);
    HardwareLevel pte = format.pteLevel();
    return table < 0 ? -1 : table + pte.index(vaddr) * pte.entryBytes();
  }

  /**
   * {@code set_pte_at(&init_mm, vaddr, ptep, pfn_pte(pfn, PAGE_KERNEL))}, allocating the PTE table
   * if none covers {@code vaddr} ({@code pte_alloc_kernel()}); on ARM 2-level both the Linux and
   * the hardware entry are written ({@code cpu_v7_set_pte_ext}).
   *
   * @throws IllegalStateException if the page is mapped already or a block maps it
   */
  public void setPte(long vaddr, long pfn) {
    setPte(vaddr, pfn, format.pteLevel().pageProt(), format.linuxPteProt());
  }

  /**
   * {@code ioremap_page_range()}'s PTE for one page: {@link #setPte} with the bits of the
   * architecture's I/O mapping ({@link HardwareFormat#ioPageProt()}).
   *
   * @throws IllegalStateException if the page is mapped already or a block maps it
   */
  public void setIoPte(long vaddr, long pfn) {
    setPte(vaddr, pfn, format.ioPageProt(), format.linuxIoProt());
  }

  private void setPte(long vaddr, long pfn, long hwProt, long linuxProt) {
    long hw = ensurePteTable(vaddr);
    HardwareLevel pte = format.pteLevel();
    long old = memory.readEntry(hw, pte.entryBytes());
    if (pte.decode(old).kind() != DescriptorKind.FAULT) {
      throw new IllegalStateException("set_pte_at: " + Addresses.hex(vaddr) + " is already mapped (pte "
          + Long.toHexString(old) + ")");
    }
    long paddr = pfn << Addresses.PAGE_SHIFT;
    DescriptorFormat d = pte.find(DescriptorKind.PAGE, Addresses.PAGE_SHIFT);
    if (format.hwPteOffset() > 0) {
      memory.writeEntry(hw - format.hwPteOffset(), pte.entryBytes(), paddr | linuxProt);
    }
    memory.writeEntry(hw, pte.entryBytes(), d.typeValue() | d.encodeAddress(paddr) | hwProt);
  }

  /**
   * {@code pte_clear(&init_mm, vaddr, ptep)}.
   *
   * @throws IllegalStateException if the page is not mapped by a PTE
   */
  public void clearPte(long vaddr) {
    long hw = ptePaddr(vaddr);
    HardwareLevel pte = format.pteLevel();
    if (hw < 0 || pte.decode(memory.readEntry(hw, pte.entryBytes())).kind() == DescriptorKind.FAULT) {
      throw new IllegalStateException("pte_clear: " + Addresses.hex(vaddr) + " is not mapped by a pte");
    }
    if (format.hwPteOffset() > 0) {
      memory.writeEntry(hw - format.hwPteOffset(), pte.entryBytes(), 0);
    }
    memory.writeEntry(hw, pte.entryBytes(), 0);
  }

  /** Page tables cannot map an address the CPU translates without them (MIPS32 KSEG0 / KSEG1). */
  private void checkMapped(long vaddr) {
    UnmappedSegment s = format.unmappedSegment(vaddr);
    if (s != null) {
      throw new IllegalStateException(Addresses.hex(vaddr) + " lies in the unmapped segment " + s.name() + " ("
          + Addresses.hex(s.vstart()) + "-" + Addresses.hex(s.vend()) + "); no page table translates it");
    }
  }

  /**
   * The physical address of the table of level {@code target} covering {@code vaddr}; -1 if there
   * is none and {@code allocate} is false.
   */
  private long tableAt(long vaddr, int target, boolean allocate) {
    long table = pgdPaddr;
    List<HardwareLevel> levels = format.levels();
    for (int i = 0; i < target; i++) {
      HardwareLevel level = levels.get(i);
      int index = level.index(vaddr);
      long entryPaddr = table + (long) index * level.entryBytes();
      long entry = memory.readEntry(entryPaddr, level.entryBytes());
      DescriptorFormat d = level.decode(entry);
      switch (d.kind()) {
        case TABLE -> table = d.outputAddress(entry);
        case FAULT -> {
          if (!allocate) {
            return -1;
          }
          table = allocateTables(i, table, index);
        }
        default -> {
          if (!allocate) {
            return -1;
          }
          throw new IllegalStateException(Addresses.hex(vaddr) + " is mapped by a " + d.name() + " at "
              + level.name() + "; no page table can cover it");
        }
      }
    }
    return table;
  }

  /**
   * Allocates a page of next-level tables for entry {@code index} of the level-{@code i} table at
   * {@code table}, and points every still-empty entry the page serves at its table (ARM 2-level:
   * one PTE page serves two hardware L1 entries, {@code __pmd_populate()}).
   *
   * @return the table for entry {@code index}
   */
  private long allocateTables(int i, long table, int index) {
    HardwareLevel level = format.levels().get(i);
    HardwareLevel next = format.levels().get(i + 1);
    boolean last = i + 1 == format.levels().size() - 1;
    int offset = last ? format.hwPteOffset() : 0;
    int perPage = Math.max(1, (int) ((Addresses.PAGE_SIZE - offset) / next.tableBytes()));
    long page = allocPage.getAsLong();
    tablePages.add(page);
    int first = index & ~(perPage - 1);
    DescriptorFormat d = level.find(DescriptorKind.TABLE, -1);
    long mine = -1;
    for (int k = 0; k < perPage && first + k < level.entries(); k++) {
      long nextTable = page + offset + (long) k * next.tableBytes();
      long entryPaddr = table + (long) (first + k) * level.entryBytes();
      if (first + k == index) {
        mine = nextTable;
      }
      if (level.decode(memory.readEntry(entryPaddr, level.entryBytes())).kind() == DescriptorKind.FAULT) {
        memory.writeEntry(entryPaddr, level.entryBytes(), d.typeValue() | d.encodeAddress(nextTable) | level.tableProt());
      }
    }
    return mine;
  }
}

package org.memmap.api.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * The page tables as the MMU sees them and as the kernel fills them: the hardware levels with
 * their entry encodings ({@code asm/pgtable-*-hwdef.h}, {@code asm/pgtable_types.h}) and the few
 * facts of how the kernel lays its own tables out.
 *
 * @param levels the hardware levels, top first
 * @param hwPteOffset bytes from a Linux PTE to the hardware PTE of the same page inside a PTE page
 *     (ARM 2-level: 2048, the Linux "shadow" tables come first, {@code PTE_HWTABLE_OFF}); 0 where
 *     Linux PTE and hardware PTE are the same entry
 * @param linuxPteProt with {@code hwPteOffset > 0}: the Linux view's bits of {@code PAGE_KERNEL}
 *     ({@code L_PTE_*}), written beside the hardware entry; otherwise equal to the last level's
 *     {@code pageProt}
 * @param swapperPgDirOffset where {@code swapper_pg_dir} lies, as an offset from {@code
 *     PHYS_OFFSET} (ARM: {@code TEXT_OFFSET - PG_DIR_SIZE}); -1 when it lies in the image's
 *     {@code .bss} at an address only the {@code System.map} knows
 * @param smallPagesBelow lowmem below this physical address is mapped with 4 KiB pages only (x86:
 *     {@code ISA_END_ADDRESS}, mapped first by {@code init_memory_mapping(0, ISA_END_ADDRESS)});
 *     0 for none
 * @param mapsLowmemHoles whether the kernel's linear map covers {@code [PHYS_OFFSET, lowmem
 *     limit)} entirely (x86 {@code kernel_physical_mapping_init} up to {@code max_low_pfn}) rather
 *     than only the RAM ranges (ARM {@code map_lowmem} walks the memblock regions)
 * @param unmapped the windows the CPU translates without page tables (MIPS32 KSEG0 and KSEG1),
 *     checked before any table is read; empty where every kernel address goes through the tables
 * @param ioPteProt the hardware bits {@code ioremap()} puts in its PTEs (x86 {@code PAGE_KERNEL_IO}
 *     with the UC- cache mode, ARM {@code mem_types[MT_DEVICE].prot_pte}); 0 for the last level's
 *     {@code pageProt}
 * @param linuxIoPteProt with {@code hwPteOffset > 0}: the Linux view's bits of those PTEs; 0 for
 *     {@code linuxPteProt}
 * @param ioBlockProt the bits of a block an {@code ioremap()} maps huge ({@code pmd_set_huge()}:
 *     x86 {@code protval_4k_2_large(prot) | _PAGE_PSE}); 0 where it maps none
 */
public record HardwareFormat(
    List<HardwareLevel> levels, int hwPteOffset, long linuxPteProt, long swapperPgDirOffset,
    long smallPagesBelow, boolean mapsLowmemHoles, List<UnmappedSegment> unmapped, long ioPteProt,
    long linuxIoPteProt, long ioBlockProt) {
  /** Copies the lists and checks the layout; unmapped windows must not overlap. */
  public HardwareFormat {
    levels = List.copyOf(levels);
    unmapped = List.copyOf(unmapped);
    for (int i = 0; i < unmapped.size(); i++) {
      for (int j = i + 1; j < unmapped.size(); j++) {
        UnmappedSegment a = unmapped.get(i);
        UnmappedSegment b = unmapped.get(j);
        if (a.overlaps(b.vstart(), b.vend())) {
          throw new IllegalArgumentException("unmapped segments " + a + " and " + b + " overlap");
        }
      }
    }
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("hardware page-table format has no levels");
    }
    HardwareLevel last = levels.get(levels.size() - 1);
    if (last.shift() != 12) {
      throw new IllegalArgumentException("the last hardware level must index 4 KiB pages");
    }
    if (hwPteOffset < 0 || hwPteOffset + last.tableBytes() > 4096) {
      throw new IllegalArgumentException("hardware PTE offset " + hwPteOffset + " does not fit a PTE page");
    }
  }

  /** A format whose {@code ioremap()} PTEs are {@code PAGE_KERNEL}'s. */
  public HardwareFormat(
      List<HardwareLevel> levels, int hwPteOffset, long linuxPteProt, long swapperPgDirOffset,
      long smallPagesBelow, boolean mapsLowmemHoles, List<UnmappedSegment> unmapped) {
    this(levels, hwPteOffset, linuxPteProt, swapperPgDirOffset, smallPagesBelow, mapsLowmemHoles,
        unmapped, 0, 0, 0);
  }

  /** The same format with the PTE bits of {@code ioremap()} (hardware, and the Linux view). */
  public HardwareFormat withIoremapProt(long hwProt, long linuxProt) {
    return withIoremapProt(hwProt, linuxProt, ioBlockProt);
  }

  /** The same format with the PTE and block bits of {@code ioremap()}. */
  public HardwareFormat withIoremapProt(long hwProt, long linuxProt, long blockProt) {
    return new HardwareFormat(levels, hwPteOffset, linuxPteProt, swapperPgDirOffset, smallPagesBelow,
        mapsLowmemHoles, unmapped, hwProt, linuxProt, blockProt);
  }

  /** The hardware bits of an {@code ioremap()} PTE. */
  public long ioPageProt() {
    return ioPteProt != 0 ? ioPteProt : pteLevel().pageProt();
  }

  /** The Linux view's bits of an {@code ioremap()} PTE (with {@code hwPteOffset > 0}). */
  public long linuxIoProt() {
    return linuxIoPteProt != 0 ? linuxIoPteProt : linuxPteProt;
  }

  /** A format whose every address goes through the tables (no unmapped windows). */
  public HardwareFormat(
      List<HardwareLevel> levels, int hwPteOffset, long linuxPteProt, long swapperPgDirOffset,
      long smallPagesBelow, boolean mapsLowmemHoles) {
    this(levels, hwPteOffset, linuxPteProt, swapperPgDirOffset, smallPagesBelow, mapsLowmemHoles, List.of());
  }

  /**
   * The unmapped window holding {@code vaddr}, or {@code null} when the tables translate it
   * (allocation-free: the translate path calls it on every TLB miss).
   */
  public UnmappedSegment unmappedSegment(long vaddr) {
    for (int i = 0, n = unmapped.size(); i < n; i++) {
      UnmappedSegment s = unmapped.get(i);
      if (s.contains(vaddr)) {
        return s;
      }
    }
    return null;
  }

  /** The last level, the one holding page descriptors. */
  public HardwareLevel pteLevel() {
    return levels.get(levels.size() - 1);
  }

  /**
   * A generic x86-style encoding for a synthetic geometry (present bit 0, page-size bit 7 for
   * blocks above the last level, address bits from 12 up to {@code physBits}): what a test
   * architecture gets when it describes no encoding of its own.
   */
  public static HardwareFormat generic(List<PageTableLevel> linuxLevels, int largePageShift, int physBits) {
    List<HardwareLevel> hw = new ArrayList<>();
    for (int i = 0; i < linuxLevels.size(); i++) {
      PageTableLevel l = linuxLevels.get(i);
      boolean last = i == linuxLevels.size() - 1;
      List<DescriptorFormat> kinds = new ArrayList<>();
      kinds.add(DescriptorFormat.fault("not-present", 0x1, 0x0));
      List<EntryField> fields = List.of(new EntryField("P", 0, 1), new EntryField("RW", 1, 1));
      if (last) {
        kinds.add(new DescriptorFormat("page", DescriptorKind.PAGE, 0x1, 0x1,
            List.of(new OutputBits(12, physBits - 12, 12)), 12, fields));
      } else {
        if (l.shift() == largePageShift) {
          kinds.add(new DescriptorFormat("large", DescriptorKind.BLOCK, 0x81, 0x81,
              List.of(new OutputBits(l.shift(), physBits - l.shift(), l.shift())), l.shift(), fields));
        }
        kinds.add(new DescriptorFormat("table", DescriptorKind.TABLE, 0x81, 0x01,
            List.of(new OutputBits(12, physBits - 12, 12)), 12, fields));
      }
      hw.add(new HardwareLevel(l.name(), l.shift(), l.entries(), l.entryBytes(), kinds,
          last ? 0 : 0x3, !last && l.shift() == largePageShift ? 0x83 : 0, last ? 0x3 : 0));
    }
    return new HardwareFormat(hw, 0, 0x3, -1, 0, false);
  }
}

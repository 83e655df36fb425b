package org.memmap.arch.mips;

import static org.memmap.api.spi.DescriptorKind.PAGE;
import static org.memmap.api.spi.DescriptorKind.TABLE;

import java.util.ArrayList;
import java.util.List;
import org.memmap.api.spi.DescriptorFormat;
import org.memmap.api.spi.EntryField;
import org.memmap.api.spi.HardwareFormat;
import org.memmap.api.spi.HardwareLevel;
import org.memmap.api.spi.OutputBits;
import org.memmap.api.spi.PageTableFormat;
import org.memmap.api.spi.PageTableLevel;
import org.memmap.api.spi.UnmappedSegment;

/**
 * 32-bit MIPS page tables as data, as Linux 4.14 builds them for an R4K-style TLB.
 *
 * <p>The CPU translates KSEG0 ({@code 0x80000000-0x9fffffff}, cached) and KSEG1 ({@code
 * 0xa0000000-0xbfffffff}, uncached) without a TLB, both onto physical {@code 0-0x1fffffff}
 * ({@code arch/mips/include/asm/addrspace.h}: {@code KSEG0}, {@code KSEG1}, {@code CPHYSADDR});
 * lowmem lives in KSEG0, so {@code paging_init()} writes no entry for it. Only KSEG2 and above
 * ({@code MAP_BASE} 0xc0000000: vmalloc, pkmap, fixmap) go through the TLB, which the refill
 * handler ({@code arch/mips/mm/tlbex.c}) fills from {@code swapper_pg_dir}.
 *
 * <p>{@code asm/pgtable-32.h}: with 4-byte ptes {@code PGDIR_SHIFT} 22, 1024 pgd entries, 1024
 * ptes per page ({@code PGD_ORDER} = {@code PTE_ORDER} = 0; no pmd, {@code
 * asm-generic/pgtable-nopmd.h}). A pgd entry holds the KSEG0 address of its pte page ({@code
 * pmd_populate_kernel()}: {@code set_pmd(pmd, __pmd((unsigned long)pte))}, {@code
 * asm/pgalloc.h}); the kernel points empty ones at {@code invalid_pte_table}, which the
 * simulation leaves as 0 (not a KSEG0 address: no table).
 *
 * <p>{@code asm/pgtable-bits.h} (4.14, r4k {@code enum pgtable_bits}): software bits first,
 * {@code _PAGE_PRESENT} 0, {@code _PAGE_READ} 1 (before MIPS R2 only), {@code _PAGE_WRITE},
 * {@code _PAGE_ACCESSED}, {@code _PAGE_MODIFIED}; then, placed in EntryLo by the refill handler
 * ({@code pte_to_entrylo()}: {@code pte >> _PAGE_GLOBAL_SHIFT}), on R2 {@code _PAGE_NO_EXEC},
 * {@code _PAGE_NO_READ} ({@code _PAGE_READ_SHIFT = _PAGE_NO_READ_SHIFT}), and {@code
 * _PAGE_GLOBAL}, {@code _PAGE_VALID}, {@code _PAGE_DIRTY}, three cache bits from {@code
 * _CACHE_SHIFT}; {@code _PFN_SHIFT = PAGE_SHIFT - 12 + _CACHE_SHIFT + 3}. So on MIPS32 R2
 * (1004Kc, 24Kc, 74Kc): P 0, W 1, A 2, M 3, XI 4, R 5, G 6, V 7, D 8, C 11:9, pfn from bit 12;
 * before R2: P 0, R 1, W 2, A 3, M 4, G 5, V 6, D 7, C 10:8, pfn from bit 11. The TLB honours
 * V: an entry without it faults (TLBL/TLBS), whatever its software bits say.
 */
final class MipsPageTables {
  /** {@code KSEG0}: cached, unmapped. */
  static final long KSEG0 = 0x80000000L;
  /** {@code KSEG1}: uncached, unmapped. */
  static final long KSEG1 = 0xa0000000L;
  /** {@code KSEG2}: mapped through the TLB. */
  static final long KSEG2 = 0xc0000000L;

  /** {@code _CACHE_CACHABLE_NONCOHERENT >> _CACHE_SHIFT}: the usual {@code Config.K0}. */
  static final int CCA_CACHABLE_NONCOHERENT = 3;

  private MipsPageTables() {}

  /** KSEG0 and KSEG1, both onto physical 0. */
  static List<UnmappedSegment> segments() {
    return List.of(
        new UnmappedSegment("KSEG0", KSEG0, KSEG1, 0, true),
        new UnmappedSegment("KSEG1", KSEG1, KSEG2, 0, false));
  }

  private static EntryField f(String name, int shift) {
    return new EntryField(name, shift, 1);
  }

  /** The bit positions of one r4k layout of {@code enum pgtable_bits}. */
  private record Bits(int present, int read, int write, int accessed, int modified, int noExec, int global,
      int valid, int dirty, int cache) {
    int pfnShift() {
      return cache + 3;
    }
  }

  /** MIPS32 R2 without 64-bit physical addresses: {@code _PAGE_READ_SHIFT = _PAGE_NO_READ_SHIFT}. */
  private static final Bits R2 = new Bits(0, 5, 1, 2, 3, 4, 6, 7, 8, 9);
  /** Before R2: {@code _PAGE_READ} right after {@code _PAGE_PRESENT}, no RI/XI. */
  private static final Bits R1 = new Bits(0, 1, 2, 3, 4, -1, 5, 6, 7, 8);

  /**
   * The 4-byte pte format.
   *
   * @param r2 {@code CONFIG_CPU_MIPSR2} (or R6): the R2 bit layout
   * @param cca the cache coherency attribute of {@code PAGE_KERNEL}: {@code
   *     _page_cachable_default = cca << _CACHE_SHIFT}, from {@code cca=} or {@code Config.K0}
   *     ({@code coherency_setup()}, {@code arch/mips/mm/c-r4k.c})
   */
  static PageTableFormat pte32(boolean r2, int cca) {
    Bits b = r2 ? R2 : R1;
    HardwareLevel pgd = new HardwareLevel("pgd", 22, 1024, 4, List.of(
        DescriptorFormat.fault("invalid", 0xe0000000L, 0),
        // a KSEG0 pointer: the pte page's physical address plus 0x80000000
        new DescriptorFormat("pte-table", TABLE, 0xe0000000L, KSEG0, List.of(new OutputBits(12, 17, 12)), 12,
            List.of())),
        0, 0, 0);
    List<EntryField> fields = new ArrayList<>();
    fields.add(f("P", b.present()));
    if (!r2) {
      fields.add(f("R", b.read()));
    }
    fields.addAll(List.of(f("W", b.write()), f("A", b.accessed()), f("M", b.modified())));
    if (r2) {
      fields.addAll(List.of(f("XI", b.noExec()), f("R", b.read())));
    }
    fields.addAll(List.of(f("G", b.global()), f("V", b.valid()), f("D", b.dirty()),
        new EntryField("C", b.cache(), 3)));
    long valid = 1L << b.valid();
    // PAGE_KERNEL = _PAGE_PRESENT | __READABLE | __WRITEABLE | _PAGE_GLOBAL | _page_cachable_default
    // (asm/pgtable.h); __READABLE = _PAGE_SILENT_READ (V) | _PAGE_READ | _PAGE_ACCESSED, __WRITEABLE =
    // _PAGE_SILENT_WRITE (D) | _PAGE_WRITE | _PAGE_MODIFIED (asm/pgtable-bits.h). _PAGE_READ is 0 on
    // an R2 core with RI/XI; the 24K/34K/74K/1004K families have none, so it is set.
    long pageKernel = (1L << b.present()) | (1L << b.read()) | (1L << b.write()) | (1L << b.accessed())
        | (1L << b.modified()) | (1L << b.global()) | valid | (1L << b.dirty()) | ((long) cca << b.cache());
    HardwareLevel pte = new HardwareLevel("pte", 12, 1024, 4, List.of(
        DescriptorFormat.fault("invalid", valid, 0),
        new DescriptorFormat("page", PAGE, valid, valid, List.of(new OutputBits(b.pfnShift(), 32 - 12, 12)), 12,
            fields)),
        0, 0, pageKernel);
    // swapper_pg_dir lies in .bss (__section(.bss..swapper_pg_dir), arch/mips/mm/init.c): -1
    HardwareFormat hw = new HardwareFormat(List.of(pgd, pte), 0, pageKernel, -1, 0, false, segments());
    return new PageTableFormat(r2 ? "mips32r2" : "mips32",
        List.of(new PageTableLevel("pgd", 22, 1024, 4), new PageTableLevel("pte", 12, 1024, 4)), 0, 32, hw);
  }

  /**
   * 8-byte ptes ({@code CONFIG_PHYS_ADDR_T_64BIT}: {@code PGDIR_SHIFT} 21, 2048 pgd entries in
   * two pages, 512 ptes per page). The kernel splits such a pte into {@code pte_low} (software
   * bits, the pfn's high part) and {@code pte_high} (EntryLo); memmap does not model that split:
   * the geometry and the unmapped windows are real, the entry encoding is a generic stand-in.
   */
  static PageTableFormat pte64(int physBits) {
    List<PageTableLevel> levels =
        List.of(new PageTableLevel("pgd", 21, 2048, 4), new PageTableLevel("pte", 12, 512, 8));
    HardwareFormat g = HardwareFormat.generic(levels, 0, physBits);
    HardwareFormat hw = new HardwareFormat(g.levels(), g.hwPteOffset(), g.linuxPteProt(), -1, 0, false, segments());
    return new PageTableFormat("mips32-pte64", levels, 0, physBits, hw);
  }
}

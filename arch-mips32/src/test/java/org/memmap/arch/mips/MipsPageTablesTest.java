package org.memmap.arch.mips;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelConfig;
import org.memmap.api.Machine;
import org.memmap.api.spi.HardwareFormat;
import org.memmap.api.spi.UnmappedSegment;

/**
 * The MIPS32 page-table data against Linux 4.14's {@code arch/mips/include/asm}: {@code
 * addrspace.h} (KSEG0 0x80000000, KSEG1 0xa0000000, KSEG2 0xc0000000, {@code CPHYSADDR(a) = a &
 * 0x1fffffff}), {@code pgtable-bits.h} (the r4k {@code enum pgtable_bits}, {@code _PFN_SHIFT =
 * PAGE_SHIFT - 12 + _CACHE_SHIFT + 3}) and {@code pgtable.h} ({@code PAGE_KERNEL = _PAGE_PRESENT |
 * __READABLE | __WRITEABLE | _PAGE_GLOBAL | _page_cachable_default}).
 */
class MipsPageTablesTest {
  private static final Machine BOARD = new MipsKmapProvider().defaultMachine();

  private static HardwareFormat hw(Machine m) {
    return new MipsKmapProvider().describe(m).pageTables().hardware();
  }

  @Test
  void kseg0AndKseg1MapTheFirst512MiBWithoutTables() {
    assertEquals(List.of(new UnmappedSegment("KSEG0", 0x80000000L, 0xa0000000L, 0, true),
        new UnmappedSegment("KSEG1", 0xa0000000L, 0xc0000000L, 0, false)), hw(BOARD).unmapped());
    assertEquals(0, new MipsKmapProvider().describe(BOARD).pageTables().largePageShift());
  }

  /**
   * R2 (1004Kc): P 0, W 1, A 2, M 3, R 5 (= _PAGE_NO_READ_SHIFT, set without RI/XI), G 6, V 7, D 8,
   * cache 3 << 9: 0x7ef; the pfn from bit 12.
   */
  @Test
  void pageKernelOnMips32R2() {
    assertEquals(0x7efL, hw(BOARD).pteLevel().pageProt());
    assertEquals(0x200007efL, pteFor(BOARD, 0x20000));
  }

  /** Before R2: P 0, R 1, W 2, A 3, M 4, G 5, V 6, D 7, cache 3 << 8: 0x3ff; pfn from bit 11. */
  @Test
  void pageKernelBeforeR2() {
    Machine r1 = BOARD.withConfig(KernelConfig.EMPTY.with("CPU_MIPSR2", "n"));
    assertEquals(0x3ffL, hw(r1).pteLevel().pageProt());
    assertEquals((0x20000L << 11) | 0x3ff, pteFor(r1, 0x20000));
  }

  /** {@code cca=5} (cacheable coherent, c-r4k.c cca_setup()) lands in the C field: 5 << 9. */
  @Test
  void ccaParameterSetsTheCacheField() {
    Machine coherent = BOARD.withCommandLine(new KernelCommandLine("console=ttyS0 cca=5"));
    assertEquals(0x1efL | (5L << 9), hw(coherent).pteLevel().pageProt());
  }

  private static long pteFor(Machine m, long pfn) {
    HardwareFormat h = hw(m);
    var page = h.pteLevel().find(org.memmap.api.spi.DescriptorKind.PAGE, 12);
    return page.typeValue() | page.encodeAddress(pfn << 12) | h.pteLevel().pageProt();
  }
}

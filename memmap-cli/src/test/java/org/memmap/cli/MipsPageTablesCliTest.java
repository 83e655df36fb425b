package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code walk}, {@code translate} and {@code sim} on the third architecture, found by service
 * binding, with no MIPS knowledge in core: the plugin describes KSEG0 / KSEG1 as unmapped
 * segments and its pte encoding as data.
 *
 * <p>Kernel facts asserted (Linux 4.14): {@code arch/mips/include/asm/addrspace.h} KSEG0
 * 0x80000000, KSEG1 0xa0000000, KSEG2 0xc0000000, {@code CPHYSADDR(a) = a & 0x1fffffff};
 * {@code asm/pgtable-32.h} PGDIR_SHIFT 22 (so 0xc0001000 is pgd index 768, pte index 1); {@code
 * asm/pgtable-bits.h} on MIPS32 R2: {@code _PAGE_PRESENT} bit 0, {@code _PAGE_WRITE} 1, {@code
 * _PAGE_ACCESSED} 2, {@code _PAGE_MODIFIED} 3, {@code _PAGE_NO_READ}/{@code _PAGE_READ} 5,
 * {@code _PAGE_GLOBAL} 6, {@code _PAGE_VALID} 7, {@code _PAGE_DIRTY} 8, {@code _CACHE_SHIFT} 9,
 * {@code _PFN_SHIFT = PAGE_SHIFT - 12 + _CACHE_SHIFT + 3} = 12; {@code PAGE_KERNEL = _PAGE_PRESENT
 * | __READABLE | __WRITEABLE | _PAGE_GLOBAL | _page_cachable_default} (asm/pgtable.h) with
 * {@code _CACHE_CACHABLE_NONCOHERENT} (3 << _CACHE_SHIFT): 0x7ef, so pfn 0x20000 has pte
 * 0x200007ef.
 */
class MipsPageTablesCliTest {
  @Test
  void walkOfAVmallocAddressFaultsAtTheEmptyPgdEntry() {
    CliRun r = CliRun.of("walk", "0xc0001000", "--arch", "mips");
    assertEquals(0, r.code(), r.err());
    assertLinesMatch(List.of(
        "0xc0001000  mips32r2, swapper_pg_dir at 0x[0-9a-f]{8}",
        "pgd  index  768  entry @0x[0-9a-f]{8} = 0x00000000  invalid",
        "fault at pgd: pgd\\[768\\] = 0x0 is a invalid descriptor, no translation"), r.outLines());
  }

  @Test
  void walkOfALowmemAddressNamesTheUnmappedSegment() {
    CliRun r = CliRun.of("walk", "0x80001000", "--arch", "mips");
    assertEquals(0, r.code(), r.err());
    assertLinesMatch(List.of(
        "0x80001000  mips32r2, swapper_pg_dir at 0x[0-9a-f]{8}",
        "unmapped segment KSEG0: pa = va - 0x80000000",
        "paddr 0x00001000 \\(pfn 0x1\\)"), r.outLines());
  }

  @Test
  void translateGoesThroughKseg0AndKseg1WithoutTables() {
    CliRun r = CliRun.of("translate", "0x80001000", "0xa0001000", "0x9ffff000", "0xc0001000", "--arch", "mips");
    assertEquals(0, r.code(), r.err());
    List<String> lines = r.outLines();
    assertEquals("0x80001000 -> 0x00001000 pfn 0x1 lowmem, __pa 0x00001000", lines.get(0));
    assertEquals("0xa0001000 -> 0x00001000 pfn 0x1", lines.get(1));
    // KSEG0 reaches all of 0-0x1fffffff, even the board's RAM hole at 448-512 MiB: no table says no
    assertEquals("0x9ffff000 -> 0x1ffff000 pfn 0x1ffff lowmem, __pa 0x1ffff000", lines.get(2));
    assertTrue(lines.get(3).startsWith("0xc0001000 -> fault (pgd[768]"), lines.get(3));
  }

  /** With OpenWrt's HIGHMEM_START 0x10000000 the last lowmem page is still KSEG0's. */
  @Test
  void translateOnTheOpenWrtBoard() {
    CliRun r = CliRun.of("translate", "0x8ffff000", "--arch", "mips", "--set", "highmem_start=0x10000000");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("0x8ffff000 -> 0x0ffff000 pfn 0xffff lowmem, __pa 0x0ffff000"), r.outLines());
  }

  @Test
  void simScriptTranslatesWritesReadsAndWalks() throws IOException, URISyntaxException {
    Path script = Path.of(getClass().getResource("/sim/mips.sim").toURI());
    Path expected = Path.of(getClass().getResource("/sim/mips.out").toURI());
    CliRun r = CliRun.of("sim", "--arch", "mips", script.toString());
    assertEquals(0, r.code(), r.err());
    assertLinesMatch(Files.readAllLines(expected), r.outLines());
  }
}

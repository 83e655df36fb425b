package org.memmap.core.memblock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * memblock's lists and {@code memblock_free_all()}'s page rounding, on the lists a Debian 6.1
 * armmp boot with 1 GiB dumped (testdata/oracle/arm/armhf-armmp-1024M... family; this one is
 * {@code testdata/debian-6.1/armhf-armmp-1024M.log}): it printed {@code 31504K reserved, 16384K
 * cma-reserved}.
 */
class MemblockDumpTest {
  static final List<String> DEBIAN_61_1G = List.of(
      "@@@@@ BEGIN MEMBLOCK_MEMORY @@@@@",
      "0: 0x40000000..0x7fffffff",
      "@@@@@ END MEMBLOCK_MEMORY @@@@@",
      "@@@@@ BEGIN MEMBLOCK_RESERVED @@@@@",
      "0: 0x40204000..0x40207fff",
      "1: 0x40300000..0x41607587",
      "2: 0x48000000..0x481d8fff",
      "3: 0x6f61f000..0x6f6f0fff",
      "4: 0x6f6f3ef0..0x6fffbfff",
      "5: 0x6fffc140..0x6fffc503",
      "6: 0x6fffc540..0x6fffc89f",
      "7: 0x6fffc8c0..0x6fffc91f",
      "8: 0x6fffc940..0x6fffcac3",
      "9: 0x6fffcb00..0x6fffccdf",
      "10: 0x6fffcd00..0x6fffcd8f",
      "11: 0x6fffcdc0..0x6fffcdc3",
      "12: 0x6fffce00..0x6fffce03",
      "13: 0x6fffce40..0x6fffce43",
      "14: 0x6fffce80..0x6fffce83",
      "15: 0x6fffcec0..0x6fffcef2",
      "16: 0x6fffcf00..0x6fffcf32",
      "17: 0x6fffcf40..0x6fffcf5f",
      "18: 0x6fffcf80..0x6fffcfaf",
      "19: 0x6fffcfc0..0x6fffcfcf",
      "20: 0x6fffcfd8..0x6fffffff",
      "21: 0x7f000000..0x7fffffff",
      "@@@@@ END MEMBLOCK_RESERVED @@@@@");

  @Test
  void theDebian61DumpGivesThePrintedReservedFigure() {
    MemblockDump d = MemblockDump.parse(DEBIAN_61_1G).orElseThrow();
    assertEquals(1, d.memory().size());
    assertEquals(22, d.reserved().size());
    // 31504K reserved + 16384K cma-reserved: the CMA area is still memblock-reserved at mem_init().
    assertEquals((31504 + 16384) / 4, d.reservedPages());
  }

  @Test
  void aPageTouchedByAnyReservationStaysReserved() {
    List<MemblockRegion> memory = List.of(new MemblockRegion(0x40000000L, 0x100000));
    // Two bytes at the end of one page and the start of the next: both pages stay reserved.
    List<MemblockRegion> reserved = List.of(MemblockRegion.inclusive(0x40000fffL, 0x40001000L));
    assertEquals(2, FreeAll.reservedPages(memory, reserved));
    assertEquals(254, FreeAll.freedPages(memory, reserved));
  }

  @Test
  void the6xFormatWithNodeAndFlagsIsRead() {
    // 7.2 (forky) boots print "   0: 0x40000000..0x7fffffff    0 NONE".
    List<String> lines = List.of("@@@@@ BEGIN MEMBLOCK_MEMORY @@@@@", "0: 0x40000000..0x7fffffff    0 NONE",
        "@@@@@ END MEMBLOCK_MEMORY @@@@@", "@@@@@ BEGIN MEMBLOCK_RESERVED @@@@@",
        "0: 0x0000000040204000..0x0000000040207fff    0 NONE", "@@@@@ END MEMBLOCK_RESERVED @@@@@");
    assertEquals(4, MemblockDump.parse(lines).orElseThrow().reservedPages());
  }

  @Test
  void anUnreadableEntryMakesTheDumpUnusable() {
    List<String> lines = List.of("@@@@@ BEGIN MEMBLOCK_MEMORY @@@@@", "0: 0x40000000..0x3fffffff",
        "@@@@@ END MEMBLOCK_MEMORY @@@@@", "@@@@@ BEGIN MEMBLOCK_RESERVED @@@@@", "@@@@@ END MEMBLOCK_RESERVED @@@@@");
    assertTrue(MemblockDump.parse(lines).isEmpty());
    assertTrue(MemblockDump.parse(List.of("Memory: 1K/2K available")).isEmpty());
  }
}

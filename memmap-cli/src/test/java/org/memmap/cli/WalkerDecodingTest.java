package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.RamRange;
import org.memmap.api.spi.HardwareFormat;
import org.memmap.core.pgtable.Walk;
import org.memmap.core.pgtable.Walker;
import org.memmap.core.sim.PhysMemory;

/**
 * The generic walker over the plugins' encodings, with descriptors the kernel's boot tables do not
 * contain: values built by hand from the bit layouts of the ARM Architecture Reference Manual
 * (short-descriptor formats, B3.5.1: supersection PA[31:24] in bits 31:24, PA[35:32] in 23:20,
 * PA[39:36] in 8:5; large page PA[31:16] in bits 31:16) and the Intel SDM (PSE-36: PA[39:32] of a
 * 4 MiB page in bits 20:13 of the PDE), as cited in pgtable-2level-hwdef.h and pgtable_types.h.
 */
class WalkerDecodingTest {
  private static final long PGD = 0x4000;
  private final PhysMemory mem = new PhysMemory(List.of(new RamRange(0, 1L << 24)));

  private static HardwareFormat format(String... args) {
    var m = Machines.board();
    if (args.length > 0) {
      m = Machines.debian(args[0], 1L << 30);
    }
    return Machines.MEMMAP.describe(m).pageTables().hardware();
  }

  @Test
  void armSupersectionCarriesPhysicalBitsAbove4G() {
    HardwareFormat f = format();
    long entry = 0x12000000L | (0x3L << 20) | (0x5L << 5) | (1L << 18) | 0x2;
    mem.writeEntry(PGD + (0xc0aL << 2), 4, entry);
    Walk w = Walker.walk(f, PGD, mem, 0xc0abcdefL);
    assertEquals("supersection", w.steps().get(0).descriptor());
    assertEquals(0x53_12ab_cdefL, w.paddr());
  }

  @Test
  void armLargePageMaps64KiB() {
    HardwareFormat f = format();
    long l2 = 0x8000;
    mem.writeEntry(PGD + (0xd00L << 2), 4, l2 | 0x11);
    mem.writeEntry(l2 + (0x35 << 2), 4, 0x00ab0000L | 0x1);
    Walk w = Walker.walk(f, PGD, mem, 0xd0035678L);
    assertEquals("large", w.steps().get(1).descriptor());
    assertEquals(0x00ab5678L, w.paddr());
    mem.writeEntry(l2 + (0x36 << 2), 4, 0);
    Walk fault = Walker.walk(f, PGD, mem, 0xd0036000L);
    assertEquals("pte", fault.faultLevel());
  }

  @Test
  void x86Pse36PageReachesAbove4G() {
    HardwareFormat f = format("686");
    long pde = 0x00400000L | (0x12L << 13) | 0x80 | 0x1;
    mem.writeEntry(PGD + (0x300L << 2), 4, pde);
    assertEquals(0x12_0040_1234L, Walker.walk(f, PGD, mem, 0xc0001234L).paddr());
    assertEquals(0x12_0040_1234L, Walker.translate(f, PGD, mem, 0xc0001234L));
  }
}

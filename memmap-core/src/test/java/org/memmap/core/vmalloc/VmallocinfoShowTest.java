package org.memmap.core.vmalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.KernelVersion;
import org.memmap.core.proc.VmallocInfo;

/** Lines from /proc/vmallocinfo of Debian 6.1.176 (testdata/debian-6.1/). */
class VmallocinfoShowTest {
  // armhf-armmp-1024M.log
  static final List<String> ARMMP = List.of(
      "0xf0800000-0xf0803000   12288 start_kernel+0x550/0x748 pages=2 vmalloc",
      "0xf0803000-0xf0805000    8192 gicv2m_init+0x198/0x4c4 phys=0x08020000 ioremap",
      "0xf0883000-0xf08c4000  266240 dma_common_contiguous_remap+0x74/0x90 dma-coherent",
      "0xfee00000-0xff000000 2097152 pci_reserve_io+0x0/0x38 ioremap",
      "0xf0805000-0xf0809000   16384 unpurged vm_area");

  @Test
  void parsesAndPrintsTheLinesBackIn61Format() {
    VmallocInfo info = VmallocInfo.parse(ARMMP, "armmp");
    assertEquals(0, info.skipped());
    VmallocinfoLine gic = info.entries().get(1);
    assertEquals(0x08020000L, gic.phys());
    assertEquals("gicv2m_init+0x198/0x4c4", gic.caller());
    assertEquals(List.of("ioremap"), gic.flags());
    assertEquals(VmallocinfoLine.Kind.UNPURGED, info.entries().get(4).kind());
    // 6.1 lists the areas by address, then the unpurged ranges.
    assertEquals(List.of(ARMMP.get(0), ARMMP.get(1), ARMMP.get(2), ARMMP.get(3), ARMMP.get(4)),
        VmallocinfoShow.show(info.entries(), KernelVersion.of(6, 1, 176), false));
  }

  @Test
  void widePhysAddrOfLpae() {
    // armhf-armmp-lpae-2048M.log: %pa of a 64-bit phys_addr_t.
    String line = "0xf0980000-0xf0a81000 1052672 pci_ecam_add_bus+0x6c/0x90 phys=0x0000004010000000 ioremap";
    VmallocInfo info = VmallocInfo.parse(List.of(line), "lpae");
    assertEquals(0x4010000000L, info.entries().get(0).phys());
    assertEquals(List.of(line), VmallocinfoShow.show(info.entries(), KernelVersion.of(6, 1), true));
  }

  @Test
  void malformedLinesAreSkippedCounted() {
    VmallocInfo info = VmallocInfo.parse(List.of(
        ARMMP.get(0), "0xf0803000-0xf0805000 9999 bad size", "garbage", ARMMP.get(1)), "x");
    assertEquals(2, info.entries().size());
    assertEquals(2, info.skipped());
    assertTrue(info.errors().get(0).startsWith("x:2: "), info.errors().get(0));
  }
}

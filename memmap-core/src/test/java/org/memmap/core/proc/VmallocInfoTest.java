package org.memmap.core.proc;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.InputException;

/** The {@code /proc/vmallocinfo} reader accepts its own format only. */
class VmallocInfoTest {
  /** The debugfs kernel page-table dump (issue 11): its lines look like areas but are not. */
  @Test
  void aPageTableDumpIsRefusedNotReadAsAreas() {
    List<String> ptdump = List.of("0x40000000-0x40100000  1M PGD KERNEL RW NX");
    InputException e = assertThrows(InputException.class, () -> VmallocInfo.parse(ptdump, "ptdump.txt"));
    assertTrue(e.getMessage().startsWith("ptdump.txt: no line has the expected format"), e.getMessage());
    assertTrue(VmallocInfo.parseLine("0x40000000-0x40100000  1M PGD KERNEL RW NX").isEmpty());
  }

  /** A real line of Debian 6.1 armmp's /proc/vmallocinfo (testdata/debian-6.1/armhf-armmp-1024M.log). */
  @Test
  void aRealLineIsRead() {
    var e = VmallocInfo.parseLine("0xf0803000-0xf0805000    8192 gicv2m_init+0x198/0x4c4 phys=0x08020000 ioremap");
    assertTrue(e.isPresent() && e.get().caller().equals("gicv2m_init+0x198/0x4c4") && e.get().flags().equals(List.of("ioremap")));
  }
}

package org.memmap.core.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines from the default board's /proc/modules (docs/default-board.md). */
class ProcModulesTest {
  static final List<String> SEED = List.of(
      "galcore 161066 0 - Live 0xbf27f000 (O)",
      "ipv6 276100 20 [permanent], Live 0xbf225000",
      "dmaalloc 4239 1 laservideo_a0, Live 0xbf175000 (O)",
      "pegmatite_regulator 4390 4 imagepower,upc,[permanent], Live 0xbf100000",
      "pegmatite_wdt 4332 0 - Live 0xbf000000");

  @Test
  void parsesEveryFieldAndPrintsTheLinesBack() {
    ProcModules m = ProcModules.parse(SEED, "seed");
    assertEquals(0, m.skipped());
    ProcModules.Module reg = m.modules().get(3);
    assertEquals("pegmatite_regulator", reg.name());
    assertEquals(4390, reg.size());
    assertEquals(4, reg.refcount());
    assertEquals(List.of("imagepower", "upc"), reg.users());
    assertTrue(reg.permanent());
    assertEquals(0xbf100000L, reg.address());
    assertEquals("O", m.modules().get(0).taints());
    assertEquals(SEED, m.format());
  }

  @Test
  void decodesAsAnOopsDoes() {
    ProcModules m = ProcModules.parse(SEED, "seed");
    // 161066 = 0x2752a bytes from 0xbf27f000.
    assertEquals("galcore+0x123/0x2752a", m.find(0xbf27f123L).orElseThrow().decode(0xbf27f123L));
    assertTrue(m.find(0xbf2a652aL).isEmpty());
  }

  @Test
  void malformedLinesAreSkippedCountedAndNamed() {
    ProcModules m = ProcModules.parse(List.of(
        "galcore 161066 0 - Live 0xbf27f000 (O)",
        "broken line here",
        "ipv6 lots 20 [permanent], Live 0xbf225000",
        "",
        "pegmatite_wdt 4332 0 - Live 0xbf000000"), "modules.txt");
    assertEquals(2, m.modules().size());
    assertEquals(2, m.skipped());
    assertTrue(m.errors().get(0).startsWith("modules.txt:2: 'broken line here'"), m.errors().get(0));
    assertTrue(m.errors().get(1).startsWith("modules.txt:3: "), m.errors().get(1));
  }
}

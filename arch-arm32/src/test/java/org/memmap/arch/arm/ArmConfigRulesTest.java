package org.memmap.arch.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.RamRange;
import org.memmap.api.spi.LogHint;

/** What the ARM plugin reads from a build's configuration and from a log. */
class ArmConfigRulesTest {
  private final Machine board = new ArmKmapProvider().defaultMachine()
      .withKernel(KernelVersion.of(6, 1)).withRam(List.of(new RamRange(0x40000000L, 1L << 30)));

  /**
   * Issue 11 class 10: ZONE_DMA has no prompt, so a .config without it has no line for it; the
   * distribution default must not turn it on (custom VMSPLIT, LPAE, Thumb-2 and !HIGHMEM builds).
   */
  @Test
  void aCompleteConfigWithoutZoneDmaHasNoDmaZone() {
    KernelConfig full = KernelConfig.EMPTY.with("ARM", "y").with("MMU", "y").with("HIGHMEM", "y");
    assertEquals(0, ArmLayouts.describe(board.withConfig(full)).zoneRules().dmaLimit());
    assertTrue(ArmLayouts.describe(board).zoneRules().dmaLimit() > 0, "Debian armmp selects ZONE_DMA");
  }

  /**
   * Issue 11 class 12: a banner without a pkmap line ends its modules at PAGE_OFFSET, as a 3.x
   * W55FA93 board printed ({@code modules : 0xbf000000 - 0xc0000000   (  16 MB)}, no pkmap line);
   * with HIGHMEM the modules end 2 MiB lower ({@code 0xbf000000 - 0xbfe00000}).
   */
  @Test
  void modulesEndingAtPageOffsetMeanNoHighmem() {
    List<LogHint> hints = new ArmKmapProvider().logHints();
    String noPkmap = "    modules : 0xbf000000 - 0xc0000000   (  16 MB)";
    String pkmap = "    modules : 0xbf000000 - 0xbfe00000   (  14 MB)";
    assertTrue(hints.stream().anyMatch(h -> h.option().equals("CONFIG_HIGHMEM") && h.value().equals("n")
        && h.pattern().matcher(noPkmap).matches()));
    assertFalse(hints.stream().anyMatch(h -> h.option().equals("CONFIG_HIGHMEM")
        && h.pattern().matcher(pkmap).matches()));
  }
}

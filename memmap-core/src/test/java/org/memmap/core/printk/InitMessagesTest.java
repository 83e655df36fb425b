package org.memmap.core.printk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.RamRange;

/** SLUB's figures and the freed init section, against the lines real boots printed. */
class InitMessagesTest {
  private static Machine machine(String release, String cmdline, Map<String, Long> symbols) {
    return new Machine("x86", KernelVersion.parse(release), List.of(RamRange.parse("1G@0")),
        KernelConfig.EMPTY, new KernelCommandLine(cmdline), Map.of("nr_cpus", "2"), symbols, List.of());
  }

  @Test
  void slub2624HadMaxOrderOneAndFourMinObjects() {
    // reallogs/x86-2.6.24-ubuntu-dell-inspiron-9300-2g.log (figures after Genslabs=11)
    assertEquals("HWalign=64, Order=0-1, MinObjects=4, CPUs=2, Nodes=1",
        InitMessages.slubFigures(machine("2.6.24", "", Map.of()), KernelConfig.EMPTY, 64).orElseThrow());
  }

  @Test
  void slubFrom2627HasPageAllocCostlyOrder() {
    // debian 6.1 i386 boots: SLUB: HWalign=32, Order=0-3, MinObjects=0, CPUs=1, Nodes=1 (here 2 CPUs)
    assertEquals("HWalign=32, Order=0-3, MinObjects=0, CPUs=2, Nodes=1",
        InitMessages.slubFigures(machine("6.1", "", Map.of()), KernelConfig.EMPTY, 32).orElseThrow());
  }

  @Test
  void theCommandLineSetsSlubOrders() {
    assertEquals("HWalign=64, Order=1-2, MinObjects=8, CPUs=2, Nodes=1", InitMessages.slubFigures(
        machine("5.10", "slub_min_order=1 slub_max_order=2 slub_min_objects=8", Map.of()), KernelConfig.EMPTY, 64)
        .orElseThrow());
  }

  @Test
  void aSlabKernelPrintsNoSlubLine() {
    assertTrue(InitMessages.slubFigures(machine("5.10", "", Map.of()),
        KernelConfig.EMPTY.with("CONFIG_SLUB", "n").with("CONFIG_SLAB", "y"), 64).isEmpty());
  }

  @Test
  void theInitSectionIsFreedInWholePages() {
    // reallogs/arm-3.14.17-ami-ast2400-bmc-240m.log: Freeing unused kernel memory: 928K (c0497000 - c057f000)
    Machine m = machine("6.1", "", Map.of("__init_begin", 0xc0497000L, "__init_end", 0xc057f000L));
    assertEquals(928, InitMessages.initmemFreedKb(m).getAsLong());
    assertEquals("Freeing unused kernel image (initmem) memory: 928K", InitMessages.freeInitmem(m).orElseThrow());
  }
}

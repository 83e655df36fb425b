package org.memmap.arch.arm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.memmap.api.KernelConfig;
import org.memmap.api.Machine;

/**
 * ARCH_NEEDS_KMAP_HIGH_GET as arch/arm/include/asm/highmem.h decides it: defined, then undefined
 * for {@code CONFIG_SMP && CONFIG_CPU_TLB_V6} and for {@code CONFIG_ARM_ERRATA_798181}.
 */
class ArmKmapHighGetTest {
  private final Machine board = new ArmKmapProvider().defaultMachine();

  @Test
  void aDefaultHighmemKernelHasKmapHighGet() {
    assertTrue(ArmLayouts.describe(board).pkmapSpec().orElseThrow().kmapHighGet());
  }

  @Test
  void smpWithV6TlbsOrErratum798181HasNone() {
    assertFalse(ArmLayouts.describe(board.withConfig(
        KernelConfig.EMPTY.with("CPU_TLB_V6", "y"))).pkmapSpec().orElseThrow().kmapHighGet());
    assertTrue(ArmLayouts.describe(board.withConfig(
        KernelConfig.EMPTY.with("CPU_TLB_V6", "y").with("SMP", "n"))).pkmapSpec().orElseThrow().kmapHighGet());
    assertFalse(ArmLayouts.describe(board.withConfig(
        KernelConfig.EMPTY.with("ARM_ERRATA_798181", "y"))).pkmapSpec().orElseThrow().kmapHighGet());
  }
}

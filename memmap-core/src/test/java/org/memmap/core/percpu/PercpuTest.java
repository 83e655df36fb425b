package org.memmap.core.percpu;

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
import org.memmap.api.spi.PercpuSetup;

/**
 * The first percpu chunk against real boots: every expected line is the one the boot printed
 * (the logs are in testdata/: debian-6.1, reallogs, oracle).
 */
class PercpuTest {
  private static final PercpuSetup X86_PAGE = new PercpuSetup(true, java.util.OptionalLong.of(4096));

  private static Machine machine(String release, Map<String, String> facts) {
    return new Machine("arm", KernelVersion.parse(release), List.of(RamRange.parse("1G@0x40000000")),
        KernelConfig.EMPTY, KernelCommandLine.EMPTY, facts, Map.of(), List.of());
  }

  private static PcpuAllocInfo chunk(String release, String staticSize, long cpus, KernelConfig config, PercpuSetup setup) {
    Machine m = machine(release, Map.of("percpu_static", staticSize, "nr_cpus", Long.toString(cpus)));
    return Percpu.firstChunk(m, config, setup).info().orElseThrow();
  }

  private static final KernelConfig SMP_MODULES = KernelConfig.EMPTY.with("CONFIG_SMP", "y").with("CONFIG_MODULES", "y");

  @Test
  void debian61ArmmpEmbedsEighteenPages() {
    // debian-6.1/armhf-armmp-1024M.log
    PcpuAllocInfo ai = chunk("6.1.0-50-armmp", "45012", 1, SMP_MODULES, PercpuSetup.GENERIC);
    assertEquals("percpu: Embedded 18 pages/cpu s45012 r8192 d20524 u73728",
        Percpu.embeddedLine(ai, KernelVersion.parse("6.1")).orElseThrow());
    assertEquals(List.of("pcpu-alloc: s45012 r8192 d20524 u73728 alloc=18*4096", "pcpu-alloc: [0] 0"),
        Percpu.dumpLines(ai, 1));
    assertEquals(73728, ai.firstChunkBytes());
  }

  @Test
  void debian61I386FoldsTheModuleReserveIntoTheDynamicRegion() {
    // oracle/x86/i386-686-pae-1024M: percpu: Embedded 33 pages/cpu s104276 r0 d30892 u135168
    PcpuAllocInfo ai = chunk("6.1.0-50-686-pae", "104276", 1, SMP_MODULES, X86_PAGE);
    assertEquals("33 pages/cpu s104276 r0 d30892 u135168", (ai.sizeSum() >> 12) + " pages/cpu " + ai.figures());
  }

  @Test
  void custom72WithoutModulesHasNoModuleReserve() {
    // i386-custom72-3g-pae-smp4: percpu: Embedded 19 pages/cpu s56652 r0 d21172 u77824
    KernelConfig cfg = KernelConfig.EMPTY.with("CONFIG_SMP", "y").with("CONFIG_MODULES", "n");
    PcpuAllocInfo ai = chunk("7.2.12", "56652", 1, cfg, X86_PAGE);
    assertEquals("s56652 r0 d21172 u77824", ai.figures());
  }

  @Test
  void ubuntu2636UsesPmdAtomsAndTwoUnitsPerAllocation() {
    // reallogs/x86-2.6.36-ubuntu-mainline-2g.log, 2 possible CPUs
    PcpuAllocInfo ai = chunk("2.6.36", "32896", 2, SMP_MODULES, new PercpuSetup(true, java.util.OptionalLong.of(4L << 20)));
    // The log prints "PERCPU: Embedded 14 pages/cpu @c2800000 s32896 r0 d24448 u2097152": the
    // chunk's address, which memmap does not model: no line, the figures only.
    assertEquals("s32896 r0 d24448 u2097152", ai.figures());
    assertEquals(14, ai.sizeSum() >> 12);
    assertTrue(Percpu.embeddedLine(ai, KernelVersion.parse("2.6.36")).isEmpty());
    assertEquals(List.of("pcpu-alloc: s32896 r0 d24448 u2097152 alloc=1*4194304", "pcpu-alloc: [0] 0 1"),
        Percpu.dumpLines(ai, 2));
  }

  @Test
  void ubuntu2638PaeFitsFourUnitsInATwoMegabyteAtom() {
    // reallogs/x86-2.6.38-ubuntu-pae-poweredge-2650-6g.log, 4 possible CPUs
    PcpuAllocInfo ai = chunk("2.6.38", "32320", 4, SMP_MODULES, new PercpuSetup(true, java.util.OptionalLong.of(2L << 20)));
    assertEquals("s32320 r0 d20928 u524288", ai.figures());
    assertEquals("pcpu-alloc: s32320 r0 d20928 u524288 alloc=1*2097152", Percpu.dumpLines(ai, 4).get(0));
  }

  @Test
  void arm314HasTheTwelveKilobyteDynamicReserve() {
    // reallogs/arm-3.14-zynq-1g-mem1008.log: PERCPU: Embedded 8 pages/cpu @e6fc0000 s9088 r8192 d15488 u32768
    PcpuAllocInfo ai = chunk("3.14", "9088", 2, SMP_MODULES, PercpuSetup.GENERIC);
    assertEquals("8 pages/cpu s9088 r8192 d15488 u32768", (ai.sizeSum() >> 12) + " pages/cpu " + ai.figures());
    assertEquals(List.of("pcpu-alloc: s9088 r8192 d15488 u32768 alloc=8*4096", "pcpu-alloc: [0] 0 [0] 1"),
        Percpu.dumpLines(ai, 2));
  }

  @Test
  void arm49HasTheTwentyKilobyteDynamicReserve() {
    // reallogs/arm-4.9-rpi3-948m-vmsplit2g.log: percpu: Embedded 14 pages/cpu @ba35b000 s25600 r8192 d23552 u57344
    PcpuAllocInfo ai = chunk("4.9", "25600", 4, SMP_MODULES, PercpuSetup.GENERIC);
    assertEquals("s25600 r8192 d23552 u57344", ai.figures());
    assertEquals(14, ai.sizeSum() >> 12);
  }

  @Test
  void aUpKernelHasOneThirtyTwoKilobyteUnit() {
    // oracle/arm/armhf-custom-2g-hm-1024M.log (allnoconfig, !SMP): no Embedded line
    Machine m = machine("6.1.176", Map.of());
    PcpuAllocInfo ai = Percpu.firstChunk(m, KernelConfig.EMPTY.with("CONFIG_SMP", "n"), PercpuSetup.GENERIC)
        .info().orElseThrow();
    assertTrue(Percpu.embeddedLine(ai, m.kernel()).isEmpty());
    assertEquals(List.of("pcpu-alloc: s0 r0 d32768 u32768 alloc=1*32768", "pcpu-alloc: [0] 0"), Percpu.dumpLines(ai, 1));
  }

  @Test
  void anSmpKernelWithoutItsStaticSizeIsUnknownWithTheReason() {
    Percpu.FirstChunk c = Percpu.firstChunk(machine("6.1", Map.of()), SMP_MODULES, PercpuSetup.GENERIC);
    assertTrue(c.info().isEmpty());
    assertTrue(c.whyUnknown().startsWith("input missing: the percpu static size"), c.whyUnknown());
  }
}

package org.memmap.core.memblock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.memmap.api.KernelConfig;

/** The first chunk against the {@code percpu:} lines real boots printed. */
class PcpuFirstChunkTest {
  private static final KernelConfig SMP_MODULES = KernelConfig.EMPTY.with("SMP", "y").with("MODULES", "y");

  @Test
  void debian61ArmmpWithOneCpu() {
    // testdata/debian-6.1/armhf-armmp-1024M.log: "percpu: Embedded 18 pages/cpu s45012 r8192 d20524 u73728"
    PcpuFirstChunk c = PcpuFirstChunk.generic(SMP_MODULES, 45012, 1);
    assertEquals("percpu: Embedded 18 pages/cpu s45012 r8192 d20524 u73728", c.line());
    // memblock=debug boot of the same kernel: "memblock_alloc_try_nid: 73728 bytes ... pcpu_embed_first_chunk"
    assertEquals(73728, c.memblockBytes());
  }

  @Test
  void x86UsesNoModuleReserveAndA28kDynamicPart() {
    // i386 686-pae 6.1 boots (i386-686-pae-1024M.log): "percpu: Embedded 33 pages/cpu s104276 r0 d30892 u135168"
    // (x86 setup_per_cpu_areas(): reserved PERCPU_FIRST_CHUNK_RESERVE, dyn 8K + 20K).
    PcpuFirstChunk c = PcpuFirstChunk.embed(104276, 0, 28 << 10, 4096, 1);
    assertEquals("percpu: Embedded 33 pages/cpu s104276 r0 d30892 u135168", c.line());
  }

  @Test
  void withoutSmpOneUnitOf32k() {
    PcpuFirstChunk c = PcpuFirstChunk.generic(KernelConfig.EMPTY.with("SMP", "n"), 9000, 1);
    assertEquals(32768, c.memblockBytes());
  }
}

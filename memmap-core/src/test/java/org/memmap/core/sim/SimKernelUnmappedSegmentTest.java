package org.memmap.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.InvalidArchitectureException;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.RamRange;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.HardwareFormat;
import org.memmap.api.spi.PageTableFormat;
import org.memmap.api.spi.UnmappedSegment;
import org.memmap.core.Architectures;
import org.memmap.core.FakeKmapProvider;
import org.memmap.core.MemMap;
import org.memmap.core.pgtable.Walk;

/**
 * A fake architecture whose lowmem lies in an unmapped window, as MIPS32's does in KSEG0: the walk
 * and translate use the window's offset before any table, the boot writes no lowmem entries, no
 * page can be mapped into the window, and core refuses windows that disagree with the linear map.
 */
class SimKernelUnmappedSegmentTest {
  private static final long MB = 1L << 20;
  /** The fake's lowmem: PAGE_OFFSET 0xc0000000, 256 MiB, PHYS_OFFSET 0. */
  private static final UnmappedSegment LOWMEM_WINDOW = new UnmappedSegment("SEG", 0xc0000000L, 0xd0000000L, 0, true);

  /** The fake architecture with its tables' hardware view given {@code segments}, and no lowmem blocks. */
  static final class Windowed extends FakeKmapProvider {
    private final List<UnmappedSegment> segments;

    Windowed(List<UnmappedSegment> segments) {
      this.segments = segments;
    }

    @Override
    public ArchDescription describe(Machine m) {
      ArchDescription d = super.describe(m);
      PageTableFormat f = d.pageTables();
      HardwareFormat g = HardwareFormat.generic(f.levels(), 0, f.physBits());
      HardwareFormat hw = new HardwareFormat(g.levels(), g.hwPteOffset(), g.linuxPteProt(), g.swapperPgDirOffset(),
          g.smallPagesBelow(), g.mapsLowmemHoles(), segments);
      return d.withMechanisms(
          d.mechanisms().withPageTables(new PageTableFormat(f.name(), f.levels(), 0, f.physBits(), hw)));
    }
  }

  private static MemMap memmap(List<UnmappedSegment> segments) {
    return MemMap.of(Architectures.of(List.of(new Windowed(segments))));
  }

  private static SimKernel boot(List<UnmappedSegment> segments) {
    return SimKernel.boot(memmap(segments).layoutOf(
        Machine.of("fake", KernelVersion.of(4, 14), List.of(new RamRange(0, 512 * MB)))));
  }

  @Test
  void lowmemTranslatesThroughTheWindowWithoutTables() {
    SimKernel k = boot(List.of(LOWMEM_WINDOW));
    Walk w = k.walk(0xc0001234L);
    assertEquals(0x1234L, w.paddr());
    assertEquals(LOWMEM_WINDOW, w.segment());
    assertTrue(w.steps().isEmpty());
    assertEquals("unmapped segment SEG: pa = va - 0xc0000000 / 0x00001234", w.oneLine());
    assertEquals(List.of("unmapped segment SEG: pa = va - 0xc0000000", "paddr 0x00001234 (pfn 0x1)"), w.lines());
    assertEquals(0x0ffff000L, k.translate(0xcffff000L));
    // nothing was cached: the window bypasses the TLB
    assertEquals(0, k.tlbEntries());
  }

  @Test
  void bootWritesNoLowmemEntries() {
    // pkmap (one table) and fixmap / kmap_local (one table at the top): 256 MiB of lowmem mapped
    // with pages would need 64 more
    assertEquals(2, boot(List.of(LOWMEM_WINDOW)).tablePages().size());
    assertEquals(66, boot(List.of()).tablePages().size());
  }

  @Test
  void noPageCanBeMappedIntoTheWindow() {
    SimKernel k = boot(List.of(LOWMEM_WINDOW));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> k.setPte(0xc0001000L, 5));
    assertTrue(e.getMessage().contains("unmapped segment SEG"), e.getMessage());
    // vmalloc space still goes through the tables
    k.setPte(0xe0000000L, 0x12345);
    assertEquals(0x12345abcL, k.translate(0xe0000abcL));
    assertNull(k.walk(0xe0000000L).segment());
  }

  @Test
  void coreRefusesWindowsThatDisagreeWithTheLinearMap() {
    Machine m = Machine.of("fake", KernelVersion.of(4, 14), List.of(new RamRange(0, 512 * MB)));
    InvalidArchitectureException shifted = assertThrows(InvalidArchitectureException.class,
        () -> memmap(List.of(new UnmappedSegment("SEG", 0xc0000000L, 0xd0000000L, MB, true))).describe(m));
    assertTrue(shifted.getMessage().contains("not to PHYS_OFFSET 0x00000000"), shifted.getMessage());
    InvalidArchitectureException partly = assertThrows(InvalidArchitectureException.class,
        () -> memmap(List.of(new UnmappedSegment("SEG", 0xc0000000L, 0xc8000000L, 0, true))).describe(m));
    assertTrue(partly.getMessage().contains("lies only partly in the unmapped segment"), partly.getMessage());
    InvalidArchitectureException vmalloc = assertThrows(InvalidArchitectureException.class,
        () -> memmap(List.of(LOWMEM_WINDOW, new UnmappedSegment("SEG2", 0xd0000000L, 0xe0000000L, 0, false)))
            .describe(m));
    assertTrue(vmalloc.getMessage().contains("overlaps the unmapped segment SEG2"), vmalloc.getMessage());
  }

  @Test
  void overlappingWindowsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Windowed(List.of(LOWMEM_WINDOW,
        new UnmappedSegment("X", 0xcff00000L, 0xd1000000L, 0, true))).describe(
            Machine.of("fake", KernelVersion.of(4, 14), List.of(new RamRange(0, 512 * MB)))));
  }
}

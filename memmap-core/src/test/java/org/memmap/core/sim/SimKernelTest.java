package org.memmap.core.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.InputException;
import org.memmap.api.RamRange;
import org.memmap.core.FakeLayouts;

class SimKernelTest {
  private static final long MB = 1L << 20;

  private final SimKernel k = SimKernel.boot(FakeLayouts.layout(List.of(new RamRange(0, 512 * MB))));

  @Test
  void staleTlbEntryStaysUsableUntilFlushed() {
    long va = 0xf0000000L;
    k.setPte(va, 0x100);
    assertEquals(0x100000L, k.translate(va));
    k.clearPte(va);
    // The walk already faults, the TLB still holds the old translation: flush_tlb is required.
    assertTrue(k.walk(va).faulted());
    assertEquals(0x100000L, k.translate(va + 8) - 8);
    k.flushTlbRange(va, va + 4096);
    assertEquals(-1, k.translate(va));
  }

  @Test
  void setPteTwiceIsABugAndClearingAnUnmappedPteToo() {
    k.setPte(0xf0001000L, 5);
    assertThrows(IllegalStateException.class, () -> k.setPte(0xf0001000L, 6));
    assertThrows(IllegalStateException.class, () -> k.clearPte(0xf0002000L));
    // lowmem is mapped with large pages: no pte table can cover it
    assertThrows(IllegalStateException.class, () -> k.setPte(0xc0400000L, 6));
  }

  @Test
  void physicalBoundsAreCheckedNamingTheAddress() {
    InputException e = assertThrows(InputException.class, () -> k.physMemory().read(0x40000000L, 4));
    assertTrue(e.getMessage().contains("0x40000000"), e.getMessage());
  }

  @Test
  void largeSparseMachineIsCheap() {
    SimKernel big = SimKernel.boot(FakeLayouts.layout(List.of(new RamRange(0, 1L << 33))));
    big.physMemory().write((1L << 33) - 4, new byte[] {1, 2, 3, 4});
    assertArrayEquals(new byte[] {1, 2, 3, 4}, big.physMemory().read((1L << 33) - 4, 4));
    assertTrue(big.physMemory().touchedPages() < 16, "touched " + big.physMemory().touchedPages());
  }

  @Test
  void pageAllocatorNeverHandsOutPageTables() {
    SimPageAllocator a = k.pageAllocator();
    long pgdPfn = k.pgdPaddr() >>> 12;
    for (long t : k.tablePages()) {
      assertTrue(!a.isFree(t >>> 12));
    }
    assertTrue(!a.isFree(pgdPfn));
    long p = a.allocPage(true);
    assertTrue(k.isHighmem(p));
    a.freePage(p);
    assertEquals(p, a.allocPage(true));
    assertThrows(IllegalStateException.class, () -> a.freePage(0x7ffff));
  }
}

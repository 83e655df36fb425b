package org.memmap.core.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.InputException;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.core.Architectures;
import org.memmap.core.FakeKmapProvider;
import org.memmap.core.FakeLayouts;
import org.memmap.core.MemMap;
import org.memmap.core.vmalloc.VmStruct;

/** A simulated kernel owns one page allocator, one kmap machinery and one vmalloc allocator. */
class SimKernelMachineryTest {
  private static final long MB = 1L << 20;
  /** The fake machine: lowmem ends at 256 MiB, so pfn 0x10000 is the first highmem page. */
  private static final long FIRST_HIGH_PFN = 0x10000;

  private static SimKernel boot() {
    return SimKernel.boot(FakeLayouts.layout(List.of(new RamRange(0, 512 * MB))));
  }

  @Test
  void oneKmapMachineryAndOneVmallocPerKernel() {
    SimKernel k = boot();
    assertSame(k.highmem(), k.highmem());
    assertSame(k.vmalloc(), k.vmalloc());
    // A second look at the kmap machinery maps a second page next to the first, no PTE clash.
    long a = k.highmem().kmap(FIRST_HIGH_PFN);
    long b = k.highmem().kmap(FIRST_HIGH_PFN + 1);
    assertEquals(a + 4096, b);
  }

  @Test
  void aFreePageThatIsKmappedIsNeverHandedToVmalloc() {
    SimKernel k = boot();
    assertTrue(k.pageAllocator().isFree(FIRST_HIGH_PFN));
    long vaddr = k.highmem().kmap(FIRST_HIGH_PFN);
    assertTrue(!k.pageAllocator().isFree(FIRST_HIGH_PFN), "kmap took the page from the allocator");
    // vmalloc backs its areas with highmem first, lowest pfn first: it would have taken 0x10000
    VmStruct area = k.vmalloc().vmalloc(4096, "test");
    long backing = k.translate(area.addr()) >>> 12;
    assertNotEquals(FIRST_HIGH_PFN, backing);
    assertEquals(FIRST_HIGH_PFN << 12, k.translate(vaddr));
  }

  @Test
  void theCpuCountComesFromTheMachine() {
    assertEquals(1, boot().onlineCpus());
    MemMap fake = MemMap.of(Architectures.of(List.of(new FakeKmapProvider())));
    Machine m = Machine.of("fake", KernelVersion.of(4, 14), List.of(new RamRange(0, 512 * MB)));
    MemoryLayout one = fake.layoutOf(m.withBoardFact("nr_cpus", "1"));
    assertEquals(1, SimKernel.boot(one).onlineCpus());
    // the fake kernel's NR_CPUS is 1
    MemoryLayout two = fake.layoutOf(m.withBoardFact("nr_cpus", "2"));
    InputException e = assertThrows(InputException.class, () -> SimKernel.boot(two));
    assertTrue(e.getMessage().contains("nr_cpus 2") && e.getMessage().contains("NR_CPUS"), e.getMessage());
    MemoryLayout bad = fake.layoutOf(m.withBoardFact("nr_cpus", "many"));
    assertThrows(InputException.class, () -> SimKernel.boot(bad));
  }
}

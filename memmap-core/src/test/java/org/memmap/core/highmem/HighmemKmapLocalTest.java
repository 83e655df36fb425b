package org.memmap.core.highmem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.InputException;

/**
 * kmap_atomic / kmap_local. Slot addresses are {@code __fix_to_virt(FIX_KMAP_BEGIN + type +
 * slots * cpu) = FIXADDR_TOP - idx * 4096}, worked out by hand from the constants in {@link
 * Board}: ARM 5.10 (arch/arm/mm/highmem.c: {@code idx = FIX_KMAP_BEGIN + type + KM_TYPE_NR *
 * smp_processor_id()}) and x86 6.1 (mm/highmem.c {@code kmap_local_calc_idx}: {@code idx +
 * KM_MAX_IDX * smp_processor_id()}, {@code kmap_local_idx_push}: {@code BUG_ON(idx >=
 * KM_MAX_IDX)} after the increment).
 */
class HighmemKmapLocalTest {

  @Test
  void x86SlotsAreTakenDownwardFromFixKmapBeginAndReleasedInReverseOrder() {
    Board.Machine m = Board.X86.boot();
    Highmem h = m.highmem();
    long p = Board.X86.firstHighPfn();
    KmapCtrl task = h.kmapCtrl(0);
    // 0xfffff000 - 68 * 0x1000, then - 69 * 0x1000
    assertEquals(0xfffbb000L, h.kmapLocal(task, p));
    assertEquals(0xfffba000L, h.kmapLocal(task, p + 1));
    assertEquals(2, task.depth());
    assertEquals(p + 1, h.kmapToPage(0xfffba010L));

    InputException e = assertThrows(InputException.class, () -> h.kunmapLocal(task, 0xfffbb000L));
    assertTrue(e.getMessage().contains("out of order"), e.getMessage());
    assertEquals(2, task.depth(), "unchanged");
    assertEquals(p, m.mmu().pte(0xfffbb000L));
    assertEquals(p + 1, m.mmu().pte(0xfffba000L));

    m.mmu().read(0xfffba000L, 1); // fills the TLB entry
    h.kunmapLocal(task, 0xfffba123L);
    assertEquals(List.of(new FakeMmu.Flush(0xfffba000L, 0xfffbb000L)), m.mmu().flushes(),
        "flush_tlb_one_kernel of the slot's page");
    assertEquals(-1, m.mmu().translate(0xfffba000L));
    h.kunmapLocal(task, 0xfffbb000L);
    assertEquals(0, task.depth());
    assertEquals(0, m.mmu().pteCount());

    KmapCtrl onCpu1 = h.kmapCtrl(1);
    assertEquals(0xfffab000L, h.kmapLocal(onCpu1, p)); // 0xfffff000 - (68 + 16) * 0x1000
  }

  @Test
  void armPerCpuStacksStartBelowFixaddrTop() {
    Highmem h = Board.ARM.boot().highmem();
    long p = Board.ARM.firstHighPfn();
    KmapCtrl cpu0 = h.kmapCtrl(0);
    assertSame(cpu0, h.kmapCtrl(0), "up to 5.10 the stack is the CPU's");
    assertEquals(0xffefe000L, h.kmapLocal(cpu0, p)); // 0xffeff000 - (1 + 0) * 0x1000
    assertEquals(0xffefd000L, h.kmapLocal(cpu0, p + 1));
    assertEquals(0xffeee000L, h.kmapLocal(h.kmapCtrl(1), p + 2)); // - (1 + 16) * 0x1000
  }

  @Test
  void theDepthLimitIsKmTypeNrPerCpuAndKmMaxIdxMinusOnePerTask() {
    Highmem arm = Board.ARM.boot().highmem();
    KmapCtrl cpu0 = arm.kmapCtrl(0);
    long p = Board.ARM.firstHighPfn();
    long last = 0;
    for (int i = 0; i < 16; i++) {
      last = arm.kmapLocal(cpu0, p + i);
    }
    assertEquals(0xffeef000L, last); // type 15: 0xffeff000 - 16 * 0x1000
    IllegalStateException full =
        assertThrows(IllegalStateException.class, () -> arm.kmapLocal(cpu0, p + 16));
    assertTrue(full.getMessage().contains("KM_TYPE_NR"), full.getMessage());
    assertEquals(16, cpu0.depth());

    Highmem x86 = Board.X86.boot().highmem();
    KmapCtrl task = x86.kmapCtrl(0);
    long q = Board.X86.firstHighPfn();
    for (int i = 0; i < 15; i++) {
      last = x86.kmapLocal(task, q + i);
    }
    assertEquals(0xfffad000L, last); // type 14: 0xfffff000 - 82 * 0x1000
    assertThrows(IllegalStateException.class, () -> x86.kmapLocal(task, q + 15));
    assertEquals(15, task.depth());
  }

  @Test
  void aLowmemPageNeedsNoSlot() {
    Board.Machine m = Board.X86.boot();
    Highmem h = m.highmem();
    KmapCtrl task = h.kmapCtrl(0);
    assertEquals(0xc0200000L, h.kmapLocal(task, 0x200)); // __va(0x200000)
    assertEquals(0, task.depth());
    h.kunmapLocal(task, 0xc0200000L);
    assertEquals(0, m.mmu().pteCount());
    assertTrue(m.mmu().flushes().isEmpty());
  }

  @Test
  void armReusesAnExistingPkmapMappingThroughKmapHighGet() {
    Highmem arm = Board.ARM.boot().highmem();
    long p = Board.ARM.firstHighPfn();
    KmapCtrl cpu0 = arm.kmapCtrl(0);
    assertEquals(0xbfe01000L, arm.kmap(p));
    assertEquals(0xbfe01000L, arm.kmapLocal(cpu0, p));
    assertEquals(3, arm.pkmapCount(1));
    assertEquals(0, cpu0.depth());
    arm.kunmapLocal(cpu0, 0xbfe01000L);
    assertEquals(2, arm.pkmapCount(1));

    Highmem x86 = Board.X86.boot().highmem();
    long q = Board.X86.firstHighPfn();
    x86.kmap(q);
    assertEquals(0xfffbb000L, x86.kmapLocal(x86.kmapCtrl(0), q), "x86 has no kmap_high_get");
    assertEquals(2, x86.pkmapCount(1));
  }

  @Test
  void kunmapLocalOfAKmapHighGetMappingWakesPkmapSleepers() {
    Highmem arm = Board.ARM.boot().highmem();
    long first = Board.ARM.firstHighPfn();
    for (int i = 1; i < 512; i++) {
      arm.kmap(first + i);
    }
    arm.kmap(first);
    KmapCtrl cpu0 = arm.kmapCtrl(0);
    assertEquals(0xbfe05000L, arm.kmapLocal(cpu0, first + 5));
    arm.kunmap(first + 5);
    assertTrue(arm.tryKmap(first + 512, 4).blocked());
    arm.kunmapLocal(cpu0, 0xbfe05000L);
    assertEquals(List.of(4), arm.takeWoken());
    assertEquals(KmapAttempt.mapped(0xbfe05000L), arm.tryKmap(first + 512, 4));
  }

  @Test
  void perTaskStacksShareTheCpusSlotsAndAreSwappedOnContextSwitch() {
    Board.Machine m = Board.X86.boot();
    Highmem h = m.highmem();
    long p = Board.X86.firstHighPfn();
    KmapCtrl a = h.kmapCtrl(0);
    KmapCtrl b = h.kmapCtrl(0);
    assertNotSame(a, b);
    assertEquals(0xfffbb000L, h.kmapLocal(a, p));
    m.mmu().write(0xfffbb000L, new byte[] {'A'});
    assertEquals(0xfffbb000L, h.kmapLocal(b, p + 1), "task b runs: a's mapping is swapped out");
    assertTrue(m.mmu().flushes().contains(new FakeMmu.Flush(0xfffbb000L, 0xfffbc000L)));
    m.mmu().write(0xfffbb000L, new byte[] {'B'});
    h.switchTo(a);
    assertArrayEquals(new byte[] {'A'}, m.mmu().read(0xfffbb000L, 1));
    assertEquals(p, h.kmapToPage(0xfffbb000L));
    h.kunmapLocal(b, 0xfffbb000L); // switches back to b, then unmaps its slot
    assertEquals(0, b.depth());
    h.switchTo(a);
    assertArrayEquals(new byte[] {'A'}, m.mmu().read(0xfffbb000L, 1));
    assertArrayEquals(new byte[] {'B'}, m.mmu().readPhys(p + 1, 0, 1));
    h.kunmapLocal(a, 0xfffbb000L);
  }

  @Test
  void badKmapLocalInputIsRefused() {
    Highmem h = Board.X86.boot().highmem();
    KmapCtrl task = h.kmapCtrl(0);
    assertThrows(InputException.class, () -> h.kmapCtrl(32), "NR_CPUS is 32");
    assertThrows(InputException.class, () -> h.kunmapLocal(task, 0xfffbb000L), "empty stack");
    assertThrows(InputException.class, () -> h.kunmapLocal(task, 0xf8000000L), "vmalloc");
    assertThrows(InputException.class, () -> h.kmapLocal(task, 0x80000), "2 GiB of RAM");
    KmapCtrl foreign = Board.ARM.boot().highmem().kmapCtrl(0);
    assertThrows(IllegalArgumentException.class, () -> h.kmapLocal(foreign, 0x40000));
  }
}

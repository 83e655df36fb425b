package org.memmap.core.highmem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.memmap.api.spi.LinearMap;
import org.memmap.api.InputException;

/**
 * Golden pkmap scenarios. The expected slot sequence is the one {@code mm/highmem.c} produces
 * (torvalds/linux, mm/highmem.c: {@code get_next_pkmap_nr} increments {@code last_pkmap_nr}
 * before use, {@code no_more_pkmaps} is {@code nr == 0}, {@code flush_all_zero_pkmaps} frees the
 * count-1 slots and flushes the whole range once, {@code map_new_virtual} sleeps after
 * {@code LAST_PKMAP} probes); the addresses are {@code PKMAP_ADDR(nr) = PKMAP_BASE + nr * 4096}
 * written out by hand for each board's PKMAP_BASE (see {@link Board}).
 */
class HighmemTest {

  /** board, PKMAP_ADDR(0), (1), (2), (3), (5), PKMAP_ADDR(LAST_PKMAP), LAST_PKMAP. */
  static Stream<Arguments> boards() {
    return Stream.of(
        arguments(Board.ARM, 0xbfe00000L, 0xbfe01000L, 0xbfe02000L, 0xbfe03000L, 0xbfe05000L,
            0xc0000000L, 512),
        arguments(Board.X86, 0xfec00000L, 0xfec01000L, 0xfec02000L, 0xfec03000L, 0xfec05000L,
            0xff000000L, 1024),
        arguments(Board.X86_PAE, 0xff000000L, 0xff001000L, 0xff002000L, 0xff003000L, 0xff005000L,
            0xff200000L, 512));
  }

  @ParameterizedTest
  @MethodSource("boards")
  void firstKmapAfterBootTakesSlotOneAndAMappedPageIsReused(
      Board board, long a0, long a1, long a2, long a3, long a5, long end, int last) {
    Highmem h = board.boot().highmem();
    long p = board.firstHighPfn();
    long q = p + 1;
    assertEquals(a1, h.kmap(p));
    assertEquals(a2, h.kmap(q));
    assertEquals(a1, h.kmap(p), "a page that is mapped keeps its address");
    assertEquals(List.of(new PkmapSlot(1, a1, p, 3), new PkmapSlot(2, a2, q, 2)), h.showPkmap());
    assertEquals(OptionalLong.of(a1), h.pageAddress(p));
    assertEquals(p, h.kmapToPage(a1 + 0x123));
    PkmapStats s = h.stats();
    assertEquals(2, s.maps());
    assertEquals(1, s.reuses());
    assertEquals(0, s.wrapArounds());
  }

  @ParameterizedTest
  @MethodSource("boards")
  void kunmapLeavesTheMappingInPlaceUntilTheNextFlush(
      Board board, long a0, long a1, long a2, long a3, long a5, long end, int last) {
    Board.Machine m = board.boot();
    Highmem h = m.highmem();
    long p = board.firstHighPfn();
    assertEquals(a1, h.kmap(p));
    assertEquals(a2, h.kmap(p + 1));
    h.kunmap(p);
    assertEquals(1, h.pkmapCount(1), "no users, but mapped since the last flush");
    assertEquals(OptionalLong.of(a1), h.pageAddress(p));
    assertEquals(a3, h.kmap(p + 2), "slot 1 is not reused before a flush");
    assertEquals(a1, h.kmap(p), "the lazily kept mapping is found again");
    assertEquals(2, h.pkmapCount(1));
    assertTrue(m.mmu().flushes().isEmpty());
  }

  @ParameterizedTest
  @MethodSource("boards")
  void wrapAroundFlushesAllUnusedSlotsWithOneTlbFlush(
      Board board, long a0, long a1, long a2, long a3, long a5, long end, int last) {
    Board.Machine m = board.boot();
    Highmem h = m.highmem();
    long first = board.firstHighPfn();
    byte[] data = {1, 2, 3, 4};
    for (int i = 1; i < last; i++) {
      long vaddr = h.kmap(first + i);
      assertEquals(a0 + (long) i * 4096, vaddr);
      m.mmu().write(vaddr, data); // fills the TLB entry the flush must drop
      h.kunmap(first + i);
    }
    assertEquals(last - 1, h.lastPkmapNr());
    assertTrue(m.mmu().flushes().isEmpty());

    long p = first + last + 7;
    assertEquals(a0, h.kmap(p), "the search wraps to slot 0 after the flush");
    assertEquals(List.of(new FakeMmu.Flush(a0, end)), m.mmu().flushes());
    assertEquals(List.of(new PkmapSlot(0, a0, p, 2)), h.showPkmap());
    assertEquals(OptionalLong.empty(), h.pageAddress(first + 1));
    assertEquals(-1, m.mmu().translate(a1), "flushed: the old mapping faults");
    assertEquals(a1, h.kmap(first + 100), "slot 1 is free again");
    PkmapStats s = h.stats();
    assertEquals(1, s.wrapArounds());
    assertEquals(1, s.flushes());
    assertEquals(last + 1, s.maps());
    h.checkInvariants();
  }

  @ParameterizedTest
  @MethodSource("boards")
  void aWrapWithNothingToFreeIssuesNoTlbFlush(
      Board board, long a0, long a1, long a2, long a3, long a5, long end, int last) {
    Board.Machine m = board.boot();
    Highmem h = m.highmem();
    long first = board.firstHighPfn();
    for (int i = 1; i < last; i++) {
      h.kmap(first + i);
    }
    assertEquals(a0, h.kmap(first), "the last free slot is slot 0, reached after the wrap");
    assertEquals(1, h.stats().wrapArounds());
    assertTrue(m.mmu().flushes().isEmpty());
    assertEquals(last, h.showPkmap().size());
  }

  @ParameterizedTest
  @MethodSource("boards")
  void aFullPoolPutsTheTaskToSleepAndKunmapToCountOneWakesIt(
      Board board, long a0, long a1, long a2, long a3, long a5, long end, int last) {
    Board.Machine m = board.boot();
    Highmem h = m.highmem();
    long first = board.firstHighPfn();
    fill(h, first, last);
    assertEquals(a5, h.kmap(first + 5), "second user of slot 5");

    long p = first + last;
    assertEquals(KmapAttempt.asleep(), h.tryKmap(p, 7));
    assertEquals(List.of(7), h.sleepers());
    // slot 0 was taken last; the search then probed 1 .. LAST-1, wrapped (a flush with nothing to
    // free), probed 0 .. LAST-1 and went to sleep there.
    assertEquals(last - 1, h.lastPkmapNr());
    assertEquals(2, h.stats().wrapArounds());
    assertEquals(1, h.stats().waits());

    h.kunmap(first + 5);
    assertEquals(List.of(), h.takeWoken(), "count 3 -> 2 wakes nobody");
    h.kunmap(first + 5);
    assertEquals(List.of(7), h.takeWoken(), "count 2 -> 1 wakes the sleeper");
    assertEquals(List.of(), h.sleepers());
    assertTrue(m.mmu().flushes().isEmpty());

    assertEquals(KmapAttempt.mapped(a5), h.tryKmap(p, 7), "the wrap flush freed slot 5");
    assertEquals(List.of(new FakeMmu.Flush(a0, end)), m.mmu().flushes());
    assertEquals(OptionalLong.empty(), h.pageAddress(first + 5));
    h.checkInvariants();
  }

  @ParameterizedTest
  @MethodSource("boards")
  void tasksWaitingForTheSamePageShareTheMappingTheFirstOneMakes(
      Board board, long a0, long a1, long a2, long a3, long a5, long end, int last) {
    Highmem h = board.boot().highmem();
    long first = board.firstHighPfn();
    fill(h, first, last);
    long p = first + last;
    assertTrue(h.tryKmap(p, 1).blocked());
    assertTrue(h.tryKmap(p, 2).blocked());
    assertEquals(List.of(1, 2), h.sleepers());
    h.kunmap(first + 5);
    assertEquals(List.of(1, 2), h.takeWoken());
    assertEquals(KmapAttempt.mapped(a5), h.tryKmap(p, 1));
    assertEquals(KmapAttempt.mapped(a5), h.tryKmap(p, 2), "somebody else mapped it meanwhile");
    assertEquals(3, h.pkmapCount(5));
    assertThrows(InputException.class, () -> {
      h.tryKmap(first + last + 1, 3);
      h.tryKmap(first + last + 1, 3);
    }, "a sleeping task cannot run");
  }

  @ParameterizedTest
  @MethodSource("boards")
  void realThreadsSleepOnAFullPoolAndWakeOnKunmap(
      Board board, long a0, long a1, long a2, long a3, long a5, long end, int last)
      throws Exception {
    Highmem h = board.boot().highmem();
    long first = board.firstHighPfn();
    fill(h, first, last);
    long p = first + last;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CompletableFuture<Long> one = CompletableFuture.supplyAsync(() -> h.kmap(p), pool);
      CompletableFuture<Long> two = CompletableFuture.supplyAsync(() -> h.kmap(p), pool);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (h.stats().waits() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertEquals(2, h.stats().waits(), "both threads sleep");
      assertFalse(one.isDone() || two.isDone());
      h.kunmap(first + 5);
      assertEquals(a5, one.get(5, TimeUnit.SECONDS));
      assertEquals(a5, two.get(5, TimeUnit.SECONDS));
      assertEquals(3, h.pkmapCount(5));
      assertTrue(h.stats().waitNanos() > 0);
      h.checkInvariants();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTimedKmapGivesUpWhenNoSlotFrees() {
    Highmem h = Board.ARM.boot().highmem();
    long first = Board.ARM.firstHighPfn();
    fill(h, first, 512);
    List<PkmapSlot> before = h.showPkmap();
    assertEquals(OptionalLong.empty(), h.kmap(first + 600, Duration.ofMillis(50)));
    assertEquals(before, h.showPkmap());
    assertTrue(h.stats().waitNanos() >= TimeUnit.MILLISECONDS.toNanos(50));
    h.kunmap(first + 3);
    assertEquals(OptionalLong.of(0xbfe03000L), h.kmap(first + 600, Duration.ofSeconds(5)));
  }

  @Test
  void aSleepOnTheWaitQueueIsUninterruptibleAndKeepsTheInterruptFlag() {
    // TASK_UNINTERRUPTIBLE: a pending interrupt neither ends the sleep early nor is lost.
    Highmem h = Board.ARM.boot().highmem();
    long first = Board.ARM.firstHighPfn();
    fill(h, first, 512);
    Thread.currentThread().interrupt();
    try {
      assertEquals(OptionalLong.empty(), h.kmap(first + 600, Duration.ofMillis(20)));
      assertTrue(h.stats().waitNanos() >= TimeUnit.MILLISECONDS.toNanos(20));
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
    assertEquals(1, h.stats().waits());
    h.checkInvariants();
  }

  @Test
  void kmapOfALowmemPageReturnsItsLinearAddressWithoutTouchingThePool() {
    Board.Machine m = Board.ARM.boot();
    Highmem h = m.highmem();
    // __va(0x100000) with PAGE_OFFSET 0xc0000000, PHYS_OFFSET 0.
    assertEquals(0xc0100000L, h.kmap(0x100));
    h.kunmap(0x100);
    h.kunmap(0x100);
    assertEquals(OptionalLong.of(0xc0100000L), h.pageAddress(0x100));
    assertEquals(0x100, h.kmapToPage(0xc0100abcL));
    assertEquals(List.of(), h.showPkmap());
    assertEquals(0, h.stats().maps());
    assertEquals(0, m.mmu().pteCount());
    // the last lowmem page: pfn 0x2ffff below max_low_pfn 0x30000; the first highmem one is kmapped.
    assertEquals(0xeffff000L, h.kmap(0x2ffff));
    assertEquals(0xbfe01000L, h.kmap(0x30000));
  }

  @Test
  void kmapHighGetPinsOnlyAnExistingMappingAndOnlyOnArm() {
    Highmem arm = Board.ARM.boot().highmem();
    long p = Board.ARM.firstHighPfn();
    assertEquals(OptionalLong.empty(), arm.kmapHighGet(p), "never maps");
    assertEquals(List.of(), arm.showPkmap());
    arm.kmap(p);
    assertEquals(OptionalLong.of(0xbfe01000L), arm.kmapHighGet(p));
    assertEquals(3, arm.pkmapCount(1));

    Highmem x86 = Board.X86.boot().highmem();
    long q = Board.X86.firstHighPfn();
    x86.kmap(q);
    assertEquals(OptionalLong.empty(), x86.kmapHighGet(q), "no ARCH_NEEDS_KMAP_HIGH_GET");
    assertEquals(2, x86.pkmapCount(1));
  }

  @Test
  void kmapFlushUnusedFreesCountOneSlotsAndFlushesOnlyIfItFreedAny() {
    Board.Machine m = Board.X86.boot();
    Highmem h = m.highmem();
    long p = Board.X86.firstHighPfn();
    h.kmapFlushUnused();
    assertTrue(m.mmu().flushes().isEmpty());
    h.kmap(p);
    h.kmap(p + 1);
    h.kunmap(p);
    h.kmapFlushUnused();
    assertEquals(List.of(new FakeMmu.Flush(0xfec00000L, 0xff000000L)), m.mmu().flushes());
    assertEquals(List.of(new PkmapSlot(2, 0xfec02000L, p + 1, 2)), h.showPkmap());
    assertEquals(0xfec03000L, h.kmap(p), "last_pkmap_nr is not reset by a flush");
  }

  // --- data ---------------------------------------------------------------------------------

  @Test
  void dataWrittenThroughAKmapIsInThePhysicalPageAndSeenThroughLaterMappings() {
    Board.Machine m = Board.ARM.boot();
    Highmem h = m.highmem();
    long p = Board.ARM.firstHighPfn() + 42;
    byte[] data = {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};
    long vaddr = h.kmap(p);
    m.mmu().write(vaddr + 0x10, data);
    h.kunmap(p);
    assertArrayEquals(data, m.mmu().readPhys(p, 0x10, 4));
    assertArrayEquals(data, m.mmu().read(vaddr + 0x10, 4), "lazily unmapped: still usable");

    h.kmapFlushUnused();
    assertThrows(InputException.class, () -> m.mmu().read(vaddr, 1), "flushed: faults");

    h.kmap(Board.ARM.firstHighPfn()); // takes slot 2, so p lands elsewhere
    long again = h.kmap(p);
    assertEquals(0xbfe03000L, again);
    assertArrayEquals(data, m.mmu().read(again + 0x10, 4));
    KmapCtrl cpu0 = h.kmapCtrl(0);
    h.kunmap(p);
    h.kmapFlushUnused();
    long local = h.kmapLocal(cpu0, p);
    assertArrayEquals(data, m.mmu().read(local + 0x10, 4));
    h.kunmapLocal(cpu0, local);
  }

  // --- bad input ----------------------------------------------------------------------------

  @Test
  void kunmapOfAPageNeverMappedIsAnErrorAndChangesNothing() {
    Highmem h = Board.ARM.boot().highmem();
    long p = Board.ARM.firstHighPfn();
    h.kmap(p);
    List<PkmapSlot> slots = h.showPkmap();
    PkmapStats stats = h.stats();
    InputException e = assertThrows(InputException.class, () -> h.kunmap(p + 1));
    assertTrue(e.getMessage().contains("0x30001"), e.getMessage());
    assertEquals(slots, h.showPkmap());
    assertEquals(stats, h.stats());
  }

  @Test
  void moreKunmapsThanKmapsIsTheKernelsBugNamingThePage() {
    Highmem h = Board.X86_PAE.boot().highmem();
    long p = Board.X86_PAE.firstHighPfn();
    h.kmap(p);
    h.kunmap(p);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.kunmap(p));
    assertTrue(e.getMessage().contains("0x36ffe"), e.getMessage());
    assertEquals(1, h.pkmapCount(1), "unchanged");
    h.checkInvariants();
  }

  @Test
  void aPfnOutsideRamIsRefusedWithoutChangingState() {
    Highmem h = Board.ARM.boot().highmem();
    long pastEnd = 0x40000; // 1 GiB of RAM = pfns 0 .. 0x3ffff
    for (Runnable call : List.<Runnable>of(
        () -> h.kmap(pastEnd), () -> h.kunmap(pastEnd), () -> h.tryKmap(pastEnd, 0),
        () -> h.pageAddress(pastEnd), () -> h.kmap(-1))) {
      InputException e = assertThrows(InputException.class, call::run);
      assertTrue(e.getMessage().contains("not a page of RAM"), e.getMessage());
    }
    assertEquals(0, h.lastPkmapNr());
    assertEquals(List.of(), h.showPkmap());
  }

  @Test
  void kmapToPageOfAnAddressNoKmapReturnedIsAnError() {
    Highmem h = Board.ARM.boot().highmem();
    assertThrows(InputException.class, () -> h.kmapToPage(0xbfe07000L), "empty pkmap slot");
    assertThrows(InputException.class, () -> h.kmapToPage(0xf1000000L), "vmalloc space");
  }

  @Test
  void aPfnInAHoleBetweenRamRangesIsNotAPage() {
    // RAM 0-256 MiB and 260 MiB-1 GiB: pfns 0x10000 .. 0x103ff are a hole.
    LinearMap holey = new LinearMap(0xc0000000L, 0, 0x30000000L, List.of(
        new org.memmap.api.RamRange(0, 0x10000000L),
        new org.memmap.api.RamRange(0x10400000L, 0x2fc00000L)));
    Highmem h = new Highmem(java.util.Optional.of(Board.ARM.pkmap), Board.ARM.kmapLocal, holey, new FakeMmu(holey));
    assertThrows(InputException.class, () -> h.kmap(0x10000));
    assertThrows(InputException.class, () -> h.kmap(0x103ff));
    assertEquals(0xd0400000L, h.kmap(0x10400));
  }

  @Test
  void builtFromADescriptionItUsesThePluginsWindow() {
    org.memmap.core.FakeKmapProvider fake = new org.memmap.core.FakeKmapProvider();
    org.memmap.api.spi.ArchDescription d = fake.describe(fake.defaultMachine());
    LinearMap lowmem = d.linearMap();
    Highmem h = Highmem.of(d, new FakeMmu(lowmem));
    long p = d.lowmemLimit() >>> 12;
    assertEquals(d.pkmapSpec().orElseThrow().pkmapAddr(1), h.kmap(p));
    assertEquals(d.kmapLocal().slotAddress(0, 0), h.kmapLocal(h.kmapCtrl(0), p + 1));
  }

  /** Maps pages {@code first + 1 .. first + last - 1}, then {@code first}: every slot, count 2. */
  private static void fill(Highmem h, long first, int last) {
    for (int i = 1; i < last; i++) {
      h.kmap(first + i);
    }
    h.kmap(first);
    assertEquals(last, h.showPkmap().size());
  }
}

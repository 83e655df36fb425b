package org.memmap.core.vmalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;
import org.junit.jupiter.api.Test;

/**
 * The KVA allocator against the kernel's rule (lowest suitably aligned fit inside [vstart, vend))
 * and against a naive reference: a sorted list of busy ranges walked first to last, as the
 * pre-5.2 {@code alloc_vmap_area()} walked {@code vmap_area_list}.
 */
class VmapAllocatorTest {
  // The default board's vmalloc area, from its boot banner (docs/default-board.md):
  // vmalloc : 0xf0000000 - 0xff000000 (240 MB).
  static final long START = 0xf0000000L;
  static final long END = 0xff000000L;
  static final long PAGE = 0x1000;

  /** The reference: busy ranges in a sorted list, first fit by walking the gaps. */
  static final class Reference {
    final List<long[]> busy = new ArrayList<>();

    long alloc(long size, long align, long vstart, long vend) {
      long addr = alignUp(vstart, align);
      for (long[] b : busy) {
        if (b[1] <= addr) {
          continue;
        }
        if (addr + size <= b[0]) {
          break;
        }
        addr = alignUp(Math.max(addr, b[1]), align);
      }
      if (addr + size > vend) {
        return -1;
      }
      int i = 0;
      while (i < busy.size() && busy.get(i)[0] < addr) {
        i++;
      }
      busy.add(i, new long[] {addr, addr + size});
      return addr;
    }

    void free(long addr) {
      busy.removeIf(b -> b[0] == addr);
    }

    static long alignUp(long v, long a) {
      return (v + a - 1) & -a;
    }
  }

  @Test
  void firstAllocationsAreConsecutiveFromVmallocStart() {
    VmapAllocator kva = new VmapAllocator(START, END);
    // Two 64 KiB vmallocs with their guard pages (0x11000 each) follow each other.
    assertEquals(0xf0000000L, kva.alloc(0x11000, PAGE, START, END));
    assertEquals(0xf0011000L, kva.alloc(0x11000, PAGE, START, END));
    kva.verify();
  }

  @Test
  void freedHoleIsReusedWhenItFits() {
    VmapAllocator kva = new VmapAllocator(START, END);
    long a = kva.alloc(0x3000, PAGE, START, END);
    kva.alloc(0x3000, PAGE, START, END);
    kva.free(a, 0x3000);
    // A 0x4000 request does not fit the 0x3000 hole and goes above; 0x2000 takes the hole.
    assertEquals(0xf0006000L, kva.alloc(0x4000, PAGE, START, END));
    assertEquals(0xf0000000L, kva.alloc(0x2000, PAGE, START, END));
    assertEquals(0xf0002000L, kva.alloc(0x1000, PAGE, START, END));
    kva.verify();
  }

  @Test
  void alignmentSkipsToTheNextMultiple() {
    VmapAllocator kva = new VmapAllocator(START, END);
    kva.alloc(0x3000, PAGE, START, END);
    // 64 KiB alignment: the next multiple of 0x10000 above 0xf0003000.
    assertEquals(0xf0010000L, kva.alloc(0x11000, 0x10000, START, END));
    // The gap 0xf0003000-0xf0010000 is still used by page-aligned requests.
    assertEquals(0xf0003000L, kva.alloc(0xd000, PAGE, START, END));
    kva.verify();
  }

  @Test
  void vstartAndVendRestrictTheSearch() {
    VmapAllocator kva = new VmapAllocator(0xbf000000L, END);
    // ARM modules 0xbf000000-0xbfe00000 share the allocator with vmalloc space.
    assertEquals(0xbf000000L, kva.alloc(0x2000, PAGE, 0xbf000000L, 0xbfe00000L));
    assertEquals(START, kva.alloc(0x2000, PAGE, START, END));
    assertEquals(-1, kva.alloc(0xe00000, PAGE, 0xbf000000L, 0xbfe00000L));
    kva.verify();
  }

  @Test
  void doubleFreeIsABug() {
    VmapAllocator kva = new VmapAllocator(START, END);
    long a = kva.alloc(0x2000, PAGE, START, END);
    kva.free(a, 0x2000);
    assertThrows(IllegalStateException.class, () -> kva.free(a, 0x2000));
  }

  /**
   * A million live areas, half of them then freed: a two-page request must skip all 500 000
   * one-page holes and land in the free tail above the last area, and the tree stays consistent.
   * (Speed is the benchmarks' business, not a unit test's.)
   */
  @Test
  void aMillionAreasKeepTheLowestFit() {
    VmapAllocator kva = new VmapAllocator(0x00001000L, 0xfffff000L);
    long[] addrs = new long[1_000_000];
    for (int i = 0; i < addrs.length; i++) {
      addrs[i] = kva.alloc(0x1000, PAGE, 0x1000, 0xfffff000L);
    }
    // Free every other area: 500 000 one-page holes, plus the free tail.
    for (int i = 0; i < addrs.length; i += 2) {
      kva.free(addrs[i], 0x1000);
    }
    assertEquals(500_001, kva.freeBlocks());
    long tail = addrs[addrs.length - 1] + 0x1000;
    for (int i = 0; i < 200_000; i++) {
      long a = kva.alloc(0x2000, PAGE, 0x1000, 0xfffff000L);
      assertEquals(tail, a, "no one-page hole fits two pages; the first fit is the tail");
      kva.free(a, 0x2000);
    }
    kva.verify();
  }

  @Provide
  Arbitrary<List<Tuple3<Boolean, Integer, Integer>>> ops() {
    Arbitrary<Tuple3<Boolean, Integer, Integer>> op = net.jqwik.api.Combinators.combine(
        Arbitraries.of(true, true, false), Arbitraries.integers().between(1, 64),
        Arbitraries.of(0, 0, 0, 1, 2, 4, 5)).as(Tuple::of);
    return op.list().ofMinSize(1).ofMaxSize(200);
  }

  @Property(tries = 300)
  void matchesTheReferenceAndNeverOverlaps(@ForAll("ops") List<Tuple3<Boolean, Integer, Integer>> ops) {
    // A small window makes failures and reuse frequent.
    long vstart = 0x10000;
    long vend = 0x10000 + 256 * PAGE;
    VmapAllocator kva = new VmapAllocator(0, 0x200000);
    Reference ref = new Reference();
    List<long[]> live = new ArrayList<>();
    for (Tuple3<Boolean, Integer, Integer> op : ops) {
      if (op.get1() || live.isEmpty()) {
        long size = op.get2() * PAGE;
        long align = PAGE << op.get3();
        long expected = ref.alloc(size, align, vstart, vend);
        long got = kva.alloc(size, align, vstart, vend);
        assertEquals(expected, got, "alloc " + size + " align " + align);
        if (got >= 0) {
          assertTrue(got >= vstart && got + size <= vend, "inside the range");
          assertEquals(0, got % align, "aligned");
          for (long[] l : live) {
            assertTrue(got + size <= l[0] || got >= l[1], "no overlap");
          }
          live.add(new long[] {got, got + size});
        }
      } else {
        long[] victim = live.remove(op.get2() % live.size());
        ref.free(victim[0]);
        kva.free(victim[0], victim[1] - victim[0]);
      }
      kva.verify();
    }
  }
}

package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RegionKind;
import org.memmap.core.sim.SimKernel;

/**
 * Properties over random machines (the four Debian 6.1 page-table formats, 256 MiB .. 8 GiB) and
 * random map / unmap / flush sequences in the vmalloc area.
 */
class PageTablePropertiesTest {
  /** One step: 0 map, 1 unmap, 2 flush range, 3 flush all; a page index into the vmalloc area; a pfn choice. */
  record Op(int kind, int page, long pfnChoice) {}

  @Provide
  Arbitrary<Machine> machines() {
    return Combinators.combine(
            Arbitraries.of("armmp", "armmp-lpae", "686", "686-pae"),
            Arbitraries.longs().between(256, 8192).map(mb -> mb * Machines.MB))
        .as(Machines::debian);
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1500),
            Arbitraries.longs().between(0, Long.MAX_VALUE))
        .as(Op::new).list().ofMaxSize(60);
  }

  private static long pfn(SimKernel k, long choice) {
    var ram = k.layout().description().memory();
    var r = ram.get((int) (choice % ram.size()));
    long pages = r.size() >>> 12;
    return (r.base() >>> 12) + (choice / ram.size()) % pages;
  }

  @Property(tries = 40)
  void walkOfMapIsIdentityAndTlbAgreesWithWalkAfterFlush(@ForAll("machines") Machine m, @ForAll("ops") List<Op> ops) {
    MemoryLayout l = Machines.layout(m);
    SimKernel k = SimKernel.boot(l);
    long base = l.description().region(RegionKind.VMALLOC).orElseThrow().start();
    Map<Long, Long> mapped = new HashMap<>();
    Set<Long> stale = new HashSet<>();
    for (Op op : ops) {
      long va = base + ((long) op.page() << 12);
      switch (op.kind()) {
        case 0 -> {
          if (!mapped.containsKey(va) && !stale.contains(va)) {
            long pfn = pfn(k, op.pfnChoice());
            k.setPte(va, pfn);
            mapped.put(va, pfn);
            assertEquals(pfn << 12, k.walk(va).paddr());
            assertEquals((pfn << 12) | 0x7ff, k.translate(va + 0x7ff));
          }
        }
        case 1 -> {
          if (mapped.containsKey(va)) {
            k.translate(va);
            k.clearPte(va);
            mapped.remove(va);
            stale.add(va);
          }
        }
        case 2 -> {
          long end = va + (16L << 12);
          k.flushTlbRange(va, end);
          stale.removeIf(s -> s >= va && s < end);
        }
        default -> {
          k.flushTlbAll();
          stale.clear();
        }
      }
      for (Map.Entry<Long, Long> e : mapped.entrySet()) {
        assertEquals(e.getValue() << 12, k.walk(e.getKey()).paddr());
        assertEquals(k.walk(e.getKey()).paddr(), k.translate(e.getKey()));
      }
      for (long v = base; v < base + (1600L << 12); v += 97L << 12) {
        if (!stale.contains(v)) {
          assertEquals(k.walk(v).paddr(), k.translate(v), Long.toHexString(v));
        }
      }
    }
  }

  @Property(tries = 40)
  void dataWrittenThroughOneAliasIsReadThroughAnother(@ForAll("machines") Machine m,
      @ForAll("ops") List<Op> ops) {
    MemoryLayout l = Machines.layout(m);
    SimKernel k = SimKernel.boot(l);
    long base = l.description().region(RegionKind.VMALLOC).orElseThrow().start();
    if (ops.isEmpty()) {
      return;
    }
    long pfn = pfn(k, ops.get(0).pfnChoice());
    long va1 = base + (3L << 12);
    long va2 = base + (700L << 12);
    k.setPte(va1, pfn);
    k.setPte(va2, pfn);
    byte[] data = new byte[ops.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) ops.get(i).pfnChoice();
    }
    int off = ops.get(0).page() % (4096 - data.length + 1);
    k.write(va1 + off, data);
    assertArrayEquals(data, k.read(va2 + off, data.length));
    assertArrayEquals(data, k.physMemory().read((pfn << 12) + off, data.length));
    long lowmem = k.lowmemPageAddress(pfn);
    if (lowmem >= 0) {
      assertArrayEquals(data, k.read(lowmem + off, data.length));
    }
  }
}

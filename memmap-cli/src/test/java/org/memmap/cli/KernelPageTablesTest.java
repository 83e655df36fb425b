package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.api.RegionKind;
import org.memmap.api.spi.DescriptorKind;
import org.memmap.core.pgtable.Walk;
import org.memmap.core.pgtable.WalkStep;
import org.memmap.core.sim.SimKernel;

/**
 * The kernel page tables of real configurations: lowmem is linear ({@code __pa(x) = x -
 * PAGE_OFFSET + PHYS_OFFSET}, asm/memory.h and asm/page_32.h) and mapped with sections or large
 * pages, and everything the kernel leaves unmapped at boot faults at the level where its table
 * stops.
 */
class KernelPageTablesTest {
  static Stream<Arguments> machines() {
    List<Arguments> out = new ArrayList<>();
    out.add(Arguments.of("default board", Machines.board()));
    for (String f : List.of("armmp", "armmp-lpae", "686", "686-pae")) {
      for (long gb : new long[] {1, 2, 4, 8}) {
        out.add(Arguments.of(f + " " + gb + "G", Machines.debian(f, gb * Machines.GB)));
      }
    }
    return out.stream();
  }

  private static boolean isRam(MemoryLayout l, long paddr) {
    for (RamRange r : l.description().memory()) {
      if (r.contains(paddr)) {
        return true;
      }
    }
    return false;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("machines")
  void everyLowmemPageOfRamIsLinear(String name, Machine m) {
    MemoryLayout l = Machines.layout(m);
    SimKernel k = SimKernel.boot(l);
    boolean x86 = m.arch().equals("x86");
    for (long v = l.pageOffset(); v < l.highMemory(); v += 4096) {
      final long va = v;
      long pa = va - l.pageOffset() + l.physOffset();
      long got = k.translate(va + 0x123);
      if (isRam(l, pa) || x86) {
        // x86 kernel_physical_mapping_init() maps 0 .. max_low_pfn whole; ARM map_lowmem() the RAM.
        assertEquals(pa + 0x123, got, () -> name + " " + Long.toHexString(va));
        assertEquals(pa, k.pa(va));
      } else {
        assertEquals(-1, got, () -> name + " hole " + Long.toHexString(va));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("machines")
  void lowmemWalksEndInSectionsOrLargePages(String name, Machine m) {
    MemoryLayout l = Machines.layout(m);
    SimKernel k = SimKernel.boot(l);
    String format = l.description().pageTables().name();
    // arm-short: 1 MiB sections in the first level (pgtable-2level-hwdef.h PMD_TYPE_SECT);
    // arm-lpae: 2 MiB blocks at the pmd (pgtable-3level-hwdef.h); x86: 4 MiB PSE pages in the
    // page directory, PAE 2 MiB pages in the pmd (arch/x86/mm/init_32.c, PAGE_KERNEL_LARGE).
    String[] expected = switch (format) {
      case "arm-short" -> new String[] {"pgd", "section"};
      case "arm-lpae" -> new String[] {"pmd", "block"};
      case "x86-2level" -> new String[] {"pgd", "4M"};
      case "x86-pae" -> new String[] {"pmd", "2M"};
      default -> throw new AssertionError(format);
    };
    Walk w = k.walk(l.pageOffset() + 16 * Machines.MB);
    WalkStep last = w.steps().get(w.steps().size() - 1);
    assertEquals(DescriptorKind.BLOCK, last.kind(), w::oneLine);
    assertEquals(expected[0], last.level(), w::oneLine);
    assertEquals(expected[1], last.descriptor(), w::oneLine);
    int blocks = 0;
    int total = 0;
    for (long va = l.pageOffset(); va < l.highMemory(); va += Machines.MB) {
      Walk s = k.walk(va);
      if (!s.faulted()) {
        total++;
        blocks += s.steps().get(s.steps().size() - 1).kind() == DescriptorKind.BLOCK ? 1 : 0;
      }
    }
    assertTrue(blocks >= total - 8, name + ": " + blocks + " of " + total + " MiB mapped with blocks");
    if (m.arch().equals("x86")) {
      // init_memory_mapping(0, ISA_END_ADDRESS) maps the first MiB with 4 KiB pages
      WalkStep isa = k.walk(l.pageOffset() + 0xb8000).steps().get(k.walk(l.pageOffset()).steps().size() - 1);
      assertEquals(DescriptorKind.PAGE, isa.kind());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("machines")
  void unmappedAddressesFaultAtTheLevelWhereTablesStop(String name, Machine m) {
    MemoryLayout l = Machines.layout(m);
    SimKernel k = SimKernel.boot(l);
    String format = l.description().pageTables().name();
    long vmallocStart = l.description().region(RegionKind.VMALLOC).orElseThrow().start();
    Walk v = k.walk(vmallocStart);
    assertTrue(v.faulted(), v::oneLine);
    assertEquals(-1, k.translate(vmallocStart));
    // The vmalloc area is empty: 2-level formats fault in the top level; LPAE and PAE share the
    // last GiB's pmd table with lowmem, so they fault in the pmd.
    assertEquals(format.equals("arm-lpae") || format.equals("x86-pae") ? "pmd" : "pgd", v.faultLevel(), v::oneLine);
    // kmap_init() / permanent_kmaps_init() allocate the pkmap PTE table: its empty slots fault at the pte.
    l.description().pkmapSpec().ifPresent(p -> {
      Walk w = k.walk(p.pkmapAddr(p.lastPkmap() - 1));
      assertEquals("pte", w.faultLevel(), w::oneLine);
    });
    // The fixmap has its PTE tables too (early_fixmap_init / early_ioremap_page_table_range_init).
    long fixTop = l.description().kmapLocal().fixaddrTop();
    assertEquals("pte", k.walk(fixTop).faultLevel());
  }
}

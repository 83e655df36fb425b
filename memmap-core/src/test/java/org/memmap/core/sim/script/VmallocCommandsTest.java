package org.memmap.core.sim.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.Addresses;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.api.RegionKind;
import org.memmap.core.FakeLayouts;
import org.memmap.core.sim.SimKernel;

/**
 * The sim commands of vmalloc on the fake architecture: names, refusals, and that the areas live
 * in the kernel page tables (PTEs set on vmalloc, cleared on vfree, TLB flushed on the purge).
 * Addresses follow from VMALLOC_START and mm/vmalloc.c's guard page (PAGE_ALIGN(size) + PAGE_SIZE).
 */
class VmallocCommandsTest {
  private static final MemoryLayout LAYOUT = FakeLayouts.layout(List.of(new RamRange(0, 512L << 20)));
  private static final long START = LAYOUT.description().region(RegionKind.VMALLOC).orElseThrow().start();

  private static List<String> run(String... lines) throws IOException {
    SimCommands commands = SimCommands.builtin().include(VmallocCommands::register).build();
    List<String> out = new ArrayList<>();
    new SimScript(SimKernel.boot(LAYOUT), commands)
        .run(new BufferedReader(new StringReader(String.join("\n", lines))), out::add);
    return out;
  }

  private static String hex(long v) {
    return Addresses.hex(v);
  }

  @Test
  void vmallocMapsPagesAndVfreeUnmapsThemWithTheTlbStaleUntilThePurge() throws IOException {
    String a = hex(START);
    String page1 = hex(START + 0x1000);
    List<String> out = run(
        "vmalloc a 5000",             // PAGE_ALIGN(5000) = 0x2000, + guard = 0x3000
        "write " + page1 + " 0badf00d",
        "read " + page1 + " 4",
        "translate " + hex(START + 0x2000),  // the guard page is never mapped
        "vfree a",
        "read " + page1 + " 4",       // TLB
        "walk " + page1,
        "vm_unmap_aliases",
        "read " + page1 + " 4",
        "vmalloc a 4K",               // the name is free again, and so is the range
        "show vmallocinfo");
    assertLinesMatch(List.of(
        "vmalloc a 5000 -> " + a + "-" + hex(START + 0x3000),
        "write " + page1 + " 0badf00d -> ok",
        "read " + page1 + " 4 -> 0badf00d",
        "translate " + hex(START + 0x2000) + " -> fault",
        "vfree a -> ok",
        "read " + page1 + " 4 -> 0badf00d",
        "walk " + page1 + " -> .* / fault",
        "vm_unmap_aliases -> ok",
        "read " + page1 + " 4 -> fault",
        "vmalloc a 4K -> " + a + "-" + hex(START + 0x2000),
        "show vmallocinfo -> ok",
        a + "-" + hex(START + 0x2000) + "    8192 a pages=1 vmalloc"), out);
  }

  @Test
  void ioremapMapsTheGivenPhysicalRange() throws IOException {
    List<String> out = run("ioremap dev 0x30000010 16", "translate " + hex(START + 0x10), "iounmap dev",
        "walk " + hex(START));
    assertEquals("ioremap dev 0x30000010 16 -> " + hex(START + 0x10), out.get(0));
    assertEquals("translate " + hex(START + 0x10) + " -> 0x30000010", out.get(1));
    assertEquals("iounmap dev -> ok", out.get(2));
    assertTrue(out.get(3).endsWith("fault"), out.get(3));
  }

  @Test
  void namesAndSizesAreCheckedAndTheScriptGoesOn() throws IOException {
    List<String> out = run(
        "vmalloc x -5",
        "vmalloc 9x 4K",
        "vmalloc a",
        "vmalloc a 4K",
        "vmalloc a 4K",
        "vfree nosuch",
        "iounmap a",
        "ioremap io 0x30000000 4K",
        "vfree io",
        "ioremap io2 0x10000000000 4K",
        "vmalloc z 0",
        "show vmallocinfo now");
    assertLinesMatch(List.of(
        "vmalloc x -5 -> error: size '-5': must not be negative.*",
        "vmalloc 9x 4K -> error: name '9x': expected a word .*",
        "vmalloc a -> error: usage: vmalloc NAME SIZE",
        "vmalloc a 4K -> " + hex(START) + "-" + hex(START + 0x2000),
        "vmalloc a 4K -> error: name 'a': already names the vmalloc area at " + hex(START) + "; vfree it first",
        "vfree nosuch -> error: vfree 'nosuch': no area of that name \\(live areas: a\\)",
        "iounmap a -> error: iounmap 'a': a vmalloc area; use vfree a",
        "ioremap io 0x30000000 4K -> 0x[0-9a-f]{8}",
        "vfree io -> error: vfree 'io': an ioremap area; use iounmap io",
        "ioremap io2 0x10000000000 4K -> error: physical address '0x10000000000': out of the 40-bit physical space",
        "vmalloc z 0 -> error: vmalloc: allocation failure: 0 bytes",
        "show vmallocinfo now -> error: usage: show vmallocinfo"), out);
  }
}

package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release boundaries of the vmalloc rules that changed after 6.1 (docs/sim.md), each side of
 * each boundary on one machine: an ARM board with 1 GiB at 0x40000000 (VMALLOC_START 0xf0800000,
 * VMALLOC_END 0xff800000, as the Debian 6.12 and 7.2 armmp boots print) and the default x86 PC.
 * The expected lines are those of mm/vmalloc.c and mm/execmem.c of each side.
 */
class VmallocReleasesTest {
  @TempDir
  Path dir;

  private List<String> sim(String script, String... machine) throws IOException {
    Path file = dir.resolve("s.sim");
    Files.writeString(file, script);
    List<String> args = new ArrayList<>(List.of("sim"));
    args.addAll(List.of(machine));
    args.add(file.toString());
    CliRun r = CliRun.of(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    return r.out().lines().toList();
  }

  private List<String> arm(String kernel, String script) throws IOException {
    return sim(script, "--kernel", kernel, "--ram", "1G@0x40000000");
  }

  @Test
  void lazilyFreedNeighboursPrintAsOneLineUntil68AndOneLineEachFrom69() throws IOException {
    String script = "vmalloc a 4K\nvmalloc b 4K\nvfree a\nvfree b\nshow vmallocinfo\n";
    // 5.13-6.8: merge_or_add_vmap_area() into purge_vmap_area_root; 6.9: insert_vmap_area() into
    // the node's lazy list.
    assertEquals(List.of("0xf0800000-0xf0804000   16384 unpurged vm_area"),
        arm("6.8", script).stream().filter(l -> l.endsWith("unpurged vm_area")).toList());
    assertEquals(List.of("0xf0800000-0xf0802000    8192 unpurged vm_area",
            "0xf0802000-0xf0804000    8192 unpurged vm_area"),
        arm("6.9", script).stream().filter(l -> l.endsWith("unpurged vm_area")).toList());
  }

  @Test
  void theFailureMessageNamesTheRangeFrom611() throws IOException {
    // 250 MiB + guard = 262148096 bytes do not fit the 240 MiB between 0xf0800000 and 0xff800000.
    assertEquals("vmalloc big 250M -> error: vmap allocation for size 262148096 failed: use"
        + " vmalloc=<size> to increase size", arm("6.10", "vmalloc big 250M\n").get(0));
    assertEquals("vmalloc big 250M -> error: vmalloc_node_range for size 262148096 failed: Address"
        + " range restricted to 0xf0800000 - 0xff800000", arm("6.11", "vmalloc big 250M\n").get(0));
  }

  @Test
  void moreThanTotalramPagesIsAnErrorOfItsOwnIn61AndLater() throws IOException {
    // __vmalloc_node_range(): (size >> PAGE_SHIFT) > totalram_pages(). 5.10's wording is 3.x's
    // "vmalloc: allocation failure: %lu bytes"; 6.1, 6.12 and 7.2 print "vmalloc error: size %lu,
    // exceeds total pages". A 1 GiB board has fewer than 2 GiB of pages.
    assertEquals("vmalloc h 2G -> error: vmalloc: allocation failure: 2147483648 bytes",
        arm("5.10", "vmalloc h 2G\n").get(0));
    assertEquals("vmalloc h 2G -> error: vmalloc error: size 2147483648, exceeds total pages",
        arm("6.1", "vmalloc h 2G\n").get(0));
  }

  @Test
  void armModuleAreasPurgeOnVfreeFrom610() throws IOException {
    // a is lazily freed; vfree of a module area purges it (and flushes the TLB) only when the area
    // has VM_FLUSH_RESET_PERMS: ARM's module_alloc() never asked it, execmem_alloc() (6.10) does.
    String script = "vmalloc a 4K\nwrite 0xf0800000 5a\nvfree a\nmodule_alloc m 4K\nvfree m\n"
        + "translate 0xf0800000\nmodule_alloc big 300M\n";
    List<String> before = arm("6.9", script);
    assertTrue(before.get(5).matches("translate 0xf0800000 -> 0x[0-9a-f]{8}"), before.get(5));
    // Without ARM_MODULE_PLTS the only try warns (no __GFP_NOWARN): alloc_vmap_area()'s message.
    assertEquals("module_alloc big 300M -> error: vmap allocation for size 314576896 failed: use"
        + " vmalloc=<size> to increase size", before.get(6));
    List<String> after = arm("6.10", script);
    assertEquals("translate 0xf0800000 -> fault", after.get(5));
    assertEquals("module_alloc big 300M -> error: execmem: unable to allocate memory", after.get(6));
  }

  @Test
  void x86ModuleAreasPurgeOnVfreeFrom52() throws IOException {
    // x86-32 module_alloc() in VMALLOC_START..VMALLOC_END: VM_FLUSH_RESET_PERMS from 5.2
    // (arch/x86/kernel/module.c). The default PC's VMALLOC_START is whatever its layout gives;
    // the script uses the addresses it returns.
    for (String kernel : List.of("5.1", "5.2")) {
      List<String> out = sim("vmalloc a 4K\n", "--arch", "x86", "--kernel", kernel);
      String a = out.get(0).replaceAll(".* -> (0x[0-9a-f]{8})-.*", "$1");
      List<String> run = sim("vmalloc a 4K\nwrite " + a + " 5a\nvfree a\nmodule_alloc m 4K\nvfree m\n"
          + "translate " + a + "\n", "--arch", "x86", "--kernel", kernel);
      if (kernel.equals("5.1")) {
        assertTrue(run.get(5).matches("translate " + a + " -> 0x[0-9a-f]{8}"), run.get(5));
      } else {
        assertEquals("translate " + a + " -> fault", run.get(5));
      }
    }
  }
}

package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memmap.api.Machine;
import org.memmap.api.RamRange;
import org.memmap.core.sim.SimKernel;
import org.memmap.core.sim.script.SimScript;

/**
 * The vmalloc sim commands over the real page tables: data written through a vmalloc or module
 * address is read back through another mapping of the same page (the lowmem alias of a lowmem
 * page; for a highmem page, a PTE set in the pkmap window as kmap() would set it), and a vfree'd
 * address keeps its stale TLB translation exactly until the purge. Which pfn backs a page is the
 * simulator's choice, so the aliases are computed from what {@code translate} printed.
 */
class VmallocSimTest {
  /** One script run, command by command. */
  static final class Session {
    private final SimScript sim;

    Session(Machine machine) {
      sim = new SimScript(SimKernel.boot(Machines.layout(machine)), SimCommand.commands());
    }

    /** Runs {@code command}; returns the text after {@code ->}. */
    String run(String command) {
      List<String> out = new ArrayList<>();
      sim.execute(command, out::add);
      assertTrue(out.get(0).startsWith(command + " -> "), out::toString);
      return out.get(0).substring(command.length() + 4);
    }

    long runAddress(String command) {
      String r = run(command);
      assertTrue(r.matches("0x[0-9a-f]{8}(-0x[0-9a-f]{8})?"), command + " -> " + r);
      return Long.parseLong(r.substring(2, 10), 16);
    }
  }

  static String hex(long v) {
    return String.format(Locale.ROOT, "0x%08x", v);
  }

  @Test
  void boardModulePagesAreLowmemAndReadBackThroughTheirLinearAlias() {
    // Default board (docs/default-board.md, 3.18): PAGE_OFFSET 0xc0000000, PHYS_OFFSET 0, lowmem up to
    // 0xef800000, i.e. physical 0x2f800000; ARM module_alloc() asks GFP_KERNEL (lowmem).
    Session s = new Session(Machines.board());
    long m = s.runAddress("module_alloc m 16K");
    assertEquals(0xbf000000L, m);
    assertEquals("ok", s.run("write " + hex(m + 0x1ffc) + " 0123456789abcdef"));
    long p0 = s.runAddress("translate " + hex(m + 0x1ffc));
    long p1 = s.runAddress("translate " + hex(m + 0x2000));
    assertTrue(p0 < 0x2f800000L && p1 < 0x2f800000L, hex(p0) + " " + hex(p1));
    // Across a page boundary, each half lies in its own page: read each through its alias.
    assertEquals("01234567", s.run("read " + hex(p0 + 0xc0000000L) + " 4"));
    assertEquals("89abcdef", s.run("read " + hex(p1 + 0xc0000000L) + " 4"));
    // And the other way round: written through lowmem, read through the module address.
    assertEquals("ok", s.run("write " + hex(p1 + 0xc0000000L + 4) + " feedface"));
    assertEquals("89abcdeffeedface", s.run("read " + hex(m + 0x2000) + " 8"));
  }

  @Test
  void boardVmallocPagesAreHighmemAndStaleUntilThePurge() {
    Session s = new Session(Machines.board());
    long v = s.runAddress("vmalloc buf 8K");
    assertEquals(0xf0000000L, v);
    assertEquals("ok", s.run("write " + hex(v + 0x1010) + " c0ffee"));
    long p = s.runAddress("translate " + hex(v + 0x1010));
    assertTrue(p >= 0x2f800000L && p < 0x40000000L, "highmem: " + hex(p));
    // kmap() of a highmem page sets a PTE in the pkmap window (PKMAP_BASE 0xbfe00000).
    assertEquals("ok", s.run("set_pte 0xbfe00000 " + hex(p >>> 12)));
    assertEquals("c0ffee", s.run("read " + hex(0xbfe00000L + (p & 0xfff)) + " 3"));
    // vfree(): the PTE is gone at once, the TLB entry stays until a purge flushes it.
    assertEquals("ok", s.run("vfree buf"));
    assertTrue(s.run("walk " + hex(v + 0x1010)).endsWith("fault"));
    assertEquals(hex(p), s.run("translate " + hex(v + 0x1010)));
    assertEquals(0xf0003000L, s.runAddress("vmalloc other 4K"));   // no purge: buf's range stays busy
    assertEquals(hex(p), s.run("translate " + hex(v + 0x1010)));
    assertEquals("ok", s.run("vm_unmap_aliases"));
    assertEquals("fault", s.run("translate " + hex(v + 0x1010)));
    assertEquals("fault", s.run("read " + hex(v + 0x1010) + " 1"));
    assertEquals(0xf0000000L, s.runAddress("vmalloc again 4K"));   // purged: reused
  }

  @Test
  void debian686VmallocPagesAreHighmemAndStaleUntilTheFailurePurge() {
    // i386-686-1024M.log: e820 usable 0-0x9fbff and 0x100000-0x3ffdffff; VMALLOC_START 0xf73fe000
    // (its first /proc/vmallocinfo line); lowmem ends at physical 0x36bfe000; pkmap 0xfec00000.
    Machine m = Machines.debian("686", 1L << 30);
    assertEquals(List.of(new RamRange(0, 0x9fc00), new RamRange(0x100000, 0x3fee0000L)), m.ram());
    Session s = new Session(m);
    long v = s.runAddress("vmalloc buf 64K");
    assertEquals(0xf73fe000L, v);
    assertEquals("ok", s.run("write " + hex(v + 0x10) + " 00112233"));
    long p = s.runAddress("translate " + hex(v + 0x10));
    assertTrue(p >= 0x36bfe000L && p < 0x3ffe0000L, "highmem: " + hex(p));
    assertEquals("ok", s.run("set_pte 0xfec00000 " + hex(p >>> 12)));
    assertEquals("00112233", s.run("read " + hex(0xfec00000L + (p & 0xfff)) + " 4"));
    assertEquals("ok", s.run("vfree buf"));
    assertEquals(hex(p), s.run("translate " + hex(v + 0x10)));
    // 120 MiB of vmalloc space (VmallocTotal: 122880 kB): fill all of it above buf with one
    // ioremap (aligned to 1 << IOREMAP_MAX_ORDER = PMD_SHIFT 22, arch/x86/include/asm/
    // page_types.h: 0xf7800000) after a vmalloc that fills the gap below from 0xf740f000; then
    // only buf's lazily freed 0x11000 is left.
    assertEquals(0xf740f000L, s.runAddress("vmalloc gap 0x3f0000"));
    assertEquals(0xf7800000L, s.runAddress("ioremap rest 0xe0000000 0x73fd000"));
    assertEquals(hex(p), s.run("translate " + hex(v + 0x10)));
    assertEquals(v, s.runAddress("vmalloc again 64K"));
    long q = s.runAddress("translate " + hex(v + 0x10));
    assertTrue(q >= 0x36bfe000L && q < 0x3ffe0000L, "highmem: " + hex(q));
    assertTrue(s.run("vmalloc more 4K").startsWith(
        "error: vmap allocation for size 8192 failed: use vmalloc=<size> to increase size"));
  }

  @Test
  void showVmallocinfoFeedsExplain(@TempDir Path dir) throws IOException {
    // The sim's /proc/vmallocinfo names each area's caller after the script's name, so explain
    // can name the area an address falls in. 64 KiB + guard from VMALLOC_START 0xf0000000;
    // ioremap of one page: 8 KiB aligned (3.18, fls(0x1000) = 13) -> 0xf0012000.
    Path script = dir.resolve("s.sim");
    Files.writeString(script, "vmalloc ringbuf 64K\nioremap uart 0x48000000 4K\nshow vmallocinfo\n");
    CliRun sim = CliRun.of("sim", script.toString());
    assertEquals(0, sim.code(), sim.err());
    List<String> info = sim.outLines().stream().filter(l -> l.startsWith("0x")).toList();
    assertEquals(List.of(
        "0xf0000000-0xf0011000   69632 ringbuf pages=16 vmalloc",
        "0xf0012000-0xf0014000    8192 uart phys=0x48000000 ioremap"), info);
    Path file = dir.resolve("vmallocinfo");
    Files.write(file, info);
    CliRun explain = CliRun.of("explain", "--vmallocinfo", file.toString(), "0xf0001234", "0xf0012010", "0xf0010800");
    assertEquals(0, explain.code(), explain.err());
    List<String> lines = explain.outLines();
    assertTrue(lines.get(0).contains("vmalloc area 0xf0000000-0xf0011000 +0x1234 caller ringbuf"), lines.get(0));
    assertTrue(lines.get(1).contains("caller uart ioremap phys 0x48000010"), lines.get(1));
    assertTrue(lines.get(2).contains("guard page"), lines.get(2));
  }
}

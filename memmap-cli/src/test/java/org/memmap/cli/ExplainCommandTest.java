package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memmap.api.MemoryLayout;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;
import org.memmap.core.proc.ProcModules;
import org.memmap.core.proc.VmallocInfo;
import org.memmap.core.render.Explain;
import org.memmap.core.vmalloc.VmallocinfoLine;
import picocli.CommandLine;

/** {@code memmap explain} against the default board's /proc/modules and the Debian dumps. */
class ExplainCommandTest {
  @TempDir Path tmp;

  /** The default board's /proc/modules (docs/default-board.md), a copy of the one the ModuleOops example ships. */
  static List<String> seedModules() throws IOException {
    try (InputStream in = ExplainCommandTest.class.getResourceAsStream("/granite2-proc-modules.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  Path modulesFile() throws IOException {
    Path f = tmp.resolve("modules");
    Files.write(f, seedModules());
    return f;
  }

  static String[] run(String stdin, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc;
    if (stdin != null) {
      // Main.run with the explain command's stdin replaced.
      CommandLine cl = Main.commandLine(new PrintWriter(out), new PrintWriter(err));
      ExplainCommand cmd = cl.getSubcommands().get("explain").getCommand();
      cmd.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
      String[] full = new String[args.length + 1];
      full[0] = "explain";
      System.arraycopy(args, 0, full, 1, args.length);
      rc = cl.execute(full);
    } else {
      rc = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    }
    return new String[] {String.valueOf(rc), out.toString(), err.toString()};
  }

  @Test
  void galcoreDecodesAsTheOopsFormat() throws IOException {
    String[] r = run(null, "explain", "0xbf27f123", "--modules", modulesFile().toString());
    assertEquals("0", r[0], r[2]);
    // galcore: 161066 = 0x2752a bytes at 0xbf27f000 (docs/default-board.md).
    assertTrue(r[1].contains("module galcore+0x123/0x2752a"), r[1]);
    assertTrue(r[1].contains("modules+0x27f123 (0xbf000000-0xbfe00000)"), r[1]);
  }

  @Test
  void everyModuleOfTheBoardDecodesToItself() throws IOException {
    ProcModules mods = ProcModules.parse(seedModules(), "seed");
    assertEquals(26, mods.modules().size());
    assertEquals(0, mods.skipped());
    List<String> args = new ArrayList<>(List.of("explain", "--modules", modulesFile().toString()));
    for (ProcModules.Module m : mods.modules()) {
      args.add(String.format(java.util.Locale.ROOT, "0x%x", m.address() + m.size() - 1));
    }
    String[] r = run(null, args.toArray(String[]::new));
    List<String> lines = r[1].lines().toList();
    assertEquals(26, lines.size(), r[2]);
    for (int i = 0; i < 26; i++) {
      ProcModules.Module m = mods.modules().get(i);
      String want = String.format(java.util.Locale.ROOT, "module %s+0x%x/0x%x", m.name(), m.size() - 1, m.size());
      assertTrue(lines.get(i).contains(want), lines.get(i) + " lacks " + want);
    }
  }

  @Test
  void aGapNamesTheNeighbours() throws IOException {
    // i2c_pxa ends at 0xbf005000 + 7548 = 0xbf006d7c; ipc_driver starts at 0xbf023000.
    String[] r = run(null, "explain", "0xbf010000", "--modules", modulesFile().toString());
    assertTrue(r[1].contains("in the module area but in no loaded module"), r[1]);
    assertTrue(r[1].contains("after i2c_pxa (0xbf005000-0xbf006d7c, +0x9284 past its end)"), r[1]);
    assertTrue(r[1].contains("before ipc_driver (0xbf023000, 0x13000 below it)"), r[1]);
  }

  @Test
  void acceptsAddressesAsOopsesPrintThem() throws IOException {
    String m = modulesFile().toString();
    String plain = run(null, "explain", "bf27f123", "--modules", m)[1];
    for (String form : List.of("PC is at 0xbf27f123", "[<bf27f123>]", "pc : [<bf27f123>]", "0xbf27f123")) {
      assertEquals(plain, run(null, "explain", form, "--modules", m)[1], form);
    }
  }

  @Test
  void stdinExplainsEveryAddressOfAnOops() throws IOException {
    String oops = String.join("\n",
        "[  123.456789] PC is at 0xbf27f123",
        "[  123.456790] pc : [<bf27f123>]    lr : [<c0008100>]",
        "[  123.456791] [<bf203a10>] (0xbf203a10) from [<bf27f123>]");
    String[] r = run(oops, "-", "--modules", modulesFile().toString());
    List<String> lines = r[1].lines().toList();
    assertEquals(3, lines.size(), r[1] + r[2]);
    assertTrue(lines.get(0).contains("galcore+0x123/0x2752a"), lines.get(0));
    // .text starts at 0xc0008000 = PHYS_OFFSET 0 + 0x8000: pfn 8, in ZONE_NORMAL (docs/default-board.md).
    assertTrue(lines.get(1).contains(".text+0x100") && lines.get(1).contains("phys 0x00008100, pfn 0x8, zone Normal"),
        lines.get(1));
    // laservideo_a0 at 0xbf203000.
    assertTrue(lines.get(2).contains("laservideo_a0+0xa10/0x13881"), lines.get(2));
  }

  @Test
  void badInputGivesOneLineNamingIt() throws IOException {
    String[] r = run(null, "explain", "zzz");
    assertEquals("2", r[0]);
    assertEquals(1, r[2].lines().count(), r[2]);
    assertTrue(r[2].contains("'zzz'"), r[2]);
    // A malformed /proc/modules line: the rest still parses, the skipped line is counted.
    Path f = tmp.resolve("bad-modules");
    List<String> lines = new ArrayList<>(seedModules());
    lines.add(3, "imagepower 1865 0 -");
    Files.write(f, lines);
    String[] r2 = run(null, "explain", "0xbf27f123", "--modules", f.toString());
    assertEquals("0", r2[0]);
    assertTrue(r2[1].contains("galcore+0x123/0x2752a"), r2[1]);
    assertTrue(r2[2].contains("skipped 1 malformed line(s)") && r2[2].contains(":4: 'imagepower 1865 0 -'"), r2[2]);
  }

  @Test
  void everyDebianVmallocinfoAreaLiesInTheComputedArea() throws Exception {
    String[][] dumps = {
      {"armhf-armmp-1024M.log", "arm", "config-6.1.0-50-armmp"},
      {"armhf-armmp-lpae-2048M.log", "arm", "config-6.1.0-50-armmp-lpae"},
      {"i386-686-1024M.log", "x86", "config-6.1.0-50-686"},
      {"i386-686-pae-2048M.log", "x86", "config-6.1.0-50-686-pae"}};
    for (String[] d : dumps) {
      MemoryLayout layout = VmallocCommandTest.debian(d[0], d[1], d[2]);
      List<String> text = VmallocCommandTest.section(d[0], "VMALLOCINFO");
      VmallocInfo info = VmallocInfo.parse(text, d[0]);
      assertEquals(0, info.skipped(), d[0] + " " + info.errors());
      assertEquals(text.size(), info.entries().size(), d[0]);
      Region vm = layout.description().region(RegionKind.VMALLOC).orElseThrow();
      java.util.Optional<Region> mods = layout.description().region(RegionKind.MODULES);
      for (VmallocinfoLine e : info.entries()) {
        boolean inVmalloc = e.start() >= vm.start() && e.end() <= vm.end();
        boolean inModules = mods.isPresent() && e.start() >= mods.get().start() && e.end() <= mods.get().end();
        assertTrue(inVmalloc || inModules, d[0] + ": " + e + " outside " + vm);
      }
    }
  }

  @Test
  void explainNamesTheDebianAreaAndItsCaller() throws Exception {
    MemoryLayout layout = VmallocCommandTest.debian("armhf-armmp-1024M.log", "arm", "config-6.1.0-50-armmp");
    VmallocInfo info = VmallocInfo.parse(VmallocCommandTest.section("armhf-armmp-1024M.log", "VMALLOCINFO"), "armmp");
    // 0xf0810000-0xf0821000 69632 gic_of_setup+0x38/0xf8 phys=0x08000000 ioremap
    String line = Explain.explain(layout, 0xf0810104L, null, info);
    assertTrue(line.contains("vmalloc area 0xf0810000-0xf0821000 +0x104 caller gic_of_setup+0x38/0xf8 ioremap"
        + " phys 0x08000104"), line);
    // 0xf0800000-0xf0803000 12288 start_kernel+0x550/0x748 pages=2 vmalloc: the last page is the guard.
    assertTrue(Explain.explain(layout, 0xf0802010L, null, info).contains("guard page"));
    // 0xf093b000-0xf097d000 270336 unpurged vm_area
    assertTrue(Explain.explain(layout, 0xf0940000L, null, info).contains("unpurged vm_area"));
  }
}

package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden sim scripts (src/test/resources/sim): each {@code NAME.sim} names its machine options in
 * its first line ({@code # args: ...}); {@code NAME.out} holds the expected lines (regular
 * expressions where a table page's address or a page backing vmalloc is the simulator's choice);
 * {@code ${testdata}} in the arguments stands for testdata.
 */
class SimGoldenTest {
  record Run(int code, List<String> out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString().lines().toList(), err.toString());
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(SimGoldenTest.class.getResource("/sim/" + name).toURI());
  }

  /**
   * Runs the script once per {@code # args:} line at its top (the newest-kernel scripts name one
   * machine per release that prints the same lines) and matches each run against {@code .out}.
   */
  @ParameterizedTest
  @ValueSource(strings = {"board", "pae-8g", "vmalloc-board", "vmalloc-x86",
      "newest-arm", "newest-arm-lpae", "newest-x86", "newest-x86-pae", "newest-arm-kmap-debug"})
  void goldenScript(String name) throws IOException, URISyntaxException {
    Path script = resource(name + ".sim");
    List<String> header = Files.readAllLines(script).stream()
        .takeWhile(l -> l.startsWith("# args:")).toList();
    assertTrue(!header.isEmpty(), name + ".sim must start with # args:");
    for (String line : header) {
      List<String> args = new ArrayList<>(List.of("sim"));
      String opts = line.substring("# args:".length()).strip();
      if (!opts.startsWith("(")) {
        // ${testdata} is testdata (the memmap.testdata property), for --config files.
        String testdata = Machines.testdata().toString();
        Arrays.stream(opts.split("\\s+")).map(a -> a.replace("${testdata}", testdata)).forEach(args::add);
      }
      args.add(script.toString());
      Run r = run(args.toArray(String[]::new));
      assertEquals(0, r.code(), r.err());
      assertLinesMatch(Files.readAllLines(resource(name + ".out")), r.out(), line);
    }
  }

  @Test
  void badInputExitsTwoWithOneLineAndNoStackTrace() {
    for (String[] args : List.of(
        new String[] {"walk", "0x1ffffffff"},
        new String[] {"translate", "banana"},
        new String[] {"translate", "0xc0000000", "-5"},
        new String[] {"sim", "/nonexistent/script.sim"})) {
      Run r = run(args);
      assertEquals(2, r.code(), String.join(" ", args));
      assertEquals(1, r.err().lines().count(), r.err());
      assertTrue(r.err().startsWith("memmap: ") && !r.err().contains("Exception"), r.err());
    }
  }

  @Test
  void walkPrintsOneLinePerLevelThenTheAddressOrTheFault() {
    // Default board: lowmem at 0xc0000000 from PHYS_OFFSET 0 (docs/default-board.md), 1 MiB sections.
    Run ok = run("walk", "0xc0123456");
    assertEquals(0, ok.code(), ok.err());
    assertEquals(3, ok.out().size(), ok.out()::toString);
    assertTrue(ok.out().get(1).startsWith("pgd  index 3073"), ok.out().get(1));
    assertEquals("paddr 0x00123456 (pfn 0x123)", ok.out().get(2));
    Run fault = run("walk", "--arch", "x86", "0xffc00000");
    assertEquals(0, fault.code(), fault.err());
    assertTrue(fault.out().get(fault.out().size() - 1).startsWith("fault at "), fault.out()::toString);
    Run t = run("translate", "0xc0000000", "0xf0000000");
    assertEquals(List.of("0xc0000000 -> 0x00000000 pfn 0x0 lowmem, __pa 0x00000000"), t.out().subList(0, 1));
    assertTrue(t.out().get(1).startsWith("0xf0000000 -> fault ("), t.out().get(1));
  }
}

package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
  static Path testdata(String file) {
    return Path.of(System.getProperty("memmap.testdata", "../testdata"), file);
  }

  @Test
  void archesListsBothPlugins() {
    CliRun r = CliRun.of("arches");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("arm ") && l.contains("arm32,armhf")), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.startsWith("x86 ") && l.contains("i386")), r.out());
  }

  @Test
  void unknownOptionAndCommandExitTwoWithOneLine() {
    CliRun.of("arches", "--bogus").assertUsageError("--bogus");
    CliRun.of("nosuchcommand").assertUsageError("nosuchcommand");
  }

  @Test
  void versionAndHelp() {
    CliRun v = CliRun.of("--version");
    assertEquals(0, v.code());
    assertTrue(v.out().startsWith("memmap "), v.out());
    CliRun h = CliRun.of("layout", "--help");
    assertEquals(0, h.code());
    assertTrue(h.out().contains("--ram"), h.out());
  }

  /**
   * The default board prints exactly what the real board printed: the banner, the zonelist line
   * with Total pages and the Memory: line (testdata/bootlogs/arm-3.1x-seed-marvell-1g.log).
   */
  @Test
  void defaultBoardReproducesTheSeedLog() throws IOException {
    List<String> seed = Files.readAllLines(testdata("bootlogs/arm-3.1x-seed-marvell-1g.log"));
    CliRun r = CliRun.of();
    assertEquals(0, r.code(), r.err());
    List<String> out = r.outLines();
    for (String line : seed) {
      assertTrue(out.stream().anyMatch(o -> o.strip().equals(line.strip())), "prints '" + line + "'\n" + r.out());
    }
    int banner = out.indexOf("Virtual kernel memory layout:");
    List<String> bannerLines = seed.subList(0, 10).stream().map(l -> "    " + l).toList();
    assertLinesMatch(bannerLines, out.subList(banner + 1, banner + 11));
    assertEquals(CliRun.of("layout").out(), r.out(), "memmap with no command is memmap layout");
  }

  @Test
  void jsonHasTheDesignFields() {
    CliRun r = CliRun.of("layout", "--format", "json");
    assertEquals(0, r.code(), r.err());
    for (String field : List.of("\"arch\" : \"arm\"", "\"pageOffset\" : 3221225472", "\"highMemory\" : 4018143232",
        "\"totalPages\" : 259600", "\"highmemKb\" : 270336", "\"VmallocTotal\" : 245760", "\"base\" : 3219128320",
        "\"entries\" : 512")) {
      assertTrue(r.out().contains(field), field + " in\n" + r.out());
    }
  }

  @Test
  void tableAndSvgRender() {
    CliRun t = CliRun.of("layout", "--format", "table");
    assertEquals(0, t.code(), t.err());
    assertTrue(t.out().contains("vmalloc    0xf0000000 0xff000000      240 MiB"), t.out());
    CliRun s = CliRun.of("layout", "--format", "svg", "--arch", "x86");
    assertEquals(0, s.code(), s.err());
    assertTrue(s.out().startsWith("<svg") && s.out().strip().endsWith("</svg>"), s.out());
    assertTrue(s.out().contains("lowmem") && s.out().contains("highmem") && s.out().contains("0xc0000000"));
  }

  @Test
  void badMachineInputIsOneClearLine() {
    CliRun.of("layout", "--ram", "0@0").assertUsageError("--ram", "0@0");
    CliRun.of("layout", "--ram", "512M@0", "--ram", "256M@0x10000000").assertUsageError("overlaps");
    CliRun.of("layout", "--cmdline", "vmalloc=banana").assertUsageError("vmalloc=", "banana", "expected a size");
    CliRun.of("layout", "--kernel", "1.2").assertUsageError("--kernel", "1.2");
    CliRun.of("layout", "--arch", "sparc").assertUsageError("sparc", "installed", "arm", "x86");
    CliRun.of("layout", "--set", "bogus=1").assertUsageError("bogus=1");
    CliRun.of("layout", "--ram", "1G@0x1ffffffffff").assertUsageError("RAM range");
    CliRun.of("layout", "--config", "/nonexistent/.config").assertUsageError("/nonexistent/.config");
  }
}

package org.memmap.cli.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.cli.MainAccess;

/**
 * Issue 11: a configuration choice {@code check} reads from a printed figure (the banner's lowmem
 * start as {@code PAGE_OFFSET}, a missing pkmap line as {@code !HIGHMEM}) is taken from an input
 * line when the log has one (ARM's image section lines), and is otherwise reported as an input,
 * never verified against itself. The logs are public ones (testdata/reallogs/SOURCES.md).
 */
class LogHintInputsTest {
  static Path testdata(String file) {
    return org.memmap.cli.Machines.testdata().resolve(file);
  }

  static String line(MainAccess.Run r, String prefix) {
    return r.out().lines().filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' line in\n" + r.out()));
  }

  @Test
  void theImageSectionsGivePageOffsetSoTheLowmemLineIsVerifiedWhole() {
    // Raspberry Pi 3, 4.9: ".text : 0x80008000 - 0x80800000" (VMSPLIT_2G), a banner without pkmap.
    MainAccess.Run r = MainAccess.run("check", testdata("reallogs/arm-4.9-rpi3-948m-vmsplit2g.log").toString(),
        "--arch", "arm", "--ram", "948M@0", "--set", "CONFIG_MEMCG=y");
    assertEquals(0, r.code(), r.out() + r.err());
    assertEquals("ok        banner lowmem: lowmem  : 0x80000000 - 0xbb400000   ( 948 MB)", line(r, "ok        banner lowmem"));
    // !HIGHMEM is read from the modules line's end (PAGE_OFFSET itself only without HIGHMEM), its
    // start still verified; the missing pkmap line and highmem item then need no fact of their own.
    assertEquals("ok        banner modules: modules : 0x7f000000 - 0x80000000   (  16 MB)"
        + " [its end is an input: read as CONFIG_HIGHMEM=n, which no input line of the log gives]",
        line(r, "ok        banner modules"));
  }

  @Test
  void aMissingPkmapLineReadAsNoHighmemIsReportedAsAnInput() throws IOException {
    // The same log without its modules line: only the banner's missing pkmap line tells !HIGHMEM.
    Path log = testdata("reallogs/arm-4.9-rpi3-948m-vmsplit2g.log");
    List<String> lines = new ArrayList<>(Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1));
    assertTrue(lines.removeIf(l -> l.contains("modules : 0x7f000000 - 0x80000000")));
    Path copy = Files.createTempFile("hint", ".log");
    try {
      Files.write(copy, lines, java.nio.charset.StandardCharsets.ISO_8859_1);
      MainAccess.Run r = MainAccess.run("check", copy.toString(), "--arch", "arm", "--ram", "948M@0",
          "--set", "CONFIG_MEMCG=y");
      assertEquals(0, r.code(), r.out() + r.err());
      assertEquals("skipped   banner pkmap: an input: read as CONFIG_HIGHMEM=n, which no input line of the log"
          + " gives (a .config lets check verify it)", line(r, "skipped   banner pkmap"));
    } finally {
      Files.delete(copy);
    }
  }

  @Test
  void hashedSectionsLeaveOnlyTheLowmemStartWhichIsThenAnInput() throws IOException {
    // Banana Pi M2 Zero, 4.15.7: ".text : 0x(ptrval) - 0x(ptrval)".
    Path log = testdata("reallogs/arm-4.15.7-bananapi-m2-zero-512m.log");
    MainAccess.Run r = MainAccess.run("check", log.toString(), "--arch", "arm", "--ram", "512M@0x40000000");
    assertEquals(0, r.code(), r.out() + r.err());
    String lowmem = line(r, "ok        banner lowmem");
    assertTrue(lowmem.endsWith("[its start is an input: read as CONFIG_PAGE_OFFSET=0xc0000000,"
        + " which no input line of the log gives]"), lowmem);
    // The rest of the line is still verified: an altered lowmem end fails.
    List<String> altered = new ArrayList<>();
    for (String l : Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1)) {
      altered.add(l.replace("lowmem  : 0xc0000000 - 0xe0000000", "lowmem  : 0xc0000000 - 0xe0100000"));
    }
    Path copy = Files.createTempFile("hint", ".log");
    try {
      Files.write(copy, altered, java.nio.charset.StandardCharsets.ISO_8859_1);
      MainAccess.Run bad = MainAccess.run("check", copy.toString(), "--arch", "arm", "--ram", "512M@0x40000000");
      assertFalse(bad.code() == 0, bad.out());
      assertTrue(bad.out().contains("MISMATCH  banner lowmem"), bad.out());
    } finally {
      Files.delete(copy);
    }
  }
}

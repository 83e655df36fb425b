package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code memmap check} from the command line: several logs in one run, logs cut or corrupted, the
 * explanation of a mismatch, and readers that refuse other files. Every log is a real one from
 * testdata/ or the reallogs resources; where a test alters a line, the alteration is the point.
 */
class CheckCommandTest {
  static final Path TESTDATA = Path.of(System.getProperty("memmap.testdata", "../testdata"));
  static final Path X86_51 = TESTDATA.resolve("bootlogs/x86-5.1-rc2-athlon-2g.log");
  static final Path X86_2622 = TESTDATA.resolve("bootlogs/x86-2.6.22-ubuntu-2g.log");

  @TempDir Path tmp;

  Path edited(Path log, UnaryOperator<String> edit) throws IOException {
    Path out = tmp.resolve(log.getFileName().toString().replace(".log", "-edited.log"));
    List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream().map(edit)
        .filter(l -> l != null).toList();
    Files.write(out, lines, StandardCharsets.ISO_8859_1);
    return out;
  }

  @Test
  void severalLogsGetOneVerdictLineEachAndATotal() {
    MainAccess.Run r = MainAccess.run("check", X86_51.toString(), X86_2622.toString());
    assertEquals(0, r.code(), r.out() + r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(3, lines.size(), r.out());
    assertTrue(lines.get(0).startsWith("PASS   " + X86_51 + ": ") && lines.get(0).contains(" 0 mismatched"), lines.get(0));
    assertTrue(lines.get(1).startsWith("PASS   " + X86_2622 + ": "), lines.get(1));
    assertTrue(lines.get(2).startsWith("2 logs: 2 passed, 0 failed, 0 unusable; "), lines.get(2));
  }

  @Test
  void aDirectoryIsCheckedLogByLogAndOneAlteredLogFailsTheRun() throws IOException {
    Files.copy(X86_2622, tmp.resolve("a.log"));
    edited(X86_51, l -> l.replace("Total pages: 522406", "Total pages: 522407"));
    Files.writeString(tmp.resolve("notes.md"), "not a log");
    MainAccess.Run r = MainAccess.run("check", tmp.toString());
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("FAIL   " + tmp.resolve("x86-5.1-rc2-athlon-2g-edited.log")), r.out());
    assertTrue(r.out().contains("MISMATCH  zonelist and Total pages: log: Built 1 zonelists, mobility grouping on.  Total pages: 522407, memmap: "),
        r.out());
    assertTrue(r.out().lines().reduce((a, b) -> b).orElse("").startsWith("2 logs: 1 passed, 1 failed, 0 unusable"), r.out());
  }

  @Test
  void aDeletedFigureLineIsReportedSkipped() throws IOException {
    Path log = edited(X86_51, l -> l.contains("Total pages:") ? null : l);
    MainAccess.Run r = MainAccess.run("check", log.toString(), "--arch", "x86");
    assertTrue(r.out().contains("skipped   zonelist and Total pages: not in the log"), r.out());
  }

  @Test
  void aLogCutBeforeTheFixmapLineSkipsWhatDependsOnIt() throws IOException {
    Path log = edited(X86_51, l -> l.contains("fixmap  :") || l.contains("cpu_entry :") ? null : l);
    MainAccess.Run r = MainAccess.run("check", log.toString(), "--arch", "x86");
    assertEquals(0, r.code(), r.out() + r.err());
    assertFalse(r.out().contains("MISMATCH"), r.out());
    assertTrue(r.out().contains("skipped   banner vmalloc: input missing: the fixmap banner line"), r.out());
    assertTrue(r.out().contains("skipped   zonelist and Total pages: input missing: the fixmap banner line"), r.out());
  }

  @Test
  void numbersThatDoNotFitAreOneErrorNamingTheLogLine() throws IOException {
    Path log = edited(X86_51, l -> l.replace("BIOS-e820: [mem 0x0000000000100000-0x000000007ffeffff] usable",
        "BIOS-e820: [mem 0x0000000000100000-0x7ffeffff000000000000000] usable"));
    MainAccess.Run r = MainAccess.run("check", log.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().matches("memmap: \\S+: log line \\d+: e820 end '7ffeffff000000000000000' does not fit in 64 bits\\R"), r.err());
  }

  @Test
  void anE820CutToTheEndOfTheAddressSpaceIsAnUnsignedNumber() {
    // Debian 6.1 686 with mem=700M prints "e820: remove [mem 0x2bc00000-0xfffffffffffffffe] usable".
    MainAccess.Run r = MainAccess.run("check", TESTDATA.resolve("oracle/x86/i386-686-1024M-mem700M.log").toString(),
        "--config", TESTDATA.resolve("debian-6.1/config-6.1.0-50-686").toString());
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("ok        LOWMEM available: 700MB LOWMEM available."), r.out());
  }

  @Test
  void aMismatchOneConfigChoiceExplainsSaysSo() throws IOException {
    Path log = TESTDATA.resolve("reallogs/arm-4.9-rpi3-948m-vmsplit2g.log");
    MainAccess.Run r = MainAccess.run("check", log.toString(), "--arch", "arm", "--ram", "948M@0");
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("MISMATCH  Normal zone pages used for memmap: log: 2133, memmap: "), r.out());
    assertTrue(r.out().contains("the kernel was built with a 36-byte struct page (CONFIG_MEMCG=y?); try --set CONFIG_MEMCG=y"), r.out());
  }

  @Test
  void theArchitectureIsTakenFromThePluginThatRecognisesTheLog() {
    MainAccess.Run r = MainAccess.run("check", TESTDATA.resolve("debian-6.1/armhf-armmp-1024M.log").toString());
    assertEquals(0, r.code(), r.out() + r.err());
  }

  @Test
  void aMalformedSystemMapIsRefused() throws IOException {
    Path map = tmp.resolve("System.map");
    Files.writeString(map, "c0008000 T _text\nnot a symbol\n");
    MainAccess.Run r = MainAccess.run("check", X86_51.toString(), "--system-map", map.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("--system-map: System.map " + map + " line 2"), r.err());
  }

  /** The System.map Debian's linux-image-6.1.0-50-686 ships in /boot: one placeholder line. */
  @Test
  void debiansPlaceholderSystemMapIsNamedAsSuch() throws IOException {
    Path map = tmp.resolve("System.map-6.1.0-50-686");
    Files.writeString(map, "ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n");
    MainAccess.Run r = MainAccess.run("check", X86_51.toString(), "--system-map", map.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().contains("line 1: a placeholder without symbols") && r.err().contains("give the real System.map"), r.err());
  }

  @Test
  void explainRefusesAVmallocinfoFileInWhichNoLineParses() throws IOException {
    Path ptdump = tmp.resolve("ptdump.txt");
    Files.writeString(ptdump, "0x40000000-0x40100000  1M PGD KERNEL RW NX\n");
    MainAccess.Run r = MainAccess.run("explain", "0xc0000000", "--vmallocinfo", ptdump.toString());
    assertEquals(2, r.code(), r.out() + r.err());
    assertTrue(r.err().startsWith("memmap: --vmallocinfo " + ptdump + ": no line has the expected format"), r.err());
  }
}

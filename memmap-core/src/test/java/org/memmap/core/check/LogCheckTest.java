package org.memmap.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.InputException;
import org.memmap.api.spi.LogLines;
import org.memmap.core.Architectures;
import org.memmap.core.FakeKmapProvider;
import org.memmap.core.MemMap;

/**
 * {@link LogCheck}, {@link LogInputs} and {@link LogComparison} on the fake architecture: what
 * happens to numbers that do not fit, to figures a log lacks, to logs no plugin claims. The log
 * lines are real kernels' (Debian 6.1 armmp at 1 GiB, testdata/debian-6.1/armhf-armmp-1024M.log;
 * the e820 line quoted in issue 11 from an x86 boot with {@code mem=}); the fake architecture's
 * figures are not asserted, only what check reports about them.
 */
class LogCheckTest {
  static final MemMap FAKE = MemMap.of(Architectures.of(List.of(new FakeKmapProvider())));
  static final LogCheck.Options AS_FAKE = new LogCheck.Options(java.util.Optional.of("fake"),
      java.util.Optional.empty(), List.of(), java.util.Optional.empty(), java.util.Optional.empty(),
      org.memmap.api.KernelConfig.EMPTY, java.util.Map.of());

  static final List<String> ARMMP = List.of(
      "[    0.000000] Linux version 6.1.0-50-armmp (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0) #1 SMP Debian 6.1.176-1 (2025-05-08)",
      "[    0.000000] Zone ranges:",
      "[    0.000000]   Normal   empty",
      "[    0.000000]   HighMem  [mem 0x0000000070000000-0x000000007fffffff]",
      "[    0.000000] Early memory node ranges",
      "[    0.000000]   node   0: [mem 0x0000000040000000-0x000000007fffffff]",
      "[    0.000000] Built 1 zonelists, mobility grouping on.  Total pages: 260416");

  static LogCheck.Result check(List<String> lines) {
    return LogCheck.check(FAKE, BootLog.parse(lines, "t.log"), AS_FAKE);
  }

  static Fact fact(LogCheck.Result r, String name) {
    return r.facts().stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no fact '" + name + "' in " + r.facts()));
  }

  @Test
  void everyAddressInALogIsAnUnsigned64BitNumber() {
    LogLines lines = BootLog.parse(List.of("[    0.000000] e820: remove [mem 0x2bc00000-0xfffffffffffffffe] usable"),
        "mem.log").logLines();
    assertEquals(0xfffffffffffffffeL, lines.hex(0, "0xfffffffffffffffe", "e820 end"));
    assertEquals(0x2bc00000L, lines.hex(0, "2bc00000", "e820 start"));
  }

  @Test
  void aNumberThatDoesNotFitNamesTheLogLine() {
    List<String> log = new ArrayList<>(ARMMP);
    log.set(5, "[    0.000000]   node   0: [mem 0x0000000040000000-0x000000007fffffff0000000000]");
    InputException e = assertThrows(InputException.class, () -> check(log));
    assertTrue(e.getMessage().startsWith("t.log: log line 6: node range end"), e.getMessage());
    assertTrue(e.getMessage().contains("does not fit in 64 bits"), e.getMessage());
  }

  @Test
  void lineNumbersCountTheLinesOfTheFile() {
    BootLog log = BootLog.parse(List.of("", "[    0.000000] Linux version 6.1.0-50-armmp", "  ", "\tZone ranges:"), "t.log");
    assertEquals(List.of("Linux version 6.1.0-50-armmp", "Zone ranges:"), log.lines());
    assertEquals(List.of(2, 4), log.numbers());
  }

  @Test
  void aPageTableDumpLineIsNoVmallocinfoLine() {
    BootLog log = BootLog.parse(List.of(
        "[    0.000000] Linux version 6.1.0-50-armmp",
        "[    0.000000] Linux version 6.1.0-50-armmp",
        "0x40000000-0x40100000  1M PGD KERNEL RW NX",
        "0xf0803000-0xf0805000    8192 gicv2m_init+0x198/0x4c4 phys=0x08020000 ioremap"), "t.log");
    // After the second boot only /proc lines are kept: the vmallocinfo line is, the ptdump line is not.
    assertEquals(List.of("Linux version 6.1.0-50-armmp", "0xf0803000-0xf0805000    8192 gicv2m_init+0x198/0x4c4 phys=0x08020000 ioremap"),
        log.lines());
  }

  @Test
  void aDeletedFigureLineIsSkippedWithAReasonNotLost() {
    List<String> log = new ArrayList<>(ARMMP);
    log.remove(6);
    LogCheck.Result r = check(log);
    Fact f = fact(r, "zonelist and Total pages");
    assertEquals(Fact.Status.SKIPPED, f.status());
    assertEquals("not in the log", f.log());
  }

  @Test
  void aMissingZoneLineInsideTheZoneBlockIsAMismatch() {
    List<String> log = new ArrayList<>(ARMMP);
    log.remove(3);
    LogCheck.Result r = check(log);
    Fact f = fact(r, "zone HighMem range");
    assertEquals(Fact.Status.MISMATCH, f.status());
    assertEquals("no HighMem line", f.log());
  }

  @Test
  void aMismatchSaysWhatTheLogAndMemmapPrint() {
    Fact f = Fact.compare("zonelist and Total pages", "Total pages: 260416", "Total pages: 260417");
    assertEquals("MISMATCH  zonelist and Total pages: log: Total pages: 260417, memmap: Total pages: 260416", f.line());
  }

  @Test
  void aLogNoPluginRecognisesAsksForTheArchitecture() {
    InputException e = assertThrows(InputException.class,
        () -> LogCheck.check(FAKE, BootLog.parse(ARMMP, "t.log"), LogCheck.Options.NONE));
    assertTrue(e.getMessage().contains("recognises the log") && e.getMessage().contains("give the architecture"),
        e.getMessage());
  }

  @Test
  void aLogWithoutFiguresIsRefused() {
    InputException e = assertThrows(InputException.class, () -> check(ARMMP.subList(0, 1)));
    assertTrue(e.getMessage().contains("memory map") || e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void anUnreadableReleaseNamesItsLine() {
    List<String> log = new ArrayList<>(ARMMP);
    log.set(0, "[    0.000000] Linux version 99999999999.1 (x@y)");
    InputException e = assertThrows(InputException.class, () -> check(log));
    assertTrue(e.getMessage().startsWith("t.log: log line 1: release"), e.getMessage());
    assertFalse(e.getMessage().contains("--kernel"), e.getMessage());
  }

  /** The NanoPi Duo's 4.14.14 log (testdata/bootlogs) reserves CMA so: an input, in the machine. */
  @Test
  void cmaAndTheMemoryControllerAreInputs() {
    List<String> log = new ArrayList<>(ARMMP);
    log.add(1, "[    0.000000] cma: Reserved 16 MiB at 0x4f000000");
    // cgroup_init_subsys() up to 4.x: the memory controller is built in.
    log.add(2, "[    0.000000] Initializing cgroup subsys memory");
    LogInputs in = LogInputs.extract(FAKE, BootLog.parse(log, "t.log"), AS_FAKE);
    assertEquals(List.of(new org.memmap.api.RamRange(0x4f000000L, 16L << 20)), in.machine().cma());
    assertEquals(java.util.Optional.of("y"), in.machine().config().value("CONFIG_MEMCG"));
    assertEquals(List.of(new org.memmap.api.RamRange(0x40000000L, 0x40000000L)), in.machine().ram());
    assertTrue(in.ramFromNodeRanges());
  }
}

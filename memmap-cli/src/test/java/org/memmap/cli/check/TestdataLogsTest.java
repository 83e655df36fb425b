package org.memmap.cli.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.memmap.api.InputException;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.RamRange;
import org.memmap.core.MemMap;
import org.memmap.core.check.BootLog;
import org.memmap.core.check.Fact;
import org.memmap.core.check.LogCheck;

/**
 * Every real log of testdata passes {@code check} with the extra inputs its README lists,
 * and fails when one printed number is altered.
 */
class TestdataLogsTest {
  static final MemMap MEMMAP = MemMap.installed();

  static Path testdata(String file) {
    return Path.of(System.getProperty("memmap.testdata", "../testdata"), file);
  }

  /** A log and the options testdata/README.md lists for it. */
  record Case(String file, LogCheck.Options options) {
    @Override
    public String toString() {
      return file;
    }
  }

  static LogCheck.Options options(String arch, String kernel, String config, String... ram) {
    List<RamRange> banks = new ArrayList<>();
    for (String r : ram) {
      banks.add(RamRange.parse(r));
    }
    return new LogCheck.Options(Optional.of(arch), Optional.ofNullable(kernel).map(KernelVersion::parse), banks,
        Optional.empty(), Optional.ofNullable(config).map(c -> KernelConfig.read(testdata(c))),
        KernelConfig.EMPTY, java.util.Map.of());
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("bootlogs/arm-3.1x-seed-marvell-1g.log", options("arm", "3.18", null, "512M@0", "508M@0x20400000")),
        new Case("bootlogs/arm-4.14.14-nanopi-duo-256m.log", options("arm", null, null, "256M@0x40000000")),
        new Case("bootlogs/arm-3.14.12-parallella-992m.log", options("arm", null, null, "992M@0")),
        new Case("bootlogs/x86-5.1-rc2-athlon-2g.log", options("x86", null, null)),
        new Case("bootlogs/x86-2.6.22-ubuntu-2g.log", options("x86", null, null)),
        new Case("debian-6.1/armhf-armmp-1024M.log", options("arm", null, "debian-6.1/config-6.1.0-50-armmp")),
        new Case("debian-6.1/armhf-armmp-lpae-2048M.log", options("arm", null, "debian-6.1/config-6.1.0-50-armmp-lpae")),
        new Case("debian-6.1/i386-686-1024M.log", options("x86", null, "debian-6.1/config-6.1.0-50-686")),
        new Case("debian-6.1/i386-686-pae-2048M.log", options("x86", null, "debian-6.1/config-6.1.0-50-686-pae")));
  }

  static LogCheck.Result check(Case c, UnaryOperator<String> edit) throws IOException {
    List<String> lines = Files.readAllLines(testdata(c.file()), java.nio.charset.StandardCharsets.ISO_8859_1)
        .stream().map(edit).toList();
    return LogCheck.check(MEMMAP, BootLog.parse(lines, c.file()), c.options());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyTestdataLogPasses(Case c) throws IOException {
    LogCheck.Result r = check(c, UnaryOperator.identity());
    String report = String.join("\n", r.facts().stream().map(Fact::line).toList());
    assertEquals(0, r.mismatched(), report);
    assertTrue(r.verified() >= 10, "at least ten figures verified:\n" + report);
  }

  /** One printed figure per kind of line, increased by one: each must turn into a mismatch. */
  static Stream<Arguments> alterations() {
    List<Arguments> out = new ArrayList<>();
    cases().forEach(c -> {
      out.add(Arguments.of(c, "Total pages: (\\d+)"));
      out.add(Arguments.of(c, "Memory: \\d+[Kk]/(\\d+)[Kk]"));
      out.add(Arguments.of(c, "(\\d+)[Kk] highmem"));
      out.add(Arguments.of(c, "vmalloc : 0x[0-9a-f]+ - 0x[0-9a-f]+\\s+\\(\\s*(\\d+) MB"));
      out.add(Arguments.of(c, "lowmem  : 0x[0-9a-f]+ - 0x([0-9a-f]+)"));
      out.add(Arguments.of(c, "HighTotal:\\s+(\\d+)"));
      out.add(Arguments.of(c, "VmallocTotal:\\s+(\\d+)"));
      out.add(Arguments.of(c, "HighMem\\s+\\[mem 0x([0-9a-f]+)"));
      out.add(Arguments.of(c, "(\\d+)MB LOWMEM available"));
    });
    return out.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("alterations")
  void anAlteredNumberFails(Case c, String pattern) throws IOException {
    java.util.regex.Pattern p = java.util.regex.Pattern.compile(pattern);
    boolean[] altered = {false};
    LogCheck.Result r = check(c, line -> {
      java.util.regex.Matcher m = p.matcher(line);
      if (!m.find() || m.group(1) == null) {
        return line;
      }
      altered[0] = true;
      String digits = m.group(1);
      boolean hex = !digits.matches("\\d+") || pattern.contains("0x(");
      String bumped = hex
          ? Long.toHexString(Long.parseLong(digits, 16) + 0x1000)
          : Long.toString(Long.parseLong(digits) + 1);
      return line.substring(0, m.start(1)) + bumped + line.substring(m.end(1));
    });
    org.junit.jupiter.api.Assumptions.assumeTrue(altered[0], "this log does not print that figure");
    {
      assertTrue(r.mismatched() > 0, "altering '" + pattern + "' in " + c + " is caught:\n"
          + String.join("\n", r.facts().stream().map(Fact::line).toList()));
    }
  }

  @Test
  void unusableLogsAreRejectedWithOneMessage() {
    Case seed = cases().findFirst().orElseThrow();
    LogCheck.Options noKernel = options("arm", null, null, "1G@0");
    InputException e = assertThrows(InputException.class,
        () -> LogCheck.check(MEMMAP, BootLog.parse(List.of("Virtual kernel memory layout:"), "t.log"), noKernel));
    assertTrue(e.getMessage().contains("Linux version") && e.input() == InputException.Input.KERNEL, e.getMessage());
    InputException truncated = assertThrows(InputException.class,
        () -> LogCheck.check(MEMMAP, BootLog.parse(List.of("[    0.000000] Linux version 3.18.0 (x@y)",
            "[    0.000000] Kernel command line: console=ttyS0"), "t.log"), seed.options()));
    assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
    InputException wide = assertThrows(InputException.class,
        () -> LogCheck.check(MEMMAP, BootLog.parse(List.of(
            "[    0.000000] Linux version 5.10.0-20-amd64 (debian-kernel@lists.debian.org) (gcc-10) #1 SMP",
            "[    0.000000] Zone ranges:", "[    0.000000]   DMA32    [mem 0x0000000001000000-0x00000000ffffffff]"),
            "x64.log"), options("x86", null, null)));
    assertTrue(wide.getMessage().contains("64-bit"), wide.getMessage());
  }
}

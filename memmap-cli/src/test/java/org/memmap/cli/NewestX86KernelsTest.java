package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * x86-32 kernels as users run them: {@code ./memmap --kernel X --arch x86 --config FILE} with the
 * RAM QEMU's BIOS gave prints the lowmem/highmem figures, zone ranges, zonelist and {@code
 * Memory:} totals that the real boot of that kernel printed (testdata/oracle/x86).
 */
class NewestX86KernelsTest {
  private static final Pattern MEMORY = Pattern.compile(
      "Memory: \\d+K/(\\d+)K available \\(.*, (\\d+)K cma-reserved(?:, (\\d+)K highmem)?\\)");

  /** Every line of the boot that memmap prints, printed alike by the CLI. */
  static void printsTheBootsLines(String log, String... args) throws IOException {
    List<String> real = Machines.console(log);
    CliRun r = CliRun.of(args);
    assertEquals(0, r.code(), r.err());
    List<String> printed = r.outLines();
    List<String> expected = new ArrayList<>();
    for (String l : real) {
      if (l.matches("\\d+MB (HIGHMEM|LOWMEM) available\\.") || l.startsWith("Built 1 zonelists")) {
        expected.add(l);
      }
    }
    int zones = real.indexOf("Zone ranges:");
    assertTrue(zones >= 0, log);
    for (int i = zones; i < real.size() && !real.get(i).startsWith("Movable zone"); i++) {
      expected.add(real.get(i));
    }
    assertTrue(expected.size() >= 5, log + ": " + expected);
    for (String l : expected) {
      assertTrue(printed.contains(l), "memmap prints '" + l + "':\n" + r.out());
    }
    Matcher m = real.stream().map(MEMORY::matcher).filter(Matcher::find).findFirst().orElseThrow();
    String totals = String.format(Locale.ROOT, "# Memory: total %sK, %sK cma-reserved", m.group(1), m.group(2))
        + (m.group(3) == null ? "" : ", " + m.group(3) + "K highmem");
    assertTrue(printed.stream().anyMatch(l -> l.startsWith(totals)), "memmap prints '" + totals + "':\n" + r.out());
  }

  @Test
  void debian61With2GiBHighmem256MPrintsItsOwnLines() throws IOException {
    // highmem=256M on 2 GiB: e820 usable 0-0x9fbff and 0x100000-0x7ffdffff.
    printsTheBootsLines("oracle/x86/i386-686-2048M-highmem256M.log",
        "--kernel", "6.1", "--arch", "x86", "--config", Machines.testdata().resolve("debian-6.1/config-6.1.0-50-686").toString(),
        "--ram", "0x9fc00@0", "--ram", "0x7fee0000@0x100000", "--cmdline", "highmem=256M");
  }

  @Test
  void linux72AllnoconfigWith1GiBPrintsItsOwnLines() throws IOException {
    // 7.2.12 allnoconfig + HIGHMEM4G, UP: the 19-entry fixmap puts VMALLOC_END at 0xff3fe000, so
    // 883MB LOWMEM; Total pages counts present pages (6.10+).
    printsTheBootsLines("oracle/x86/i386-custom72-3g-hm4g-up-1024M.log",
        "--kernel", "7.2", "--arch", "x86", "--config",
        Machines.testdata().resolve("oracle/configs/config-custom72-i386-custom72-3g-hm4g-up").toString(),
        "--ram", "0x9fc00@0", "--ram", "0x3fee0000@0x100000");
  }

  @Test
  void linux72PaeWith4GiBStopsHighmemAt4GiB() throws IOException {
    // 7.2.12 allnoconfig + X86_PAE, 4 CPUs: no HIGHMEM64G since 6.15, so max_pfn stops at 4 GiB
    // ("HighMem [mem 0x...375fe000-0x...ffffffff]", 3210MB HIGHMEM available) and the RAM above it
    // is dropped.
    printsTheBootsLines("oracle/x86/i386-custom72-3g-pae-smp4-4096M.log",
        "--kernel", "7.2", "--arch", "x86", "--config",
        Machines.testdata().resolve("oracle/configs/config-custom72-i386-custom72-3g-pae-smp4").toString(),
        "--ram", "0x9fc00@0", "--ram", "0xbfee0000@0x100000", "--ram", "1G@0x100000000");
  }
}

package org.memmap.cli.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.memmap.cli.MainAccess;

/**
 * The lines around the memory map (percpu, SLUB, Initmem setup node, the freed init section and
 * initrd, /proc/meminfo's totals) checked in a real boot with its System.map: the allnoconfig
 * 7.2.12 PAE SMP i386 kernel of testdata/oracle/x86 (testdata/SOURCES.md), whose trimmed
 * System.map gives {@code __per_cpu_start..__per_cpu_end} (56652 bytes, the boot's {@code s}) and
 * {@code __init_begin..__init_end} (388K, the boot's freed initmem).
 */
class InitLinesCheckTest {
  static final Path TESTDATA = org.memmap.cli.Machines.testdata();
  static final Path LOG = TESTDATA.resolve("oracle/x86/i386-custom72-3g-pae-smp4-1024M.log");
  static final List<String> OPTIONS = List.of("--arch", "x86",
      "--config", TESTDATA.resolve("oracle/configs/config-custom72-i386-custom72-3g-pae-smp4").toString(),
      "--system-map", TESTDATA.resolve("oracle/x86/System.map-custom72-i386-custom72-3g-pae-smp4.trimmed").toString());

  @TempDir Path tmp;

  MainAccess.Run check(Path log) {
    List<String> args = new java.util.ArrayList<>(List.of("check", log.toString()));
    args.addAll(OPTIONS);
    return MainAccess.run(args.toArray(String[]::new));
  }

  Path edited(UnaryOperator<String> edit) throws IOException {
    Path out = tmp.resolve("edited.log");
    Files.write(out, Files.readAllLines(LOG, StandardCharsets.ISO_8859_1).stream().map(edit).toList(),
        StandardCharsets.ISO_8859_1);
    return out;
  }

  @Test
  void everyLineFollowsFromTheSystemMapAndTheConfig() {
    MainAccess.Run r = check(LOG);
    assertEquals(0, r.code(), r.out() + r.err());
    List<String> lines = r.out().lines().toList();
    for (String expected : List.of(
        "ok        Initmem setup node: [mem 0x0000000000001000-0x000000003ffdffff]",
        "ok        percpu Embedded: 19 pages/cpu s56652 r0 d21172 u77824",
        "ok        pcpu-alloc sizes: s56652 r0 d21172 u77824 alloc=19*4096",
        "ok        pcpu-alloc units: [0] 0",
        "ok        SLUB Order: 0-3",
        "ok        SLUB MinObjects: 0",
        "ok        SLUB CPUs: 1",
        "ok        Freeing initrd memory (K): 1044",
        "ok        Freeing unused kernel memory (K): 388",
        "ok        /proc/meminfo LowTotal (kB): 893644",
        "ok        /proc/meminfo LowFree (kB): 888476")) {
      assertTrue(lines.contains(expected), expected + " in\n" + r.out());
    }
    assertTrue(lines.contains("skipped   SLUB HWalign: input missing: cache_line_size() (the boot CPU's,"
        + " or the .config's L1_CACHE_SHIFT)"), r.out());
  }

  @Test
  void theStaticSizeComesFromTheSystemMapSoAnAlteredSFails() throws IOException {
    MainAccess.Run r = check(edited(l -> l.replace("pages/cpu s56652 ", "pages/cpu s56660 ")));
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("MISMATCH  percpu Embedded: log: 19 pages/cpu s56660 r0 d21172 u77824,"
        + " memmap: 19 pages/cpu s56652 r0 d21172 u77824"), r.out());
  }

  @Test
  void anAlteredInitrdFigureFails() throws IOException {
    MainAccess.Run r = check(edited(l -> l.replace("Freeing initrd memory: 1044K", "Freeing initrd memory: 1048K")));
    assertEquals(1, r.code(), r.out());
    assertTrue(r.out().contains("MISMATCH  Freeing initrd memory (K): log: 1048, memmap: 1044"), r.out());
  }

  @Test
  void memTotalFollowsFromTheMemoryLineAndTheFreedMemoryIn61() throws IOException {
    // debian-6.1/armhf-armmp-1024M.log: 1000688K available + 16384K CMA + 868K initrd + 2048K init
    Path log = TESTDATA.resolve("debian-6.1/armhf-armmp-1024M.log");
    List<String> opts = List.of("--arch", "arm", "--config", TESTDATA.resolve("debian-6.1/config-6.1.0-50-armmp").toString());
    List<String> args = new java.util.ArrayList<>(List.of("check", log.toString()));
    args.addAll(opts);
    MainAccess.Run ok = MainAccess.run(args.toArray(String[]::new));
    assertTrue(ok.out().contains("ok        /proc/meminfo MemTotal (kB): 1019988"), ok.out());
    Path out = tmp.resolve("memtotal.log");
    Files.write(out, Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
        .map(l -> l.replace("MemTotal:        1019988 kB", "MemTotal:        1019992 kB")).toList(), StandardCharsets.ISO_8859_1);
    args.set(1, out.toString());
    MainAccess.Run bad = MainAccess.run(args.toArray(String[]::new));
    assertEquals(1, bad.code(), bad.out());
    assertTrue(bad.out().contains("MISMATCH  /proc/meminfo MemTotal (kB): log: 1019992, memmap: 1019988"), bad.out());
  }
}

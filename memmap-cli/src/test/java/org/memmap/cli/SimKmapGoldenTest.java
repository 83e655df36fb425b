package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden kmap scenarios of {@code sim} (docs/sim.md). The readable ones live in
 * src/test/resources/sim ({@code kmap-*.sim} / {@code .out}, with {@code ${testdata}} standing for
 * testdata); those that need a full pool are generated here.
 *
 * <p>The expected slot sequence is {@code mm/highmem.c}'s: {@code get_next_pkmap_nr} increments
 * {@code last_pkmap_nr} (0 at boot) before use, so new pages take slots 1, 2, ... LAST_PKMAP - 1;
 * the next search wraps to slot 0 ({@code no_more_pkmaps}), where {@code flush_all_zero_pkmaps}
 * frees every count-1 slot (clears its PTE, one TLB flush of the window); {@code map_new_virtual}
 * sleeps after LAST_PKMAP probes without a free slot, and {@code kunmap_high} wakes the queue when
 * a count drops to 1; the woken task starts the search over. Addresses are {@code PKMAP_ADDR(nr) =
 * PKMAP_BASE + nr * 4096} with each machine's PKMAP_BASE and LAST_PKMAP:
 *
 * <ul>
 *   <li>ARM default board (docs/default-board.md banner "pkmap : 0xbfe00000 - 0xc0000000 (2 MB)"):
 *       0xbfe00000, 512 (PTRS_PER_PTE, arch/arm/include/asm/highmem.h); lowmem ends at
 *       0xef800000, so pfn 0x30000 is highmem.
 *   <li>Debian 6.1 686: 0xfec00000, 1024; 686-pae: 0xff000000, 512 (LAST_PKMAP is 1024 without PAE
 *       and 512 with it; PKMAP_BASE from the chain in research x86-61.md §2, which reproduces the
 *       boot logs' lowmem ends 0x36bfe000 and 0x36ffe000, so pfn 0x40000 is highmem in 2 GiB).
 * </ul>
 */
class SimKmapGoldenTest {
  private static final String PC_2G = "--ram 0x9fc00@0 --ram 0x7fee0000@0x100000";

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(SimKmapGoldenTest.class.getResource("/sim/" + name).toURI());
  }

  /** Machine options from a script's {@code # args:} line. */
  private static List<String> args(String header) {
    assertTrue(header.startsWith("# args:"), header);
    String opts = header.substring("# args:".length()).strip()
        .replace("${testdata}", Machines.testdata().toString());
    return opts.startsWith("(") ? List.of() : Arrays.asList(opts.split("\\s+"));
  }

  private static CliRun sim(List<String> machine, Path script) {
    List<String> a = new ArrayList<>(List.of("sim"));
    a.addAll(machine);
    a.add(script.toString());
    return CliRun.of(a.toArray(String[]::new));
  }

  @ParameterizedTest
  @ValueSource(strings = {"kmap-arm", "kmap-arm-errors", "kmap-x86"})
  void goldenScript(String name) throws IOException, URISyntaxException {
    Path script = resource(name + ".sim");
    CliRun r = sim(args(Files.readAllLines(script).get(0)), script);
    assertEquals(0, r.code(), r.err());
    assertLinesMatch(Files.readAllLines(resource(name + ".out")), r.outLines());
  }

  /** machine options, PKMAP_BASE, LAST_PKMAP, a highmem pfn with LAST_PKMAP + 2 pages after it. */
  static Stream<Arguments> machines() {
    String debian = Machines.testdata().resolve("debian-6.1").toString();
    return Stream.of(
        Arguments.of("", 0xbfe00000L, 512, 0x30000L),
        Arguments.of("--arch x86 --config " + debian + "/config-6.1.0-50-686 " + PC_2G,
            0xfec00000L, 1024, 0x40000L),
        Arguments.of("--arch x86 --config " + debian + "/config-6.1.0-50-686-pae " + PC_2G,
            0xff000000L, 512, 0x40000L));
  }

  private static List<String> options(String opts) {
    return opts.isEmpty() ? List.of() : Arrays.asList(opts.split("\\s+"));
  }

  private static String hex(long v) {
    return String.format(Locale.ROOT, "0x%08x", v);
  }

  private static String pfn(long v) {
    return String.format(Locale.ROOT, "%#x", v);
  }

  /** A script and the lines it must print, written side by side. */
  private static final class Script {
    final List<String> in = new ArrayList<>();
    final List<String> out = new ArrayList<>();

    /** {@code command} prints {@code command -> result}, then {@code more}. */
    void line(String command, String result, String... more) {
      in.add(command);
      out.add(command + " -> " + result);
      out.addAll(List.of(more));
    }

    /** {@code command} prints nothing now (its task is asleep). */
    void silent(String command) {
      in.add(command);
    }

    CliRun run(List<String> machine, Path dir) throws IOException {
      Path file = dir.resolve("generated.sim");
      Files.write(file, in);
      return sim(machine, file);
    }
  }

  @ParameterizedTest
  @MethodSource("machines")
  void wrapAroundFlushesTheUnusedSlotsAndTheirStaleMappingsFault(
      String opts, long base, int last, long p, @TempDir Path dir) throws IOException {
    Script s = new Script();
    s.line("kmap " + pfn(p), hex(base + 4096));
    s.line("write " + hex(base + 4096 + 8) + " 5a5aa5a5", "ok");
    s.line("kunmap " + pfn(p), "ok");
    // LAST_PKMAP - 2 more new pages fill slots 2 .. LAST_PKMAP - 1, each kunmapped to count 1.
    for (int i = 1; i < last - 1; i++) {
      s.line("kmap " + pfn(p + i), hex(base + (i + 1) * 4096L));
      s.line("kunmap " + pfn(p + i), "ok");
    }
    s.line("read " + hex(base + 4096 + 8) + " 4", "5a5aa5a5"); // lazily kept: still readable
    // The next new page: last_pkmap_nr wraps to 0, flush_all_zero_pkmaps frees slots 1 .. last-1
    // (all at count 1) and slot 0 is taken.
    s.line("kmap " + pfn(p + last - 1), hex(base));
    s.line("read " + hex(base + 4096 + 8) + " 4", "fault");
    s.line("translate " + hex(base + (last - 1) * 4096L), "fault");
    s.line("kmap " + pfn(p + last), hex(base + 4096)); // slot 1 again, for another page
    s.line("read " + hex(base + 4096 + 8) + " 4", "00000000");
    s.line("kmap " + pfn(p), hex(base + 2 * 4096)); // a new mapping of the first page
    s.line("read " + hex(base + 2 * 4096 + 8) + " 4", "5a5aa5a5"); // its data never moved
    s.line("show pkmap", "ok",
        String.format(Locale.ROOT, "pkmap %s-%s: %d slots, 3 busy", hex(base), hex(base + last * 4096L), last),
        String.format(Locale.ROOT, "slot 0 %s pfn %s count 2", hex(base), pfn(p + last - 1)),
        String.format(Locale.ROOT, "slot 1 %s pfn %s count 2", hex(base + 4096), pfn(p + last)),
        String.format(Locale.ROOT, "slot 2 %s pfn %s count 2", hex(base + 2 * 4096), pfn(p)),
        String.format(Locale.ROOT, "maps %d reuses 0 wrap-arounds 1 flushes 1 waits 0", last + 2));
    CliRun r = s.run(options(opts), dir);
    assertEquals(0, r.code(), r.err());
    assertLinesMatch(s.out, r.outLines());
  }

  @ParameterizedTest
  @MethodSource("machines")
  void aFullPoolPutsTheTaskToSleepUntilAKunmapDropsACountToOne(
      String opts, long base, int last, long p, @TempDir Path dir) throws IOException {
    Script s = new Script();
    // Every slot in use: pages p .. p + last - 2 in slots 1 .. last - 1, then the wrap (nothing at
    // count 1 to flush) and slot 0.
    for (int i = 0; i < last - 1; i++) {
      s.line("kmap " + pfn(p + i), hex(base + (i + 1) * 4096L));
    }
    s.line("kmap " + pfn(p + last - 1), hex(base));
    long x = p + last;
    long y = p + last + 1;
    s.line("@1 kmap " + pfn(x), "blocked");
    s.silent("@1 write " + hex(base + 8 * 4096L) + " 0101"); // waits behind the sleeping kmap
    s.line("@2 kmap " + pfn(y), "blocked");
    s.line("kmap " + pfn(p + 7), hex(base + 8 * 4096L)); // a second user of slot 8: count 3
    s.line("kunmap " + pfn(p + 7), "ok"); // 3 -> 2: no wake-up
    s.line("show pkmap", "ok",
        String.format(Locale.ROOT, "pkmap %s-%s: %d slots, %d busy", hex(base), hex(base + last * 4096L), last, last),
        ">> " + last + " >>", // one line per slot, all busy
        String.format(Locale.ROOT, "maps %d reuses 1 wrap-arounds 3 flushes 0 waits 2", last),
        "asleep: @1 @2");
    // 2 -> 1 wakes both. @1 searches again from last_pkmap_nr (where its search stopped), wraps
    // to 0, flushes slot 8 and takes it; @2 finds nothing and sleeps again.
    s.line("kunmap " + pfn(p + 7), "ok",
        "@1 kmap " + pfn(x) + " -> " + hex(base + 8 * 4096L) + " (woken)",
        "@1 write " + hex(base + 8 * 4096L) + " 0101 -> ok");
    s.line("@1 read " + hex(base + 8 * 4096L) + " 2", "0101");
    s.line("kunmap " + pfn(p + 2), "ok",
        "@2 kmap " + pfn(y) + " -> " + hex(base + 3 * 4096L) + " (woken)");
    s.line("kunmap " + pfn(p + 2), "error: kunmap: pfn " + pfn(p + 2)
        + " is not kmapped (kunmap_high: BUG_ON(!page_address(page)))");
    CliRun r = s.run(options(opts), dir);
    assertEquals(0, r.code(), r.err());
    assertLinesMatch(s.out, r.outLines());
  }
}

package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code memmap kmap}: real threads through the pkmap pool. The window and the highmem page counts
 * are the kernels': the default board's banner "pkmap : 0xbfe00000 - 0xc0000000 (2 MB)" and its
 * 270336K highmem = 67584 pages (docs/default-board.md); Debian 6.1 686 with QEMU's 1 GiB
 * (i386-686-1024M.log: e820 usable 0x100000-0x3ffdffff, "HighTotal: 151432 kB" = 37858 pages),
 * PKMAP_BASE 0xfec00000 and LAST_PKMAP 1024 (research x86-61.md §2, non-PAE).
 */
class KmapCommandTest {
  private static final Pattern STATS = Pattern.compile(
      "pkmap: maps (\\d+), reuses (\\d+), wrap-arounds (\\d+), flushes (\\d+), waits (\\d+) \\(.* s waited in all\\), back-offs (\\d+)");

  private static long[] stats(List<String> out) {
    for (String l : out) {
      Matcher m = STATS.matcher(l);
      if (m.matches()) {
        long[] v = new long[6];
        for (int i = 0; i < 6; i++) {
          v[i] = Long.parseLong(m.group(i + 1));
        }
        return v;
      }
    }
    throw new AssertionError("no counters line in " + out);
  }

  @Test
  @Timeout(30)
  void distinctPagesAreEachMappedOnceAndTheWindowWrapsWithoutWaiting() {
    CliRun r = CliRun.of("kmap", "--threads", "4", "--pages", "600");
    assertEquals(0, r.code(), r.err());
    List<String> out = r.outLines();
    assertEquals("kmap storm on arm 3.18: pkmap 0xbfe00000-0xc0000000 (512 slots), 67584 highmem pages", out.get(0));
    long[] s = stats(out);
    assertEquals(2400, s[0], "4 x 600 distinct pages, each a new mapping");
    assertEquals(0, s[1], "no page is mapped twice");
    // After a flush at most LAST_PKMAP slots are free, so 2400 new mappings need at least
    // ceil((2400 - 511) / 512) = 4 wrap-arounds (the first 511 take slots 1 .. 511).
    assertTrue(s[2] >= 4, "wrap-arounds " + s[2]);
    assertTrue(s[3] >= 4 && s[3] <= s[2], "flushes " + s[3]);
    assertEquals(0, s[4], "at most 4 pages held: the pool never runs dry");
    assertTrue(out.contains("data: 4800 patterns verified through their mappings, 2400 re-read through fresh kmaps, none lost"),
        out::toString);
    List<String> window = out.subList(out.size() - 8, out.size());
    assertTrue(window.get(0).startsWith("0xbfe00000 ") && window.get(7).startsWith("0xbffc0000 "), window::toString);
    assertTrue(window.stream().noneMatch(l -> l.contains("#")), "every thread kunmapped everything: " + window);
  }

  @Test
  @Timeout(60)
  void threadsHoldingMoreThanTheWindowSleepAndLoseNoData() {
    // 4 threads holding up to 200 mappings each want 800 of 512 slots.
    CliRun r = CliRun.of("kmap", "--threads", "4", "--pages", "400", "--hold", "200", "--duration", "300ms");
    assertEquals(0, r.code(), r.err());
    List<String> out = r.outLines();
    assertTrue(out.stream().anyMatch(l -> l.startsWith("data: ") && l.endsWith(", none lost")), out::toString);
    Matcher held = Pattern.compile("most pages held at once: (\\d+) of 512 slots").matcher(out.get(3));
    assertTrue(held.matches(), out.get(3));
    assertTrue(Integer.parseInt(held.group(1)) <= 512, "never more mappings than slots");
  }

  @Test
  @Timeout(30)
  void x86WindowHas1024Slots() {
    String config = Machines.testdata().resolve("debian-6.1/config-6.1.0-50-686").toString();
    CliRun r = CliRun.of("kmap", "--arch", "x86", "--config", config, "--ram", "0x9fc00@0",
        "--ram", "0x3fee0000@0x100000", "--threads", "2", "--pages", "1100");
    assertEquals(0, r.code(), r.err());
    List<String> out = r.outLines();
    assertEquals("kmap storm on x86 6.1.176: pkmap 0xfec00000-0xff000000 (1024 slots), 37858 highmem pages", out.get(0));
    long[] s = stats(out);
    assertEquals(2200, s[0]);
    assertTrue(s[2] >= 2, "2200 new mappings in 1024 slots wrap at least twice: " + s[2]);
    assertEquals(16, out.size() - out.indexOf(out.stream().filter(l -> l.startsWith("window")).findFirst().orElseThrow()) - 1,
        "1024 slots, 64 per line");
  }

  @Test
  void badOptionsAreUsageErrors() {
    CliRun.of("kmap", "--threads", "0").assertUsageError("--threads 0", "1 to 64");
    CliRun.of("kmap", "--duration", "banana").assertUsageError("--duration 'banana'", "2s");
    CliRun.of("kmap", "--pages", "10", "--hold", "11").assertUsageError("--hold 11");
    CliRun.of("kmap", "--threads", "x").assertUsageError("--threads");
    // 256 MiB at 0 is all lowmem on the 3G split: nothing for kmap to map.
    CliRun.of("kmap", "--ram", "256M@0").assertUsageError("no highmem");
  }

  @Test
  void durationsTakeMillisecondsSecondsAndMinutes() {
    assertEquals(Duration.ofMillis(500), KmapCommand.parseDuration("500ms"));
    assertEquals(Duration.ofSeconds(2), KmapCommand.parseDuration("2s"));
    assertEquals(Duration.ofSeconds(3), KmapCommand.parseDuration("3"));
    assertEquals(Duration.ofMinutes(1), KmapCommand.parseDuration("1m"));
  }
}

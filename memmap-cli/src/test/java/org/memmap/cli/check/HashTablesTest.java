package org.memmap.cli.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.RamRange;
import org.memmap.core.MemMap;
import org.memmap.core.check.BootLog;
import org.memmap.core.check.Fact;
import org.memmap.core.check.LogCheck;
import org.memmap.core.hash.HashTable;
import org.memmap.core.printk.BootMessages;

/**
 * The boot-time hash tables ({@code alloc_large_system_hash()} and its callers) against real
 * boots of 3.18 (the seed board), 5.10, 6.1, 6.12 and 7.2: every {@code ... hash table entries:}
 * line a log prints is recomputed from the memory, release, config and CPU count alone, and one
 * altered figure is caught.
 */
class HashTablesTest {
  /** A log, its config, the release when memmap's parser does not take it yet, and how many hash lines it prints. */
  record Boot(String log, String config, String kernel, int hashLines) {
    @Override
    public String toString() {
      return log;
    }
  }

  static Stream<Boot> boots() {
    return Stream.of(
        new Boot("bootlogs/arm-3.1x-seed-marvell-1g.log", null, "3.18.0", 3),
        new Boot("debian-6.1/armhf-armmp-1024M.log", "debian-6.1/config-6.1.0-50-armmp", null, 14),
        new Boot("debian-6.1/armhf-armmp-lpae-2048M.log", "debian-6.1/config-6.1.0-50-armmp-lpae", null, 14),
        new Boot("debian-6.1/i386-686-1024M.log", "debian-6.1/config-6.1.0-50-686", null, 14),
        new Boot("debian-6.1/i386-686-pae-2048M.log", "debian-6.1/config-6.1.0-50-686-pae", null, 14),
        new Boot("oracle/arm/armhf-bullseye-armmp-1024M.log", "oracle/arm/config-5.10.0-32-armmp", null, 12),
        new Boot("oracle/arm/armhf-bullseye-armmp-256M.log", "oracle/arm/config-5.10.0-32-armmp", null, 12),
        new Boot("oracle/arm/armhf-trixie-armmp-1024M.log", "oracle/arm/config-6.12.117+deb13-armmp", "6.12.117", 14),
        new Boot("oracle/arm/armhf-trixie-armmp-256M.log", "oracle/arm/config-6.12.117+deb13-armmp", "6.12.117", 14),
        new Boot("oracle/arm/armhf-forky-armmp-1024M.log", "oracle/arm/config-7.2.12+deb14-armmp", "7.2.12", 14),
        new Boot("oracle/arm/armhf-forky-armmp-512M.log", "oracle/arm/config-7.2.12+deb14-armmp", "7.2.12", 14));
  }

  static List<Fact> hashFacts(Boot boot, List<String> lines) {
    LogCheck.Result r = LogCheck.check(MemMap.installed(), BootLog.parse(lines, boot.log()), options(boot));
    return r.facts().stream().filter(f -> f.name().startsWith("hash table ")).toList();
  }

  static LogCheck.Options options(Boot boot) {
    Path td = org.memmap.cli.Machines.testdata();
    Optional<KernelVersion> kernel = Optional.ofNullable(boot.kernel()).map(HashTablesTest::version);
    List<RamRange> ram = boot.log().contains("seed")
        ? List.of(RamRange.parse("512M@0"), RamRange.parse("508M@0x20400000")) : List.of();
    Optional<KernelConfig> config = Optional.ofNullable(boot.config()).map(c -> KernelConfig.read(td.resolve(c)));
    return new LogCheck.Options(Optional.of(boot.log().contains("i386") ? "x86" : "arm"),
        kernel, ram, Optional.empty(), config, KernelConfig.EMPTY, Map.of());
  }

  /** A release past the newest {@code KernelVersion.parse} takes: the hash model itself covers it. */
  private static KernelVersion version(String text) {
    String[] p = text.split("\\.");
    return KernelVersion.of(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
  }

  static List<String> read(Boot boot) throws IOException {
    return Files.readAllLines(org.memmap.cli.Machines.testdata().resolve(boot.log()), StandardCharsets.ISO_8859_1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("boots")
  void everyPrintedHashLineIsRecomputed(Boot boot) throws IOException {
    List<Fact> facts = hashFacts(boot, read(boot));
    List<Fact> checked = facts.stream().filter(f -> f.status() != Fact.Status.SKIPPED).toList();
    for (Fact f : checked) {
      assertEquals(Fact.Status.OK, f.status(), boot.log() + ": " + f.line());
    }
    assertEquals(boot.hashLines(), checked.size(), boot.log() + ": " + facts);
    List<String> logOrder = checked.stream().map(Fact::name).toList();
    List<String> printed = tables(boot).stream().map(t -> "hash table " + t.name()).filter(logOrder::contains).toList();
    assertEquals(logOrder, printed, boot.log() + ": memmap prints them in the log's order");
  }

  private static List<HashTable> tables(Boot boot) {
    try {
      LogCheck.Result r = LogCheck.check(MemMap.installed(), BootLog.parse(read(boot), boot.log()), options(boot));
      MemMap memmap = MemMap.installed();
      return memmap.hashTables(memmap.layoutOf(r.machine()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Stream<Arguments> alterations() {
    return boots().flatMap(b -> Stream.of(
        Arguments.of(b, "hash table entries: (\\d+)"),
        Arguments.of(b, "Inode-cache hash table entries: \\d+ \\(order: (\\d+)"),
        Arguments.of(b, "TCP bind hash table entries: \\d+ \\(order: \\d+, (\\d+) bytes")));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("alterations")
  void anAlteredHashFigureIsCaught(Boot boot, String figure) throws IOException {
    Pattern p = Pattern.compile(figure);
    List<String> out = new ArrayList<>();
    boolean altered = false;
    for (String line : read(boot)) {
      Matcher m = p.matcher(line);
      if (!altered && m.find()) {
        line = line.substring(0, m.start(1)) + (Long.parseLong(m.group(1)) * 2) + line.substring(m.end(1));
        altered = true;
      }
      out.add(line);
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(altered, "this log does not print that figure");
    assertTrue(hashFacts(boot, out).stream().anyMatch(f -> f.status() == Fact.Status.MISMATCH),
        "doubling '" + figure + "' in " + boot.log() + " is caught");
  }

  /** The default board prints the seed's three early lines, exactly, between Total pages and Memory:. */
  @Test
  void theDefaultBoardPrintsTheSeedHashLines() {
    MemMap memmap = MemMap.installed();
    var layout = memmap.layoutOf(memmap.defaultMachine("arm"));
    List<HashTable> tables = memmap.hashTables(layout);
    List<String> lines = BootMessages.bootLines(layout, tables, memmap.bootReservations(layout).reservedKb());
    int total = indexOf(lines, "Built 1 zonelists");
    // testdata/bootlogs/arm-3.1x-seed-marvell-1g.log; reserved from the boot reservations
    // (docs/default-board.md), not a recorded figure.
    assertEquals(List.of(
        "PID hash table entries: 4096 (order: 2, 16384 bytes)",
        "Dentry cache hash table entries: 131072 (order: 7, 524288 bytes)",
        "Inode-cache hash table entries: 65536 (order: 6, 262144 bytes)",
        "Memory: 1028396K/1044480K available (4482K kernel code, 190K rwdata, 1280K rodata, 204K init,"
            + " 448K bss, 16084K reserved, 270336K highmem)"),
        lines.subList(total + 1, total + 5));
  }

  /**
   * {@code dhash_entries=} and {@code ihash_entries=} replace the memory-derived size (fs/dcache.c
   * and fs/inode.c parse them with {@code simple_strtoul(.., 0)}); the table is still rounded up to
   * a power of two, and 3.18 prints {@code ilog2(size) - PAGE_SHIFT} even below a page. A config
   * without INET prints no TCP or UDP table.
   */
  @Test
  void commandLineSizesAndConfigOptions() {
    MemMap memmap = MemMap.installed();
    var board = memmap.defaultMachine("arm")
        .withCommandLine(new org.memmap.api.KernelCommandLine("dhash_entries=1000 ihash_entries=0x100"));
    List<String> lines = memmap.hashTables(memmap.layoutOf(board)).stream().map(HashTable::line).toList();
    assertTrue(lines.contains("Dentry cache hash table entries: 1024 (order: 0, 4096 bytes)"), lines.toString());
    assertTrue(lines.contains("Inode-cache hash table entries: 256 (order: -2, 1024 bytes)"), lines.toString());
    var noInet = board.withConfig(KernelConfig.EMPTY.with("CONFIG_INET", "n"));
    List<HashTable> tables = memmap.hashTables(memmap.layoutOf(noInet));
    assertTrue(tables.stream().noneMatch(t -> t.name().startsWith("TCP") || t.name().startsWith("UDP")), tables.toString());
  }

  private static int indexOf(List<String> lines, String prefix) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no line starting " + prefix);
  }
}

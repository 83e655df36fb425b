package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.RamRange;
import org.memmap.api.spi.ZoneRules;

/**
 * The 6.12 and 7.2 ARM kernels as users run them: {@code ./memmap --kernel 7.2 --arch arm --ram
 * 2G@0x40000000} prints what Debian's 7.2.12 armmp kernel printed on a 2 GiB QEMU virt board, and
 * the page-allocator constants of each Debian ARM build match its {@code /proc/pagetypeinfo}.
 */
class NewestArmKernelsTest {
  private static final Pattern MEMORY = Pattern.compile(
      "Memory: \\d+K/(\\d+)K available \\(.*, (\\d+)K cma-reserved, (\\d+)K highmem\\)");

  /** The zone block, the zonelist line and the Memory: figures of a real boot, from the CLI. */
  static void printsTheBootsLines(String log, String... args) throws IOException {
    List<String> real = Machines.console(log);
    CliRun r = CliRun.of(args);
    assertEquals(0, r.code(), r.err());
    List<String> printed = r.outLines();
    int zones = real.indexOf("Zone ranges:");
    assertTrue(zones >= 0, log);
    for (String l : real.subList(zones, zones + 4)) {
      assertTrue(printed.contains(l), "memmap prints '" + l + "':\n" + r.out());
    }
    String zonelist = real.stream().filter(l -> l.startsWith("Built 1 zonelists")).findFirst().orElseThrow();
    assertTrue(printed.contains(zonelist), "memmap prints '" + zonelist + "':\n" + r.out());
    Matcher m = real.stream().map(MEMORY::matcher).filter(Matcher::find).findFirst().orElseThrow();
    String totals = String.format(java.util.Locale.ROOT, "# Memory: total %sK, %sK cma-reserved, %sK highmem",
        m.group(1), m.group(2), m.group(3));
    assertTrue(printed.stream().anyMatch(l -> l.startsWith(totals)), "memmap prints '" + totals + "':\n" + r.out());
  }

  @Test
  void linux72ArmWith2GiBPrintsItsOwnLines() throws IOException {
    // Debian 7.2.12 armmp: 128 MiB of CMA at 0xb8000000, in highmem.
    printsTheBootsLines("oracle/arm/armhf-forky-armmp-2048M.log",
        "--kernel", "7.2", "--arch", "arm", "--ram", "2G@0x40000000");
  }

  @Test
  void linux612ArmWith1GiBCountsPresentPages() throws IOException {
    // Issue 12: 6.1's rule gave Total pages: 260416; 6.12.117 printed 262144.
    printsTheBootsLines("oracle/arm/armhf-trixie-armmp-1024M.log",
        "--kernel", "6.12", "--arch", "arm", "--ram", "1G@0x40000000");
  }

  @Test
  void linux72LpaeWith4GiBPrintsItsOwnLines() throws IOException {
    printsTheBootsLines("oracle/arm/armhf-forky-armmp-lpae-4096M.log",
        "--kernel", "7.2", "--arch", "arm", "--ram", "4G@0x40000000",
        "--config", Machines.testdata().resolve("oracle/configs/config-7.2.12+deb14-armmp-lpae").toString());
  }

  static Stream<String> debianArmLogs() {
    return Stream.of("debian-6.1/armhf-armmp-1024M.log", "debian-6.1/armhf-armmp-lpae-2048M.log",
        "oracle/arm/armhf-bullseye-armmp-1024M.log", "oracle/arm/armhf-bullseye-armmp-lpae-1024M.log",
        "oracle/arm/armhf-trixie-armmp-1024M.log", "oracle/arm/armhf-trixie-armmp-lpae-1024M.log",
        "oracle/arm/armhf-forky-armmp-1024M.log", "oracle/arm/armhf-forky-armmp-lpae-1024M.log");
  }

  /**
   * {@code pageblock_order} and {@code MIGRATE_TYPES} (the mobility-grouping threshold) follow
   * the build: {@code /proc/pagetypeinfo} prints the order and one column per migrate type.
   */
  @ParameterizedTest
  @MethodSource("debianArmLogs")
  void pageblockOrderAndMigrateTypesFollowTheConfig(String log) throws IOException {
    List<String> lines = Files.readAllLines(Machines.testdata().resolve(log), StandardCharsets.ISO_8859_1);
    int order = -1;
    int types = -1;
    for (String l : lines) {
      if (l.startsWith("Page block order: ")) {
        order = Integer.parseInt(l.substring("Page block order: ".length()).strip());
      } else if (l.startsWith("Number of blocks type")) {
        types = l.substring("Number of blocks type".length()).strip().split("\\s+").length;
      }
    }
    assumeTrue(order > 0, log + " has no /proc/pagetypeinfo dump");
    Machine m = machineOf(log, lines);
    ZoneRules rules = Machines.MEMMAP.describe(m).zoneRules();
    assertEquals(order, rules.pageblockOrder(), log + ": pageblock_order");
    assertEquals(types, rules.migrateTypes(), log + ": MIGRATE_TYPES");
  }

  private static Machine machineOf(String log, List<String> lines) {
    String version = lines.stream().map(l -> Pattern.compile("Linux version (\\d+\\.\\d+)").matcher(l))
        .filter(Matcher::find).findFirst().orElseThrow().group(1);
    String flavour = log.contains("lpae") ? "armmp-lpae" : "armmp";
    String config = switch (version) {
      case "5.10" -> "config-5.10.0-32-" + flavour;
      case "6.1" -> "config-6.1.0-50-" + flavour;
      case "6.12" -> "config-6.12.117+deb13-" + flavour;
      default -> "config-7.2.12+deb14-" + flavour;
    };
    // One copy per config: 6.1's in debian-6.1/, the armmp ones in oracle/arm/, LPAE in oracle/configs/.
    config = version.equals("6.1") ? "debian-6.1/" + config
        : flavour.equals("armmp") ? "oracle/arm/" + config : "oracle/configs/" + config;
    Path cfg = Machines.testdata().resolve(config);
    return new Machine("arm", KernelVersion.parse(version), List.of(new RamRange(0x40000000L, 1L << 30)),
        KernelConfig.read(cfg), KernelCommandLine.EMPTY, Map.of(), Map.of(), List.of());
  }

  /**
   * Issue 11 class 17: before 3.5 the DMA-coherent area is CONSISTENT_END (0xffe00000) minus the
   * machine's CONSISTENT_DMA_SIZE, which vendors changed; public 3.x logs of 8 MiB boards print
   * {@code DMA     : 0xff600000 - 0xffe00000   (   8 MB)}.
   */
  @Test
  void consistentDmaSizeIsABoardFact() {
    CliRun r = CliRun.of("--kernel", "3.0", "--ram", "32M@0", "--set", "consistent_dma_size=8M");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.outLines().contains("    DMA     : 0xff600000 - 0xffe00000   (   8 MB)"), r.out());
    CliRun standard = CliRun.of("--kernel", "3.0", "--ram", "32M@0");
    assertTrue(standard.outLines().contains("    DMA     : 0xffc00000 - 0xffe00000   (   2 MB)"), standard.out());
  }

  /**
   * Issue 11 class 14: {@code build_all_zonelists()} turns mobility grouping off when {@code
   * vm_total_pages < pageblock_nr_pages * MIGRATE_TYPES}. Debian 6.1 armmp has 2048-page blocks
   * and six migrate types ({@code /proc/pagetypeinfo} of its boots): 12288 pages, 48 MiB; the
   * LPAE build has 512-page blocks: 3072 pages, 12 MiB. A fixed 1024 x 5 would say "on" for the
   * first and "off" for the second.
   */
  @Test
  void mobilityGroupingThresholdFollowsPageblockOrderAndMigrateTypes() {
    String classic = Machines.testdata().resolve("debian-6.1/config-6.1.0-50-armmp").toString();
    String lpae = Machines.testdata().resolve("debian-6.1/config-6.1.0-50-armmp-lpae").toString();
    assertTrue(CliRun.of("--kernel", "6.1", "--config", classic, "--ram", "40M@0x40000000").out()
        .contains("mobility grouping off.  Total pages: 10150"));
    assertTrue(CliRun.of("--kernel", "6.1", "--config", classic, "--ram", "64M@0x40000000").out()
        .contains("mobility grouping on."));
    assertTrue(CliRun.of("--kernel", "6.1", "--config", lpae, "--ram", "16M@0x40000000").out()
        .contains("mobility grouping on."));
  }

  /** Issue 12: every release up to the newest modelled is accepted; a later one is refused, naming it. */
  @Test
  void releasesUpTo73AreAcceptedAndLaterOnesRefusedNamingTheNewest() {
    assertEquals(0, CliRun.of("--kernel", "7.3.5", "--arch", "arm", "--ram", "1G@0x40000000").code());
    assertEquals(0, CliRun.of("--kernel", "6.6.60", "--arch", "arm", "--ram", "1G@0x40000000").code());
    CliRun.of("--kernel", "7.4", "--arch", "arm").assertUsageError("7.4", "7.3");
  }
}

package org.memmap.arch.mips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.InputException;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.RamRange;
import org.memmap.api.RegionKind;
import org.memmap.api.spi.ArchDescription;

class MipsLayoutsTest {
  private static final List<RamRange> MT7621_512M =
      List.of(new RamRange(0, 0x1c000000L), new RamRange(0x20000000L, 0x04000000L));

  private static ArchDescription describe(Machine m) {
    return new MipsKmapProvider().describe(m);
  }

  /**
   * OpenWrt 4.14.171 on a ZBT-WG3526 (MT7621, 512 MiB; openwrt-devel, 2 March 2020, "jffs2: Erase
   * at 0x01ab0000 failed immediately"): "memory: 1c000000 @ 00000000", "memory: 04000000 @
   * 20000000", "Normal [mem 0x0000000000000000-0x000000000fffffff]", "HighMem [mem
   * 0x0000000010000000-0x0000000023ffffff]". OpenWrt's 307-mips_highmem_offset.patch sets
   * HIGHMEM_START to 0x10000000.
   */
  @Test
  void openWrtMt7621LowmemEndsAtItsHighmemStart() {
    ArchDescription d = describe(Machine.of("mips", KernelVersion.parse("4.14.171"), MT7621_512M)
        .withBoardFact("highmem_start", "0x10000000"));
    assertEquals(0x10000000L, d.lowmemLimit());
    assertEquals(0x80000000L, d.pageOffset());
    assertEquals(0x90000000L, d.highMemory());
    assertEquals(MT7621_512M, d.memory());
  }

  /**
   * /proc/meminfo of an MT7621 (4 CPUs, CONFIG_HIGHMEM) posted to kasan-dev by John Thomson:
   * "VmallocTotal: 1040376 kB". The kernel was newer than 6.1, with the same fixmap and pkmap
   * formulas as 6.1 (KM_MAX_IDX slots, PKMAP_END aligned below FIXADDR_START).
   */
  @Test
  void highmemVmallocTotalOfAFourCpuMt7621() {
    ArchDescription d = describe(Machine.of("mips", KernelVersion.of(6, 1), MT7621_512M)
        .withConfig(KernelConfig.EMPTY.with("NR_CPUS", "4")));
    assertEquals(1040376L, d.region(RegionKind.VMALLOC).orElseThrow().size() >> 10);
  }

  /**
   * "VmallocTotal: 1048372 kB": /proc/meminfo of a Xiaomi Mi WiFi R3G (MT7621, Padavan firmware,
   * Linux 3.4.113, no HighTotal line, i.e. no CONFIG_HIGHMEM), from a public router notes page
   * ("Xiaomi Mi WiFi R3G", 2021-09-26); the same figure appears in many OpenWrt MIPS32 captures.
   * Without highmem the fixmap is the 17 cache-colour pages only, in every release modelled.
   */
  @Test
  void vmallocTotalWithoutHighmem() {
    ArchDescription d = describe(Machine.of("mips", KernelVersion.of(4, 14), List.of(new RamRange(0, 128L << 20)))
        .withConfig(KernelConfig.EMPTY.with("HIGHMEM", "n")));
    assertEquals(1048372L, d.region(RegionKind.VMALLOC).orElseThrow().size() >> 10);
    assertTrue(d.pkmapSpec().isEmpty());
  }

  /** Without CONFIG_HIGHMEM bootmem_init() keeps only what lies below HIGHMEM_START. */
  @Test
  void withoutHighmemMemoryAboveTheLimitIsDropped() {
    ArchDescription d = describe(Machine.of("mips", KernelVersion.of(5, 10), MT7621_512M)
        .withConfig(KernelConfig.EMPTY.with("HIGHMEM", "n")));
    assertEquals(List.of(new RamRange(0, 0x1c000000L)), d.memory());
    assertEquals(0x20000000L, d.lowmemLimit());
  }

  /** mem= replaces the firmware map (early_parse_mem), start 0 by default. */
  @Test
  void memOnTheCommandLineReplacesTheMap() {
    ArchDescription d = describe(Machine.of("mips", KernelVersion.of(4, 14), MT7621_512M)
        .withCommandLine(new KernelCommandLine("console=ttyS0 mem=256M")));
    assertEquals(List.of(new RamRange(0, 256L << 20)), d.memory());
    assertEquals(256L << 20, d.lowmemLimit());
  }

  @Test
  void releasesBeforeTheGenericMemoryLineAreRefused() {
    InputException e = assertThrows(InputException.class,
        () -> describe(Machine.of("mips", KernelVersion.of(3, 10), MT7621_512M)));
    assertTrue(e.getMessage().contains("3.11"), e.getMessage());
  }

  @Test
  void highmemStartAboveKseg0IsRefused() {
    InputException e = assertThrows(InputException.class,
        () -> describe(Machine.of("mips", KernelVersion.of(4, 14), MT7621_512M)
            .withBoardFact("highmem_start", "0x40000000")));
    assertTrue(e.getMessage().contains("highmem_start"), e.getMessage());
  }
}

package org.memmap.core.printk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;
import org.memmap.api.Zone;
import org.memmap.api.ZoneType;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.BannerLine;
import org.memmap.api.spi.SizeUnit;
import org.memmap.core.FakeKmapProvider;

/**
 * The printk formats of {@link BootMessages} against lines real kernels printed. The zones and
 * page counts are the ones those logs print, so the test checks the rendering alone (the
 * arithmetic behind the figures is tested with the plugins, which core cannot depend on).
 */
class BootMessagesTest {
  private static final FakeKmapProvider FAKE = new FakeKmapProvider();

  /** A layout of release {@code v} with the given zones and {@code Total pages}. */
  private static MemoryLayout layout(KernelVersion v, List<Zone> zones, long totalPages) {
    Machine m = FAKE.defaultMachine().withKernel(v);
    ArchDescription d = FAKE.describe(m);
    long present = zones.stream().mapToLong(Zone::presentPages).sum();
    return new MemoryLayout(m, d, zones, totalPages, present, 0, 0, List.of());
  }

  @Test
  void zoneRangesOfDebian61ArmmpWith1GiB() {
    // testdata/debian-6.1/armhf-armmp-1024M.log: RAM at 0x40000000, ZONE_DMA over all of lowmem.
    MemoryLayout l = layout(KernelVersion.of(6, 1, 176), List.of(
        new Zone(ZoneType.DMA, 0x40000, 0x70000, 0x30000, 0, 0x30000),
        new Zone(ZoneType.NORMAL, 0x70000, 0x70000, 0, 0, 0),
        new Zone(ZoneType.HIGHMEM, 0x70000, 0x80000, 0x10000, 0, 0x10000)), 260416);
    assertLinesMatch(List.of(
            "Zone ranges:",
            "  DMA      [mem 0x0000000040000000-0x000000006fffffff]",
            "  Normal   empty",
            "  HighMem  [mem 0x0000000070000000-0x000000007fffffff]"),
        BootMessages.zoneRanges(l));
    assertEquals("Built 1 zonelists, mobility grouping on.  Total pages: 260416", BootMessages.zonelist(l));
  }

  @Test
  void zonelistWordingOfEachEra() {
    List<Zone> zones = List.of(new Zone(ZoneType.NORMAL, 0, 0x10000, 0x10000, 0, 0x10000));
    // testdata/bootlogs/arm-4.14.14-nanopi-duo-256m.log
    assertEquals("Built 1 zonelists, mobility grouping on.  Total pages: 65024",
        BootMessages.zonelist(layout(KernelVersion.of(4, 14, 14), zones, 65024)));
    // Before 4.14 build_all_zonelists() also named the zonelist order (mm/page_alloc.c):
    // testdata/bootlogs/arm-3.14.12-parallella-992m.log
    assertEquals("Built 1 zonelists in Zone order, mobility grouping on.  Total pages: 252432",
        BootMessages.zonelist(layout(KernelVersion.of(3, 14, 12), zones, 252432)));
  }

  @Test
  void bannerLineOfNanopiDuo4_14() {
    // testdata/bootlogs/arm-4.14.14-nanopi-duo-256m.log: "vmalloc : 0xd0800000 - 0xff800000   ( 752 MB)"
    Region vmalloc = new Region("vmalloc", RegionKind.VMALLOC, 0xd0800000L, 0xff800000L);
    assertEquals("    vmalloc : 0xd0800000 - 0xff800000   ( 752 MB)",
        BootMessages.bannerLine(new BannerLine("    vmalloc ", "vmalloc", SizeUnit.MB, false), vmalloc));
    Region lowmem = new Region("lowmem", RegionKind.LOWMEM, 0xc0000000L, 0xd0000000L);
    assertEquals("    lowmem  : 0xc0000000 - 0xd0000000   ( 256 MB)",
        BootMessages.bannerLine(new BannerLine("    lowmem  ", "lowmem", SizeUnit.MB, false), lowmem));
  }
}

package org.memmap.core;

import static org.memmap.api.Addresses.MB;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.RamRange;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.BannerLine;
import org.memmap.api.spi.BannerSpec;
import org.memmap.api.spi.BootOutput;
import org.memmap.api.spi.Diagnostics;
import org.memmap.api.spi.KmapLocalSpec;
import org.memmap.api.spi.LinearMap;
import org.memmap.api.spi.Mechanisms;
import org.memmap.api.spi.KmapProvider;
import org.memmap.api.spi.MemoryLineStyle;
import org.memmap.api.spi.PageTableFormat;
import org.memmap.api.spi.PageTableLevel;
import org.memmap.api.spi.PkmapSpec;
import org.memmap.api.spi.SizeUnit;
import org.memmap.api.spi.ZoneRules;

/**
 * A tiny synthetic architecture for core's edge cases: PAGE_OFFSET 0xc0000000, lowmem limited
 * to 256 MiB, a 4-slot pkmap window, 2-level tables of 4 MiB. Not a real kernel.
 */
public class FakeKmapProvider implements KmapProvider {
  /** The fake plugin (public for the tests of core's subpackages). */
  public FakeKmapProvider() {}

  @Override
  public String id() {
    return "fake";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("fake32");
  }

  @Override
  public String displayName() {
    return "Fake";
  }

  @Override
  public Machine defaultMachine() {
    return Machine.of("fake", KernelVersion.of(4, 14), List.of(new RamRange(0, 512 * MB)));
  }

  @Override
  public KernelConfig defaultConfig(KernelVersion kernel) {
    return KernelConfig.EMPTY;
  }

  @Override
  public ArchDescription describe(Machine m) {
    long pageOffset = 0xc0000000L;
    long lowmemLimit = Math.min(256 * MB, m.ram().get(m.ram().size() - 1).end());
    long highMemory = pageOffset + lowmemLimit;
    PkmapSpec pkmap = new PkmapSpec(pageOffset - 4 * MB, 4);
    List<Region> regions = new ArrayList<>(List.of(
        new Region("fixmap", RegionKind.FIXMAP, 0xfff00000L, 0xfffff000L),
        new Region("vmalloc", RegionKind.VMALLOC, highMemory + 8 * MB, 0xf0000000L),
        new Region("lowmem", RegionKind.LOWMEM, pageOffset, highMemory),
        new Region("pkmap", RegionKind.PKMAP, pkmap.pkmapBase(), pkmap.pkmapEnd())));
    KmapLocalSpec kmapLocal = new KmapLocalSpec(0xfffff000L, 0, 4, 1, true);
    PageTableFormat tables = new PageTableFormat("fake-2level", List.of(
        new PageTableLevel("pgd", 22, 1024, 4), new PageTableLevel("pte", 12, 1024, 4)), 22, 32);
    BannerSpec banner = new BannerSpec(true, "Fake layout:", List.of(
        new BannerLine("    lowmem  ", "lowmem", SizeUnit.MB, false)));
    return new ArchDescription("fake", m.kernel(),
        new LinearMap(pageOffset, 0, lowmemLimit, m.ram()),
        regions,
        BootOutput.of(banner, MemoryLineStyle.GENERIC),
        Mechanisms.of(kmapLocal, tables).withPkmap(pkmap),
        new ZoneRules(0, true, 32),
        Diagnostics.NONE);
  }

  /** A second plugin claiming the same id. */
  static final class Twin extends FakeKmapProvider {}
}

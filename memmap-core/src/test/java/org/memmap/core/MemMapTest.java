package org.memmap.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.InvalidArchitectureException;
import org.memmap.api.Machine;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.BannerLine;
import org.memmap.api.spi.BannerSpec;
import org.memmap.api.spi.PkmapSpec;
import org.memmap.api.spi.SizeUnit;

/** Core validates what a plugin describes and names the plugin and the broken invariant. */
class MemMapTest {
  /** The fake plugin with its description passed through {@code edit}. */
  static MemMap with(java.util.function.UnaryOperator<ArchDescription> edit) {
    return MemMap.of(Architectures.of(List.of(new FakeKmapProvider() {
      @Override
      public ArchDescription describe(Machine m) {
        return edit.apply(super.describe(m));
      }
    })));
  }

  static ArchDescription withRegions(ArchDescription d, List<Region> regions) {
    return d.withRegions(regions);
  }

  static String failure(java.util.function.UnaryOperator<ArchDescription> edit) {
    MemMap memmap = with(edit);
    return assertThrows(InvalidArchitectureException.class,
        () -> memmap.layoutOf(memmap.defaultMachine("fake"))).getMessage();
  }

  @Test
  void validDescriptionComputesZones() {
    MemMap memmap = with(d -> d);
    var layout = memmap.layoutOf(memmap.defaultMachine("fake"));
    assertEquals(2, layout.zones().size());
    assertEquals(512L * 256, layout.physPages());
  }

  @Test
  void overlappingRegionsAreNamed() {
    String msg = failure(d -> {
      List<Region> r = new ArrayList<>(d.regions());
      r.add(new Region("rogue", RegionKind.FIXMAP, 0xfff80000L, 0xfffff000L));
      return withRegions(d, r);
    });
    assertTrue(msg.contains("plugin fake") && msg.contains("rogue") && msg.contains("overlap"), msg);
  }

  @Test
  void missingRegionOfABannerLineIsNamed() {
    String msg = failure(d -> d.withBoot(d.boot().withBanner(
        new BannerSpec(true, "x", List.of(new BannerLine("    pkmap   ", "pkmap2", SizeUnit.MB, false))))));
    assertTrue(msg.contains("banner line 'pkmap'") && msg.contains("pkmap2"), msg);
  }

  @Test
  void pkmapCrossingAPageTableIsRejected() {
    String msg = failure(d -> {
      PkmapSpec moved = new PkmapSpec(d.pageOffset() - 0x400000 - 0x2000, 4);
      List<Region> r = new ArrayList<>(d.regions());
      r.removeIf(x -> x.kind() == RegionKind.PKMAP);
      r.add(new Region("pkmap", RegionKind.PKMAP, moved.pkmapBase(), moved.pkmapEnd()));
      ArchDescription e = withRegions(d, r);
      return e.withMechanisms(e.mechanisms().withPkmap(moved));
    });
    assertTrue(msg.contains("pkmap") && msg.contains("one page table"), msg);
  }

  @Test
  void lowmemMustBePageOffsetToHighMemory() {
    String msg = failure(d -> {
      List<Region> r = new ArrayList<>(d.regions());
      r.removeIf(x -> x.kind() == RegionKind.LOWMEM);
      r.add(new Region("lowmem", RegionKind.LOWMEM, d.pageOffset(), d.highMemory() - 4096));
      return withRegions(d, r);
    });
    assertTrue(msg.contains("lowmem region"), msg);
  }
}

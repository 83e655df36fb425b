package org.memmap.arch.mips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.BannerSpec;
import org.memmap.api.spi.KmapProvider;
import org.memmap.testkit.Conformance;
import org.memmap.api.spi.DescriptorFormat;
import org.memmap.api.spi.DescriptorKind;
import org.memmap.api.spi.HardwareFormat;
import org.memmap.api.spi.OutputBits;
import org.memmap.api.spi.HardwareLevel;
import org.memmap.api.spi.PageTableFormat;
import org.memmap.testkit.KmapProviderContract;
import org.memmap.testkit.SimConformance;

/**
 * Removing a required piece of the MIPS description makes the kit fail with a message naming what
 * is missing: the broken providers below wrap the real one and drop a region, a banner line or
 * the {@code provides} clause.
 */
class MipsConformanceFailuresTest {
  private static final Machine BOARD = new MipsKmapProvider().defaultMachine();

  @Test
  void theRealProviderHasNoProblem() {
    assertEquals(List.of(), Conformance.descriptionProblems(new MipsKmapProvider(), BOARD));
    assertEquals(List.of(), Conformance.registrationProblems(new MipsKmapProvider()));
  }

  @Test
  void droppingThePkmapRegionIsNamed() {
    List<String> problems = Conformance.descriptionProblems(withoutRegion("pkmap"), BOARD);
    assertHas(problems, "plugin mips: banner line 'pkmap' names region 'pkmap', which the description does not have");
    assertHas(problems, "plugin mips: CONFIG_HIGHMEM kernel without a pkmap region: the description has a PkmapSpec"
        + " but no pkmap region");
    // core refuses it too, in its own words
    assertHas(Conformance.validationProblems(withoutRegion("pkmap"), BOARD),
        "plugin mips: CONFIG_HIGHMEM kernel without a pkmap region");
  }

  @Test
  void droppingTheLowmemRegionIsNamed() {
    assertHas(Conformance.descriptionProblems(withoutRegion("lowmem"), BOARD),
        "plugin mips: the description has no lowmem region (RegionKind.LOWMEM)");
  }

  @Test
  void droppingTheVmallocRegionIsNamed() {
    assertHas(Conformance.descriptionProblems(withoutRegion("vmalloc"), BOARD),
        "plugin mips: the description has no vmalloc region (RegionKind.VMALLOC)");
  }

  @Test
  void droppingTheFixmapRegionIsNamed() {
    assertHas(Conformance.descriptionProblems(withoutRegion("fixmap"), BOARD),
        "plugin mips: banner line 'fixmap' names region 'fixmap', which the description does not have");
  }

  @Test
  void droppingABannerLineIsNamed() {
    assertHas(Conformance.descriptionProblems(withoutBannerLine("lowmem"), BOARD),
        "plugin mips: the banner has no line for region 'lowmem'");
    assertHas(Conformance.descriptionProblems(withoutBannerLine("pkmap"), BOARD),
        "plugin mips: the banner has no line for region 'pkmap'");
  }

  /** The JUnit contract itself fails, listing the problem, when a plugin's test runs it. */
  @Test
  void theContractFailsOnABrokenPlugin() {
    KmapProviderContract contract = () -> withoutRegion("pkmap");
    AssertionError e = assertThrows(AssertionError.class, contract::descriptionsAreWellFormed);
    assertTrue(e.getMessage().contains("banner line 'pkmap' names region 'pkmap'"), e.getMessage());
    assertTrue(e.getMessage().contains("kernel 3.11"), "the oldest claimed release is checked: " + e.getMessage());
    assertTrue(e.getMessage().contains("kernel " + KernelVersion.NEWEST), "the newest claimed release is checked: " + e.getMessage());
  }

  @Test
  void aModuleWithoutProvidesIsNamed() {
    ModuleDescriptor real = MipsKmapProvider.class.getModule().isNamed()
        ? MipsKmapProvider.class.getModule().getDescriptor()
        : null;
    if (real != null) {
      assertEquals(List.of(), Conformance.providesProblems(new MipsKmapProvider(), real));
    }
    ModuleDescriptor withoutProvides =
        ModuleDescriptor.newModule("org.memmap.arch.mips").requires("org.memmap.api").build();
    assertHas(Conformance.providesProblems(new MipsKmapProvider(), withoutProvides),
        "plugin mips: module org.memmap.arch.mips does not declare 'provides org.memmap.api.spi.KmapProvider"
            + " with org.memmap.arch.mips.MipsKmapProvider'");
  }

  @Test
  void aProviderOutsideTheServicesFileIsNamed() {
    List<String> problems = Conformance.registrationProblems(withoutRegion("pkmap"));
    assertHas(problems, "plugin mips: provider class " + Broken.class.getName() + " must be a public final top-level class");
    assertHas(problems, "has no META-INF/services/org.memmap.api.spi.KmapProvider");
  }

  @Test
  void theKitSamplesEveryEra() {
    List<KernelVersion> sampled = Conformance.sampleKernels(new MipsKmapProvider(),
        List.of(KernelVersion.of(4, 12), KernelVersion.of(5, 11)));
    assertEquals(List.of(KernelVersion.of(3, 11), KernelVersion.of(4, 11), KernelVersion.of(4, 12),
        KernelVersion.of(5, 10), KernelVersion.of(5, 11), KernelVersion.NEWEST), sampled);
  }

  @Test
  void aDescriptionWithoutHighmemStillPasses() {
    Machine noHighmem = BOARD.withConfig(KernelConfig.EMPTY.with("HIGHMEM", "n"));
    assertEquals(List.of(), Conformance.descriptionProblems(new MipsKmapProvider(), noHighmem));
  }

  @Test
  void theRealProviderPassesTheSimulationChecks() {
    assertEquals(List.of(), SimConformance.pageTableProblems(new MipsKmapProvider(), BOARD));
    assertEquals(List.of(), SimConformance.kmapProblems(new MipsKmapProvider(), BOARD));
    assertEquals(List.of(), SimConformance.vmallocProblems(new MipsKmapProvider(), BOARD));
  }

  /**
   * A pte whose pfn field is 16 bits wide instead of the 20 of MIPS32 ({@code _PFN_SHIFT} 12 to
   * bit 31, asm/pgtable-bits.h): pages above 256 MiB lose their top bits. The page-table group
   * names the encoding, the kmap group the highmem page (0x20000000, the board's second RAM bank)
   * that reads back elsewhere.
   */
  @Test
  void aNarrowPfnFieldIsNamed() {
    KmapProvider broken = withPage(page -> new DescriptorFormat(page.name(), page.kind(), page.typeMask(),
        page.typeValue(), List.of(new OutputBits(12, 16, 12)), page.blockShift(), page.fields()));
    assertHas(SimConformance.pageTableProblems(broken, BOARD),
        "level pte: the page entry for 0xfffff000 (0x0ffff7ef) gives back 0x0ffff000: its OutputBits do not"
            + " cover the address");
    assertHas(SimConformance.kmapProblems(broken, BOARD),
        "kmap address 0xff801000 of pfn 0x20000 translates to 0x00000000");
    KmapProviderContract contract = () -> broken;
    AssertionError e = assertThrows(AssertionError.class, contract::walkOfMapIsIdentity);
    assertTrue(e.getMessage().contains("its OutputBits do not cover the address"), e.getMessage());
  }

  /** A pte level without a 4 KiB page descriptor: every group says what the kernel needs. */
  @Test
  void aMissingPageDescriptorIsNamedByEveryGroup() {
    KmapProvider broken = withPage(page -> new DescriptorFormat(page.name(), page.kind(), page.typeMask(),
        page.typeValue(), page.address(), 13, page.fields()));
    assertHas(SimConformance.pageTableProblems(broken, BOARD),
        "level pte has no PAGE descriptor of shift 12, which the kernel writes there");
    assertHas(SimConformance.kmapProblems(broken, BOARD), "a kmap scenario threw IllegalStateException");
    assertHas(SimConformance.vmallocProblems(broken, BOARD), "a vmalloc scenario threw IllegalStateException");
  }

  /** Lowmem that KSEG0 does not translate as __pa() does is refused by core, naming the segment. */
  @Test
  void aSegmentThatMissesLowmemIsNamed() {
    KmapProvider broken = new Broken(d -> {
      PageTableFormat f = d.pageTables();
      HardwareFormat h = f.hardware();
      HardwareFormat moved = new HardwareFormat(h.levels(), h.hwPteOffset(), h.linuxPteProt(), h.swapperPgDirOffset(),
          h.smallPagesBelow(), h.mapsLowmemHoles(), List.of(new org.memmap.api.spi.UnmappedSegment(
              "KSEG0", 0x80000000L, 0xa0000000L, 0x1000, true)));
      return withTables(d, new PageTableFormat(f.name(), f.levels(), f.largePageShift(), f.physBits(), moved));
    });
    assertHas(Conformance.validationProblems(broken, BOARD), "the unmapped segment KSEG0[0x80000000-0xa0000000"
        + " -> 0x00001000] translates PAGE_OFFSET 0x80000000 to 0x00001000, not to PHYS_OFFSET 0x00000000");
    assertHas(SimConformance.pageTableProblems(broken, BOARD), "core could not lay out the machine");
  }

  /** The real provider with the pte level's page descriptor edited. */
  private static KmapProvider withPage(UnaryOperator<DescriptorFormat> edit) {
    return new Broken(d -> {
      PageTableFormat f = d.pageTables();
      HardwareFormat h = f.hardware();
      HardwareLevel pte = h.pteLevel();
      List<DescriptorFormat> kinds = pte.descriptors().stream()
          .map(k -> k.kind() == DescriptorKind.PAGE ? edit.apply(k) : k).toList();
      HardwareLevel edited = new HardwareLevel(pte.name(), pte.shift(), pte.entries(), pte.entryBytes(),
          kinds, pte.tableProt(), pte.blockProt(), pte.pageProt());
      HardwareFormat hw = new HardwareFormat(List.of(h.levels().get(0), edited), h.hwPteOffset(),
          h.linuxPteProt(), h.swapperPgDirOffset(), h.smallPagesBelow(), h.mapsLowmemHoles(), h.unmapped());
      return withTables(d, new PageTableFormat(f.name(), f.levels(), f.largePageShift(), f.physBits(), hw));
    });
  }

  private static ArchDescription withTables(ArchDescription d, PageTableFormat tables) {
    return d.withMechanisms(d.mechanisms().withPageTables(tables));
  }

  private static void assertHas(List<String> problems, String expected) {
    assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
        "expected a problem containing\n  " + expected + "\ngot\n  " + String.join("\n  ", problems));
  }

  private static KmapProvider withoutRegion(String name) {
    return new Broken(d -> copy(d,
        d.regions().stream().filter(r -> !r.name().equals(name)).toList(), d.banner()));
  }

  private static KmapProvider withoutBannerLine(String name) {
    return new Broken(d -> copy(d, d.regions(), new BannerSpec(d.banner().printed(), d.banner().header(),
        d.banner().lines().stream().filter(l -> !l.region().equals(name)).toList())));
  }

  private static ArchDescription copy(ArchDescription d, List<org.memmap.api.Region> regions, BannerSpec banner) {
    return d.withRegions(regions).withBoot(d.boot().withBanner(banner));
  }

  /** The real provider with its description edited. */
  private static final class Broken implements KmapProvider {
    private final MipsKmapProvider real = new MipsKmapProvider();
    private final UnaryOperator<ArchDescription> edit;

    Broken(UnaryOperator<ArchDescription> edit) {
      this.edit = edit;
    }

    @Override
    public String id() {
      return real.id();
    }

    @Override
    public Set<String> aliases() {
      return real.aliases();
    }

    @Override
    public String displayName() {
      return real.displayName();
    }

    @Override
    public KernelVersion oldestKernel() {
      return real.oldestKernel();
    }

    @Override
    public KernelVersion newestKernel() {
      return real.newestKernel();
    }

    @Override
    public Machine defaultMachine() {
      return real.defaultMachine();
    }

    @Override
    public KernelConfig defaultConfig(KernelVersion kernel) {
      return real.defaultConfig(kernel);
    }

    @Override
    public ArchDescription describe(Machine machine) {
      return edit.apply(real.describe(machine));
    }
  }
}

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
import org.memmap.testing.Conformance;
import org.memmap.testing.KmapProviderContract;

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
    assertHas(problems, "plugin mips: the description has a PkmapSpec (CONFIG_HIGHMEM) but no pkmap region");
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
    assertTrue(e.getMessage().contains("kernel 6.1"), "the newest claimed release is checked: " + e.getMessage());
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
    return new ArchDescription(d.arch(), d.kernel(), d.pageOffset(), d.physOffset(), d.memory(),
        d.lowmemLimit(), regions, d.imageSections(), d.buildInputs(), banner, d.memoryLine(),
        d.printsLowHighAvailable(), d.zoneRules(), d.pkmapSpec().orElse(null), d.kmapLocal(),
        d.pageTables(), d.warnings(), d.notes());
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

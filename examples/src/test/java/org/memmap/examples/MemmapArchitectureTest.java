package org.memmap.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.memmap.api.spi.KmapProvider;

/**
 * The layering of docs/architecture.md as executable rules, over every memmap class this module sees
 * (api, core, the plugins at runtime scope, the CLI at test scope, examples).
 */
class MemmapArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.memmap");
  }

  static final ArchRule layers_depend_only_downwards =
      layeredArchitecture()
          .consideringOnlyDependenciesInAnyPackage("org.memmap..")
          .layer("Api").definedBy("org.memmap.api..")
          .layer("Core").definedBy("org.memmap.core..")
          .layer("Arch").definedBy("org.memmap.arch..")
          .layer("Cli").definedBy("org.memmap.cli..")
          .layer("Examples").definedBy("org.memmap.examples..")
          .whereLayer("Examples").mayNotBeAccessedByAnyLayer()
          .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
          .whereLayer("Arch").mayNotBeAccessedByAnyLayer()
          .whereLayer("Core").mayOnlyBeAccessedByLayers("Cli", "Examples")
          .whereLayer("Api").mayOnlyBeAccessedByLayers("Core", "Arch", "Cli", "Examples");

  static final ArchRule architecture_plugins_do_not_see_each_other =
      slices().matching("org.memmap.arch.(*)..").should().notDependOnEachOther();

  static final ArchRule top_level_modules_are_free_of_cycles =
      slices().matching("org.memmap.(*)..").should().beFreeOfCycles();

  static final ArchRule core_packages_are_free_of_cycles =
      slices().matching("org.memmap.core.(*)..").should().beFreeOfCycles();

  /**
   * The {@code mm/} layering inside core: the base package ({@code Mmu}, {@code PageAllocator})
   * under the mechanisms ({@code page_alloc.c}, {@code highmem.c}, {@code vmalloc.c}, the page
   * tables), the simulated kernel and its script commands on top of them.
   */
  static final ArchRule core_mechanisms_sit_between_mm_and_the_simulator =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("Mm").definedBy("org.memmap.core.mm..")
          .layer("Mechanisms").definedBy("org.memmap.core.pagealloc..", "org.memmap.core.highmem..",
              "org.memmap.core.vmalloc..", "org.memmap.core.pgtable..")
          .layer("Sim").definedBy("org.memmap.core.sim..")
          .whereLayer("Sim").mayNotBeAccessedByAnyLayer()
          .whereLayer("Mechanisms").mayOnlyBeAccessedByLayers("Sim")
          .whereLayer("Mm").mayOnlyBeAccessedByLayers("Mechanisms", "Sim");

  static final ArchRule library_modules_never_print =
      noClasses().that().resideInAnyPackage("org.memmap.api..", "org.memmap.core..", "org.memmap.arch..")
          .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
          .orShould().callMethod(Throwable.class, "printStackTrace");

  static final ArchRule no_class_uses_java_util_logging =
      GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

  static final ArchRule core_internals_stay_in_core =
      noClasses().that().resideOutsideOfPackages("org.memmap.core..", "org.memmap.testkit..")
          .should().dependOnClassesThat().resideInAPackage("org.memmap.core.internal..");

  static final ArchRule providers_are_final_annotated_plugins_nobody_depends_on =
      classes().that().implement(KmapProvider.class)
          .should().haveModifier(JavaModifier.FINAL)
          .andShould().beAnnotatedWith("com.google.auto.service.AutoService")
          .andShould().resideInAPackage("org.memmap.arch..")
          .andShould().onlyHaveDependentClassesThat().resideInAPackage("org.memmap.arch..");

  @Test
  void imports_a_sane_number_of_classes() {
    // An empty import would make every rule pass vacuously.
    assertTrue(classes.size() > 60, "imported only " + classes.size() + " classes");
    assertTrue(classes.stream().anyMatch(c -> c.getPackageName().equals("org.memmap.arch.arm")), "arm plugin not imported");
    assertTrue(classes.stream().anyMatch(c -> c.getPackageName().equals("org.memmap.arch.x86")), "x86 plugin not imported");
    assertTrue(classes.stream().anyMatch(c -> c.getPackageName().equals("org.memmap.core")), "core not imported");
    assertTrue(classes.stream().anyMatch(c -> c.getPackageName().equals("org.memmap.cli")), "CLI not imported");
    for (String p : new String[] {"mm", "pagealloc", "highmem", "vmalloc", "pgtable", "sim", "proc"}) {
      assertTrue(classes.stream().anyMatch(c -> c.getPackageName().equals("org.memmap.core." + p)),
          "core." + p + " not imported");
    }
  }

  @Test
  void layers() {
    layers_depend_only_downwards.check(classes);
  }

  @Test
  void plugins_are_isolated() {
    architecture_plugins_do_not_see_each_other.check(classes);
  }

  @Test
  void no_cycles() {
    top_level_modules_are_free_of_cycles.check(classes);
  }

  @Test
  void core_has_no_cycles() {
    core_packages_are_free_of_cycles.check(classes);
  }

  @Test
  void core_is_layered_like_mm() {
    core_mechanisms_sit_between_mm_and_the_simulator.check(classes);
  }

  @Test
  void only_examples_and_the_cli_print() {
    library_modules_never_print.check(classes);
  }

  @Test
  void no_jul() {
    no_class_uses_java_util_logging.check(classes);
  }

  @Test
  void internals() {
    core_internals_stay_in_core.check(classes);
  }

  @Test
  void providers() {
    providers_are_final_annotated_plugins_nobody_depends_on.check(classes);
  }
}

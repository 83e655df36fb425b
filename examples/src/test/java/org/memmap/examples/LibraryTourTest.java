package org.memmap.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A consumer of the public API ({@link LibraryTour}) gets the kernel's numbers in-process, on the
 * class path and on the module path. Every expected figure is one a real kernel printed or its
 * source computes:
 *
 * <ul>
 *   <li>the default board: testdata/bootlogs/arm-3.1x-seed-marvell-1g.log ({@code vmalloc :
 *       0xf0000000}, {@code pkmap : 0xbfe00000}, {@code lowmem : 0xc0000000 - 0xef800000}, so
 *       the first highmem page is physical 0x2f800000);
 *   <li>the PAE PC: testdata/debian-6.1/i386-686-pae-2048M.log ({@code HighMem [mem
 *       0x0000000036ffe000-...]}, {@code VmallocTotal: 122880 kB}, {@code Memory: ... 1195912K
 *       highmem}), with that VM's e820 usable ranges;
 *   <li>the first kmap after boot takes pkmap slot 1 ({@code get_next_pkmap_nr()} increments
 *       {@code last_pkmap_nr} from 0 before use, mm/highmem.c): {@code PKMAP_ADDR(1)};
 *   <li>the first vmalloc of 64 KiB starts at {@code VMALLOC_START} and its vm_struct spans one
 *       guard page more ({@code __get_vm_area_node()} in mm/vmalloc.c adds {@code PAGE_SIZE}).
 * </ul>
 */
class LibraryTourTest {
  static final List<String> EXPECTED = List.of(
      "board.vmallocStart=0xf0000000",
      "board.pkmapBase=0xbfe00000",
      "pc.lowmemLimit=0x36ffe000",
      "pc.vmallocTotalKb=122880",
      "pc.highmemKb=1195912",
      "kmap.page=0x2f800000",
      "kmap.vaddr=0xbfe01000",
      "kmap.translated=0x2f800000",
      "vmalloc.area=0xf0000000-0xf0011000",
      "json.pageOffset=true",
      "svg=true");

  @Test
  void inProcess() {
    assertEquals(EXPECTED, LibraryTour.tour());
  }

  static String runtimePath() {
    String classes = System.getProperty("memmap.examples.classes");
    String deps = System.getProperty("memmap.runtime.classpath");
    assertNotNull(classes, "memmap.examples.classes is set by the build");
    assertNotNull(deps, "memmap.runtime.classpath is set by the build");
    return classes + File.pathSeparator + deps;
  }

  static List<String> java(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Duser.language=ar");
    cmd.add("-Duser.country=SA");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out.lines().toList();
  }

  @Test
  void onTheClassPath() throws Exception {
    assertEquals(EXPECTED, java("-cp", runtimePath(), "org.memmap.examples.LibraryTour"));
  }

  @Test
  void onTheModulePath() throws Exception {
    assertEquals(EXPECTED, java("-p", runtimePath(), "-m", "org.memmap.examples/org.memmap.examples.LibraryTour"));
  }

  @Test
  void theExamplesUseThePublicApiAlone() {
    JavaClasses tour = new ClassFileImporter().importClasses(
        LibraryTour.class, BoardPlanner.class, KmapStorm.class, ModuleOops.class);
    noClasses().should().dependOnClassesThat().resideInAnyPackage(
        "org.memmap.api.spi..", "org.memmap.core.internal..", "org.memmap.core.sim.script..",
        "org.memmap.core.pagealloc..").check(tour);
  }
}

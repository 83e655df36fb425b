package org.memmap.arch.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.memmap.api.spi.LogHint;

/**
 * What an ARM boot log reveals about the build, with lines from real logs (testdata/reallogs): a
 * banner without a pkmap line is a {@code !HIGHMEM} kernel's (mem_init() prints it under {@code
 * #ifdef CONFIG_HIGHMEM}), and the memory cgroup's messages mean {@code CONFIG_MEMCG}.
 */
class ArmLogHintsTest {
  private static Map<String, String> decided(List<String> messages) {
    Map<String, String> out = new TreeMap<>();
    for (LogHint h : new ArmKmapProvider().logHints()) {
      if (h.appliesTo(messages)) {
        out.put(h.option(), h.value());
      }
    }
    return out;
  }

  @Test
  void aBannerWithoutPkmapIsNoHighmem() {
    // SheevaPlug, Linux 3.1.4.
    List<String> sheeva = List.of(
        "Memory: 515732k/515732k available, 8556k reserved, 0K highmem",
        "vmalloc : 0xe0800000 - 0xfe800000   ( 480 MB)",
        "lowmem  : 0xc0000000 - 0xe0000000   ( 512 MB)",
        "modules : 0xbf000000 - 0xc0000000   (  16 MB)");
    assertEquals("n", decided(sheeva).get("CONFIG_HIGHMEM"));
    assertEquals("0xc0000000", decided(sheeva).get("CONFIG_PAGE_OFFSET"));
  }

  @Test
  void aBannerWithPkmapDecidesNothingAboutHighmem() {
    // Zybo, Linux 4.9 (its Memory: line has a highmem item too).
    List<String> zybo = List.of(
        "lowmem  : 0xc0000000 - 0xe0000000   ( 512 MB)",
        "pkmap   : 0xbfe00000 - 0xc0000000   (   2 MB)",
        "modules : 0xbf000000 - 0xbfe00000   (  14 MB)");
    assertEquals(null, decided(zybo).get("CONFIG_HIGHMEM"));
  }

  @Test
  void theMemoryCgroupMeansMemcg() {
    assertEquals("y", decided(List.of("Initializing cgroup subsys memory")).get("CONFIG_MEMCG"));
    assertEquals("y", decided(List.of("allocated 2574400 bytes of page_cgroup")).get("CONFIG_MEMCG"));
    assertEquals(null, decided(List.of("Initializing cgroup subsys cpuacct")).get("CONFIG_MEMCG"));
  }
}

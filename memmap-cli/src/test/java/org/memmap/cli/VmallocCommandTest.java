package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.MemoryLayout;
import org.memmap.core.MemMap;
import org.memmap.core.check.BootLog;
import org.memmap.core.check.LogCheck;
import org.memmap.core.sim.SimKernel;
import org.memmap.core.vmalloc.VmStruct;
import org.memmap.core.vmalloc.Vmalloc;
import org.memmap.core.vmalloc.VmallocException;

/**
 * Golden vmalloc scenarios on real layouts. Every expected address is derived by hand from the
 * kernel's algorithm (mm/vmalloc.c: lowest fit, guard page, VM_IOREMAP alignment, lazy freeing)
 * and the layout's VMALLOC_START, or is a line of a real kernel's /proc/vmallocinfo.
 */
class VmallocCommandTest {
  static final Path TESTDATA = Path.of(System.getProperty("memmap.testdata", "../testdata"));
  static final MemMap MEMMAP = MemMap.installed();

  static Vmalloc seedBoard() {
    // The default board (docs/default-board.md): Linux 3.18, vmalloc 0xf0000000-0xff000000, modules
    // 0xbf000000-0xbfe00000, SMP so IOREMAP_MAX_ORDER is the generic 19; one CPU online.
    MemoryLayout layout = MemMap.layout(MEMMAP.defaultMachine("arm"));
    return SimKernel.boot(layout).vmalloc();
  }

  @Test
  void seedBoardAreasAreMappedInTheKernelPageTables() {
    // The default board's lowmem ends at 0xef800000 = physical 0x2f800000 (its banner): vmalloc()
    // pages are __GFP_HIGHMEM, 3.18 module_alloc() pages GFP_KERNEL; ioremap maps the given range.
    SimKernel k = SimKernel.boot(MemMap.layout(MEMMAP.defaultMachine("arm")));
    Vmalloc v = k.vmalloc();
    VmStruct a = v.vmalloc(0x2000, "");
    assertTrue(k.translate(a.addr()) >= 0x2f800000L && k.translate(a.addr() + 0x1fff) >= 0x2f800000L);
    assertEquals(-1, k.translate(a.addr() + 0x2000), "the guard page is not mapped");
    VmStruct m = v.moduleAlloc(0x1000, "");
    assertTrue(k.translate(m.addr()) < 0x2f800000L);
    long io = v.ioremap(0x48000234L, 0x10, "");
    assertEquals(0x48000234L, k.translate(io));
    v.vfree(a.addr());
    assertTrue(k.walk(a.addr()).faulted(), "vfree() clears the PTEs at once");
  }

  @Test
  void seedBoardGuardPagesAlignmentAndLazyReuse() {
    Vmalloc v = seedBoard();
    // 64 KiB + one guard page = 0x11000 from VMALLOC_START.
    VmStruct a = v.vmalloc(64 * 1024, "");
    assertEquals(0xf0000000L, a.addr());
    assertEquals(0xf0011000L, a.end());
    // 1 MiB + guard follows directly.
    assertEquals(0xf0011000L, v.vmalloc(1 << 20, "").addr());
    // ioremap of 4 KiB on 3.18: align 2^fls(0x1000) = 8 KiB; 0xf0112000 is a multiple of it.
    assertEquals(0xf0112000L, v.ioremap(0x10000000L, 0x1000, ""));
    // ioremap of 64 KiB: align 2^fls(0x10000) = 128 KiB: first multiple above 0xf0114000.
    assertEquals(0xf0120000L, v.ioremap(0x20000000L, 0x10000, ""));
    // 8 KiB + guard fits the gap 0xf0114000-0xf0120000 left by the alignment.
    assertEquals(0xf0114000L, v.vmalloc(0x2000, "").addr());
    // vfree() frees lazily: the first area is not reused before a purge.
    v.vfree(0xf0000000L);
    assertEquals(0xf0117000L, v.vmalloc(0x1000, "").addr());
    assertEquals(17, v.vmapLazyNr());
    // ioremap returns the area plus the offset in the page; 0x234 + 0x100 bytes need one page,
    // aligned to 2^fls(0x1000) = 8 KiB: the multiple of 0x2000 at or above 0xf0119000.
    assertEquals(0xf011a000L + 0x234, v.ioremap(0x30000234L, 0x100, ""));
    // module_alloc() places modules at MODULES_VADDR: 20000 bytes -> 5 pages + guard.
    assertEquals(0xbf000000L, v.moduleAlloc(20000, "").addr());
    assertEquals(0xbf006000L, v.moduleAlloc(4096, "").end() - 0x2000);
  }

  @Test
  void seedBoardPurgeOnFailureAndTheKernelsMessage() {
    Vmalloc v = seedBoard();
    // Two modules of 0x6ff000 bytes (+ guard = 0x700000) fill the 14 MiB module area exactly;
    // each page array (1791 pointers, 7164 bytes) is itself vmalloc'ed in vmalloc space.
    assertEquals(0xbf000000L, v.moduleAlloc(0x6ff000, "").addr());
    assertEquals(0xbf700000L, v.moduleAlloc(0x6ff000, "").addr());
    assertEquals(List.of(0xbf000000L, 0xbf700000L, 0xf0000000L, 0xf0003000L),
        v.areas().stream().map(VmStruct::addr).toList());
    v.vfree(0xbf000000L);
    // 0x700 + 3 lazily freed pages stay below lazy_max_pages() = fls(1) * 8192: no purge yet.
    assertEquals(0x703, v.vmapLazyNr());
    assertEquals(0, v.tlbFlushes());
    // Nothing is free in the module area: alloc_vmap_area() purges and retries.
    assertEquals(0xbf000000L, v.moduleAlloc(0x1000, "").addr());
    assertEquals(1, v.tlbFlushes());
    assertEquals(0, v.vmapLazyNr());
    // 14 MiB + guard cannot fit: the 3.x message, with its full stop (size includes the guard).
    VmallocException e = assertThrows(VmallocException.class, () -> v.moduleAlloc(0xe00000, ""));
    assertEquals("vmap allocation for size 14684160 failed: use vmalloc=<size> to increase size.",
        e.getMessage());
  }

  @Test
  void seedBoardPurgesWhenLazyPagesExceedTheLimit() {
    Vmalloc v = seedBoard();
    // 16 MiB = 4096 pages + guard; its page array (16 KiB) is a second area of 4 + 1 pages.
    assertEquals(0xf0000000L, v.vmalloc(16 << 20, "").addr());
    assertEquals(0xf1006000L, v.vmalloc(16 << 20, "").addr());
    v.vfree(0xf0000000L);
    assertEquals(4102, v.vmapLazyNr());
    // Not reused yet: the next area goes after the second one's page array (0xf2007000+0x5000).
    assertEquals(0xf200c000L, v.vmalloc(0x1000, "").addr());
    v.vfree(0xf1006000L);
    // __vunmap(): remove_vm_area() makes 4102 + 4097 = 8199 > lazy_max_pages() = 8192 for one
    // CPU: purged; then the page array is vfree'd: 5 lazy pages remain.
    assertEquals(5, v.vmapLazyNr());
    assertEquals(0xf0000000L, v.vmalloc(0x1000, "").addr());
  }

  /** The machine of a Debian 6.1 dump, from its log and .config, as `check` builds it. */
  static MemoryLayout debian(String log, String arch, String config) {
    LogCheck.Result r = LogCheck.check(MEMMAP, BootLog.read(TESTDATA.resolve("debian-6.1").resolve(log)),
        new LogCheck.Options(Optional.of(arch), Optional.empty(), List.of(), Optional.empty(),
            Optional.of(KernelConfig.read(TESTDATA.resolve("debian-6.1").resolve(config))),
            KernelConfig.EMPTY, Map.of()));
    return MemMap.layout(r.machine());
  }

  /** The oracle's section {@code name} of a debian-6.1 log. */
  static List<String> section(String log, String name) throws Exception {
    return section(TESTDATA.resolve("debian-6.1").resolve(log), name);
  }

  /** The oracle's section {@code name} of a log in testdata/oracle/arm. */
  static List<String> oracleSection(String log, String name) throws Exception {
    return section(TESTDATA.resolve("oracle/arm").resolve(log), name);
  }

  /** The lines between the oracle's {@code @@@@@ BEGIN name @@@@@} and its END line. */
  private static List<String> section(java.nio.file.Path log, String name) throws Exception {
    List<String> lines = Files.readAllLines(log);
    int from = lines.indexOf("@@@@@ BEGIN " + name + " @@@@@");
    int to = lines.indexOf("@@@@@ END " + name + " @@@@@");
    return lines.subList(from + 1, to);
  }

  @Test
  void replaysTheFirstAreasOfDebianArmmp() throws Exception {
    MemoryLayout layout = debian("armhf-armmp-1024M.log", "arm", "config-6.1.0-50-armmp");
    Vmalloc v = SimKernel.boot(layout).vmalloc();
    // Replayed in address order; each address follows from VMALLOC_START 0xf0800000 and the rules.
    v.vmalloc(0x2000, "start_kernel+0x550/0x748");              // 0xf0800000, 2 pages + guard
    v.ioremap(0x08020000L, 0x1000, "gicv2m_init+0x198/0x4c4");    // 0xf0803000, 4 KiB aligned
    v.vfree(v.vmalloc(0x3000, "x").addr());                        // 0xf0805000-0xf0809000, lazily freed
    v.vmalloc(0x1000, "bpf_prog_alloc_no_stats+0x34/0x1b0");       // 0xf0809000
    v.vmallocNode(0x2000, 0x4000, "kernel_clone+0xac/0x3c4");      // THREAD_ALIGN 16 KiB: 0xf080c000
    v.ioremap(0x08000000L, 0x10000, "gic_of_setup+0x38/0xf8");     // 64 KiB aligned: 0xf0810000
    v.vmalloc(0x1000, "gen_pool_add_owner+0x34/0xbc");             // 0xf0821000
    v.vmallocNode(0x2000, 0x4000, "kernel_clone+0xac/0x3c4");      // 0xf0824000
    v.vmallocNode(0x2000, 0x4000, "kernel_clone+0xac/0x3c4");      // 0xf0828000
    v.vfree(v.vmalloc(0x3000, "x").addr());                        // 0xf082b000, lazily freed
    v.ioremap(0x08010000L, 0x10000, "gic_of_setup+0x50/0xf8");     // 0xf0830000
    v.vfree(v.vmalloc(0x1000, "x").addr());                        // 0xf0841000, lazily freed
    v.vmallocNode(0x2000, 0x4000, "kernel_clone+0xac/0x3c4");      // 0xf0844000
    List<String> real = section("armhf-armmp-1024M.log", "VMALLOCINFO");
    List<String> expected = real.stream().filter(l -> {
      long start = Long.parseLong(l.substring(2, 10), 16);
      return start < 0xf0848000L && !l.contains("dma_common") || l.contains("pci_reserve_io")
          || l.contains("unpurged") && start < 0xf0848000L;
    }).map(l -> l.replace("pci_reserve_io+0x0/0x38", "pci_reserve_io")).toList();
    // The size of the pci_reserve_io symbol (0x38) depends on the build; memmap prints the name.
    // 10 areas, the PCI window and 3 unpurged ranges of the real dump.
    assertEquals(14, expected.size());
    org.junit.jupiter.api.Assertions.assertLinesMatch(expected, v.vmallocinfo());
  }

  /**
   * The machine of a Debian armmp boot of testdata/oracle/arm (6.12 trixie, 7.2 forky), from its
   * log and packaged .config, as `check` builds it for that release.
   */
  static MemoryLayout oracleArm(String log, String config, KernelVersion kernel) {
    LogCheck.Result r = LogCheck.check(MEMMAP, BootLog.read(TESTDATA.resolve("oracle/arm").resolve(log)),
        new LogCheck.Options(Optional.of("arm"), Optional.of(kernel), List.of(), Optional.empty(),
            Optional.of(KernelConfig.read(TESTDATA.resolve(config))), KernelConfig.EMPTY, Map.of()));
    return MemMap.layout(r.machine());
  }

  /**
   * The first areas of Debian 6.12 and 7.2 armmp boots replayed: the same early vmalloc, ioremap
   * and vfree calls as 6.1's (above) with the freed areas one page each, so that 6.12 and 7.2 list
   * 0xf0805000-0xf0807000 and 0xf0807000-0xf0809000 as two "unpurged vm_area" lines where 6.1 merged
   * them (mm/vmalloc.c from 6.9: free_vmap_area_noflush() inserts into the node's lazy list,
   * show_purge_info() walks it; 6.1 merged into purge_vmap_area_root). The LPAE boots check the
   * 64-bit %pa of phys=.
   */
  @ParameterizedTest
  @CsvSource({
      "armhf-trixie-armmp-1024M.log, oracle/arm/config-6.12.117+deb13-armmp, 6.12.117, "
          + "start_kernel+0x5cc/0x77c, gicv2m_init+0x19c/0x488, bpf_prog_alloc_no_stats+0x38/0x1f8, "
          + "kernel_clone+0xac/0x37c, gic_of_setup+0x28/0x108, gen_pool_add_owner+0x34/0xbc, gic_of_setup+0x40/0x108",
      "armhf-trixie-armmp-lpae-1024M.log, oracle/configs/config-6.12.117+deb13-armmp-lpae, 6.12.117, "
          + "start_kernel+0x5f8/0x7a8, gicv2m_init+0x1a8/0x494, bpf_prog_alloc_no_stats+0x38/0x1f8, "
          + "kernel_clone+0xac/0x37c, gic_of_setup+0x28/0x108, gen_pool_add_owner+0x38/0xc4, gic_of_setup+0x40/0x108",
      "armhf-forky-armmp-1024M.log, oracle/arm/config-7.2.12+deb14-armmp, 7.2.12, "
          + "start_kernel+0x6c0/0x88c, gicv2m_init+0x19c/0x448, bpf_prog_alloc_no_stats+0x3c/0x200, "
          + "kernel_clone+0xb8/0x3e8, gic_of_setup+0x28/0x104, gen_pool_add_owner+0x40/0xfc, gic_of_setup+0x40/0x104",
      "armhf-forky-armmp-lpae-1024M.log, oracle/configs/config-7.2.12+deb14-armmp-lpae, 7.2.12, "
          + "start_kernel+0x6e4/0x8b0, gicv2m_init+0x1a8/0x454, bpf_prog_alloc_no_stats+0x3c/0x200, "
          + "kernel_clone+0xb8/0x3e4, gic_of_setup+0x28/0x104, gen_pool_add_owner+0x44/0x100, gic_of_setup+0x40/0x104"})
  void replaysTheFirstAreasOfDebianArmmp612And72(String log, String config, String release,
      String startKernel, String gicv2m, String bpf, String clone, String gic0, String genPool,
      String gic1) throws Exception {
    MemoryLayout layout = oracleArm(log, config, KernelVersion.parse(release));
    Vmalloc v = SimKernel.boot(layout).vmalloc();
    assertEquals(0xf0800000L, v.vmallocStart());
    v.vmalloc(0x2000, startKernel);                   // 0xf0800000, 2 pages + guard
    v.ioremap(0x08020000L, 0x1000, gicv2m);           // 0xf0803000
    v.vfree(v.vmalloc(0x1000, "x").addr());           // 0xf0805000-0xf0807000, lazily freed
    v.vfree(v.vmalloc(0x1000, "x").addr());           // 0xf0807000-0xf0809000: the first still busy
    v.vmalloc(0x1000, bpf);                           // 0xf0809000
    v.vmallocNode(0x2000, 0x4000, clone);             // THREAD_ALIGN 16 KiB: 0xf080c000
    v.ioremap(0x08000000L, 0x10000, gic0);            // 64 KiB aligned: 0xf0810000
    v.vmalloc(0x1000, genPool);                       // 0xf0821000
    v.vmallocNode(0x2000, 0x4000, clone);             // 0xf0824000
    v.vmallocNode(0x2000, 0x4000, clone);             // 0xf0828000
    v.vfree(v.vmalloc(0x1000, "x").addr());           // 0xf082b000
    v.vfree(v.vmalloc(0x1000, "x").addr());           // 0xf082d000
    v.ioremap(0x08010000L, 0x10000, gic1);            // 0xf0830000
    v.vfree(v.vmalloc(0x1000, "x").addr());           // 0xf0841000
    v.vmallocNode(0x2000, 0x4000, clone);             // 0xf0844000
    List<String> real = oracleSection(log, "VMALLOCINFO");
    List<String> expected = real.stream().filter(l -> {
      long start = Long.parseLong(l.substring(2, 10), 16);
      return start < 0xf0848000L || l.contains("pci_reserve_io");
    }).map(l -> l.replaceAll("pci_reserve_io\\+0x0/0x[0-9a-f]+", "pci_reserve_io")).toList();
    // 10 areas, the PCI window and 5 unpurged areas, each on its own line.
    assertEquals(16, expected.size());
    assertEquals(5, expected.stream().filter(l -> l.endsWith("unpurged vm_area")).count());
    org.junit.jupiter.api.Assertions.assertLinesMatch(expected, v.vmallocinfo());
  }

  @Test
  void replaysTheFirstAreasOfDebianI386() throws Exception {
    MemoryLayout layout = debian("i386-686-1024M.log", "x86", "config-6.1.0-50-686");
    Vmalloc v = SimKernel.boot(layout).vmalloc();
    // VMALLOC_START = high_memory + 8 MiB = 0xf73fe000 (lowmem ends at pfn 0x36bfe).
    assertEquals(0xf73fe000L, v.vmallocStart());
    v.ioremap(0x3ffe1000L, 0x100, "acpi_os_map_iomem+0x211/0x240");  // 0xf73fe000
    v.ioremap(0x3ffe0000L, 0x2000, "acpi_os_map_iomem+0x211/0x240"); // 8 KiB aligned: 0xf7400000
    v.ioremap(0xfed00000L, 0x400, "hpet_enable+0xc5/0x3da");         // 0xf7403000
    v.vmalloc(0x1000, "bpf_prog_alloc_no_stats+0x2b/0x1b0");          // 0xf7405000
    v.ioremap(0xfed00000L, 0x400, "acpi_os_map_iomem+0x211/0x240");  // 0xf7407000
    v.ioremap(0xf5000L, 0x1000, "memremap+0xa9/0x170");               // 0xf7409000
    List<String> real = section("i386-686-1024M.log", "VMALLOCINFO");
    org.junit.jupiter.api.Assertions.assertLinesMatch(real.subList(0, 6), v.vmallocinfo());
  }

  @Test
  void cliPrintsVmallocinfoAndRejectsBadSizes() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int rc = Main.run(new String[] {"vmalloc", "64K", "1M", "--ioremap", "0x10000000:4K"},
        new PrintWriter(out), new PrintWriter(err));
    assertEquals(0, rc, err.toString());
    assertTrue(out.toString().contains("0xf0000000-0xf0011000   69632 pages=16 vmalloc\n"), out.toString());
    assertTrue(out.toString().contains("0xf0112000-0xf0114000    8192 phys=0x10000000 ioremap\n"), out.toString());
    StringWriter err2 = new StringWriter();
    assertEquals(2, Main.run(new String[] {"vmalloc", "x", "-5"}, new PrintWriter(new StringWriter()),
        new PrintWriter(err2)));
    assertEquals(1, err2.toString().lines().count(), err2.toString());
    assertTrue(err2.toString().contains("'x'") || err2.toString().contains("-5"), err2.toString());
  }
}

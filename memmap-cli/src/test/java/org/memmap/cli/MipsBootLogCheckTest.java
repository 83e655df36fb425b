package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.memmap.api.KernelConfig;
import org.memmap.core.MemMap;
import org.memmap.core.check.BootLog;
import org.memmap.core.check.Fact;
import org.memmap.core.check.LogCheck;

/**
 * The third architecture's real boot log passes {@code check}, with the plugin found by service
 * binding and nothing in core knowing MIPS.
 *
 * <p>The log: OpenWrt master r12417 (Linux 4.14.171) on a Zbtlink ZBT-WG3526 (MediaTek MT7621,
 * MIPS 1004Kc, 4 CPUs, 512 MiB), posted by Enrico Mioso to openwrt-devel on 2 March 2020 ("jffs2:
 * Erase at 0x01ab0000 failed immediately: errno -22 on ZBT-WG3526 (32M)", Message-ID
 * {@code <alpine.LNX.2.21.99999.353.2003020317090.1019877@mStation.localdomain>}, archive
 * http://lists.infradead.org/pipermail/openwrt-devel/). The file holds the first 73 lines of its
 * "full dmesg" as posted, unchanged.
 *
 * <p>Inputs the log lacks: {@code highmem_start=0x10000000} (OpenWrt's generic {@code
 * 307-mips_highmem_offset.patch} lowers HIGHMEM_START from 512 to 256 MiB on every MIPS target;
 * see https://github.com/gnubee-git/GnuBee_Docs/issues/62 on the same MT7621 lowmem) and {@code
 * struct_page_size=36} (the build's struct page; the log's "576 pages used for memmap" for 65536
 * pages is only possible with 36 bytes, e.g. CONFIG_MEMCG's page->mem_cgroup, so that one figure
 * is not independent evidence — the zone ranges, node ranges, totalpages and the Memory: totals
 * are).
 */
class MipsBootLogCheckTest {
  private static final Path LOG = Path.of("src/test/resources/bootlogs/mips-4.14.171-mt7621-zbt-wg3526-512m.log");
  private static final Map<String, String> FACTS = Map.of("highmem_start", "0x10000000", "struct_page_size", "36");

  private static LogCheck.Options options(Map<String, String> facts) {
    return new LogCheck.Options(Optional.of("mips"), Optional.empty(), List.of(), Optional.empty(),
        Optional.empty(), KernelConfig.EMPTY, facts);
  }

  @Test
  void theRealLogPassesWithoutAMismatch() {
    LogCheck.Result r = LogCheck.check(MemMap.installed(), BootLog.read(LOG), options(FACTS));
    assertEquals(0, r.mismatched(), r.facts().stream().map(Fact::line).reduce("", (a, b) -> a + "\n" + b));
    assertTrue(r.verified() >= 10, r.summary());
    // the RAM came from the "Determined physical RAM map" block, so the node ranges are checked
    assertTrue(r.facts().stream().anyMatch(f -> f.name().equals("Early memory node ranges")
        && f.status() == Fact.Status.OK), r.summary());
  }

  @Test
  void aLogWithOneFigureAlteredFails() throws IOException {
    String text = Files.readString(LOG, StandardCharsets.ISO_8859_1)
        .replace("HighMem  [mem 0x0000000010000000-0x0000000023ffffff]", "HighMem  [mem 0x0000000010000000-0x0000000027ffffff]");
    BootLog log = BootLog.parse(text.lines().toList(), "altered");
    LogCheck.Result r = LogCheck.check(MemMap.installed(), log, options(FACTS));
    assertEquals(1, r.mismatched(), r.summary());
  }

  @Test
  void mainlineHighmemStartDoesNotFitThisOpenWrtKernel() {
    LogCheck.Result r = LogCheck.check(MemMap.installed(), BootLog.read(LOG),
        options(Map.of("struct_page_size", "36")));
    assertTrue(r.mismatched() > 0, r.summary());
  }

  @Test
  void theCommandLineCheckExitsZero() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new String[] {"check", LOG.toString(), "--arch", "mips",
        "--set", "highmem_start=0x10000000", "--set", "struct_page_size=36"},
        new PrintWriter(out), new PrintWriter(err));
    assertEquals(0, code, out + "\n" + err);
    assertTrue(out.toString().contains(" 0 mismatched"), out.toString());
  }

  @Test
  void theMipsPluginIsFoundAndLaysOutItsDefaultBoard() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertEquals(0, Main.run(new String[] {"arches"}, new PrintWriter(out), new PrintWriter(err)), err.toString());
    assertTrue(out.toString().contains("org.memmap.arch.mips"), out.toString());
    out = new StringWriter();
    assertEquals(0, Main.run(new String[] {"layout", "--arch", "mipsel"}, new PrintWriter(out), new PrintWriter(err)),
        err.toString());
    // PKMAP_BASE 0xff800000 below FIXADDR_START 0xfff7f000 (4 CPUs), 1024 slots
    assertTrue(out.toString().contains("0xff800000 - 0xffc00000"), out.toString());
  }
}

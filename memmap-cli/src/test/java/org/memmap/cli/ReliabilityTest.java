package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.memmap.cli.Machines.MEMMAP;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.InputException;
import org.memmap.api.InputException.Input;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.core.MemMap;
import org.memmap.core.sim.SimKernel;
import org.memmap.core.sim.script.SimScript;

/**
 * Issue 15: inputs are validated where they enter the library, in API terms; the kernel's own
 * alignment and integer widths; the CLI's one failure path.
 */
class ReliabilityTest {
  private static Machine arm() {
    return MEMMAP.defaultMachine("arm");
  }

  private static InputException refused(Machine m) {
    return assertThrows(InputException.class, () -> MemMap.layout(m));
  }

  @Test
  void theLibraryRefusesWhatThePluginDoesNotRead() {
    InputException typo = refused(arm().withBoardFact("phys_ofset", "0"));
    assertEquals(Input.BOARD_FACT, typo.input());
    assertTrue(typo.getMessage().contains("did you mean phys_offset?"), typo.getMessage());
    InputException foreign = refused(MEMMAP.defaultMachine("x86").withBoardFact("dma_zone_size", "-1"));
    assertTrue(foreign.getMessage().contains("belongs to arm, not x86"), foreign.getMessage());
    InputException config = refused(arm().withConfig(KernelConfig.EMPTY.with("HIGHMEN", "n")));
    assertEquals(Input.CONFIG, config.input());
    assertTrue(config.getMessage().contains("did you mean CONFIG_HIGHMEM?"), config.getMessage());
    InputException release = refused(arm().withKernel(KernelVersion.of(9, 9)));
    assertEquals(Input.KERNEL, release.input());
    assertTrue(release.getMessage().startsWith("kernel release 9.9 is outside 2.6.22.."), release.getMessage());
    for (InputException e : List.of(typo, foreign, config, release)) {
      assertFalse(e.getMessage().contains("--"), "no CLI flag in a library message: " + e.getMessage());
    }
  }

  @Test
  void configValuesAreCheckedAsTheyAreRead() {
    assertTrue(refused(arm().withConfig(KernelConfig.EMPTY.with("HIGHMEM", "maybe"))).getMessage()
        .contains("takes y, m or n"));
    assertTrue(refused(arm().withConfig(KernelConfig.EMPTY.with("NR_CPUS", "abc"))).getMessage()
        .contains("write 0xabc for hex"));
    assertTrue(refused(arm().withConfig(KernelConfig.EMPTY.with("NR_CPUS", "0"))).getMessage()
        .contains("must be 1 .. 32"));
    String both = refused(arm().withConfig(KernelConfig.EMPTY.with("VMSPLIT_2G", "y").with("VMSPLIT_1G", "y")))
        .getMessage();
    assertTrue(both.contains("CONFIG_VMSPLIT_1G and CONFIG_VMSPLIT_2G are both set"), both);
    String i386 = refused(arm().withConfig(KernelConfig.EMPTY.with("X86_32", "y").with("X86", "y")))
        .getMessage();
    assertTrue(i386.contains("is for x86 (CONFIG_X86_32=y), not arm"), i386);
  }

  @Test
  void theDefaultBoardWithAnotherKernelDropsTheImageOfItsOwn() {
    Machine board = arm();
    assertFalse(board.symbols().isEmpty());
    Machine other = board.withKernel(KernelVersion.of(5, 10));
    assertTrue(other.symbols().isEmpty(), "the 3.18 image symbols are not the 5.10 kernel's");
    assertTrue(other.boardFact("reserved").isEmpty());
    assertEquals(board, board.withKernel(board.kernel()));
  }

  @Test
  void ramWithoutAWholePageIsRefusedInTheKernelsTerms() {
    for (String ram : List.of("1@0", "1000@0", "4096@0x800")) {
      InputException e = refused(arm().withRam(List.of(RamRange.parse(ram))));
      assertEquals(Input.RAM, e.input());
      assertTrue(e.getMessage().contains("no whole page"), e.getMessage());
    }
    InputException mips = refused(MEMMAP.defaultMachine("mips").withCommandLine(new KernelCommandLine("mem=1")));
    assertTrue(mips.getMessage().contains("no whole page"), mips.getMessage());
  }

  @Test
  void unalignedBanksArePageAlignedAsArmAddMemoryDoes() {
    // arch/arm/kernel/setup.c arm_add_memory(): the start rounded up to a page, the size rounded
    // down, so 512M@0x123 is [0x1000, 0x20000000) and lowmem ends at PAGE_OFFSET + 0x20000000.
    MemoryLayout l = MemMap.layout(arm().withRam(List.of(RamRange.parse("512M@0x123"))));
    assertEquals(0xe0000000L, l.highMemory());
  }

  @Test
  void armBanksAlignedToAPageButNotASectionAreMappedWithPages() {
    CliRun r = CliRun.of("translate", "--ram", "512M@0x1000", "0xc0001000", "0xc0100000", "0xc0300000");
    assertEquals(0, r.code(), r.err());
    // __pa(): va - PAGE_OFFSET + PHYS_OFFSET, PHYS_OFFSET 0 (the bank rounded down to 16 MiB).
    assertTrue(r.out().contains("0x00001000") && r.out().contains("0x00100000") && r.out().contains("0x00300000"),
        r.out());
  }

  @Test
  void aBadAddressAfterAGoodOneIsNamedNotUnmatched() {
    CliRun.of("translate", "0xc0000000", "zz").assertUsageError("ADDRESS", "'zz'", "expected a number");
  }

  @Test
  void imageSymbolsOutsideLowmemAreRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    // The default board's image (its banner: .data 0xc05dc000 - 0xc060b980, linked for
    // PAGE_OFFSET 0xc0000000) under VMSPLIT_2G, whose lowmem ends at 0xc0000000 at the most:
    // _sdata is not in the linear map.
    java.nio.file.Path map = dir.resolve("System.map");
    java.nio.file.Files.writeString(map, "c05dc000 D _sdata\nc067bd34 B _end\n");
    CliRun.of("layout", "--set", "CONFIG_VMSPLIT_2G=y", "--system-map", map.toString())
        .assertUsageError("--system-map", "_sdata", "outside lowmem");
  }

  @Test
  void aCpuEntryAreaThatLeavesNoLowmemIsBlamedOnItsFact() {
    // pgtable_32_areas.h: VMALLOC_END hangs below the cpu_entry_area; moved down to PAGE_OFFSET it
    // leaves MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE below zero.
    CliRun.of("layout", "--arch", "x86", "--set", "cpu_entry_area_base=0xc0000000")
        .assertUsageError("--set", "cpu_entry_area_base=0xc0000000", "leaves 0 MB of lowmem");
  }

  @Test
  void armVmallocIsA32BitUnsignedLong() {
    // arch/arm/mm/mmu.c early_vmalloc() (6.1, 6.12): "unsigned long vmalloc_reserve =
    // memparse(arg, NULL);" so vmalloc=4G is 0 on a 32-bit kernel, below SZ_16M: "vmalloc area
    // too small, limiting to 16MB" (the wording before 5.14).
    MemoryLayout l = MemMap.layout(arm().withCommandLine(new KernelCommandLine("vmalloc=4G")));
    assertTrue(l.warnings().contains("vmalloc area too small, limiting to 16MB"), l.warnings().toString());
  }

  @Test
  void reservedBeyondTheRamIsRefused() {
    CliRun.of("layout", "--set", "reserved=99G").assertUsageError("--set", "reserved=99G", "more than");
  }

  @Test
  void theCliNamesTheFlagOfALibraryInputAndEscapesControlCharacters() {
    CliRun.of("layout", "--ram", "512M@1e9").assertUsageError("--ram", "'1e9'", "0x1e9 for hex");
    CliRun.of("walk", "0x").assertUsageError("0x must be followed by hex digits");
    CliRun.of("layout", "--ram", "512M@0x-1").assertUsageError("must not be negative");
    CliRun.of("layout", "--kernel", "9.9").assertUsageError("--kernel", "outside");
    CliRun esc = CliRun.of("layout", "--set", "CONFIG_NR_CPUS=\u001b[2J");
    esc.assertUsageError("\\x1b");
    assertFalse(esc.err().contains("\u001b"));
    assertEquals("out of memory: the input needs more than the Java heap holds (-Xmx); --debug shows where",
        Main.describe(new OutOfMemoryError("Java heap space")));
  }

  @Test
  void commandsBehindATaskAsleepAtTheEndOfTheScriptEachPrintALine() throws Exception {
    StringBuilder script = new StringBuilder();
    for (int t = 1; t <= 513; t++) { // 512 pkmap slots on the default board (LAST_PKMAP, 3.18)
      script.append('@').append(t).append(" kmap ").append(0x30000 + t).append('\n');
    }
    script.append("@513 translate 0xc0000000\n");
    List<String> out = new ArrayList<>();
    new SimScript(SimKernel.boot(MemMap.layout(arm())), SimCommand.commands())
        .run(new BufferedReader(new StringReader(script.toString())), out::add);
    assertEquals(514, out.size());
    assertTrue(out.get(512).endsWith("-> blocked"), out.get(512));
    assertTrue(out.get(513).startsWith("@513 translate 0xc0000000 -> not run: task 513 is still asleep"),
        out.get(513));
  }
}

package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.core.memblock.Reservation;

/**
 * The modelled reservations against the allocations a {@code memblock=debug} boot of Debian 6.1
 * armmp with 1 GiB made (testdata/oracle/memblock-debug/armhf-armmp-1024M-memblockdebug.log):
 * the {@code struct page} array of {@code free_area_init()}, the percpu first chunk of {@code
 * pcpu_embed_first_chunk()} and the two early hash tables of {@code alloc_large_system_hash()}.
 */
class MemblockDebugTest {
  private static final Pattern ALLOC =
      Pattern.compile("memblock_alloc_try_nid(?:_raw)?: (\\d+) bytes .* (\\w+)\\+0x[0-9a-f]+/0x[0-9a-f]+");

  @Test
  void theModelledBlocksAreTheOnesTheKernelAllocated() throws Exception {
    List<String> console = Machines.console("oracle/memblock-debug/armhf-armmp-1024M-memblockdebug.log");
    Map<String, Long> bytesByCaller = console.stream().map(ALLOC::matcher).filter(Matcher::find)
        .collect(Collectors.groupingBy(m -> m.group(2), Collectors.summingLong(m -> Long.parseLong(m.group(1)))));
    KernelConfig cfg = KernelConfig.read(Machines.testdata().resolve("debian-6.1/config-6.1.0-50-armmp"));
    Machine m = Machine.of("arm", KernelVersion.of(6, 1), List.of(new RamRange(0x40000000L, 1L << 30)))
        .withConfig(cfg)
        // The percpu: line of the same boot: "s45012".
        .withBoardFact("percpu_static", "45012");
    MemoryLayout layout = Machines.MEMMAP.layoutOf(m);
    Map<String, Long> pages = Machines.MEMMAP.bootReservations(layout).reservations().stream()
        .collect(Collectors.toMap(Reservation::name, Reservation::pages));
    assertEquals(bytesByCaller.get("free_area_init") / 4096, pages.get("memmap"));
    assertEquals(bytesByCaller.get("alloc_large_system_hash") / 4096, pages.get("early hash tables"));
    // pcpu_embed_first_chunk() also allocates two one-page arrays it frees again: the chunk is
    // the one page-aligned block of more than a page.
    long chunk = console.stream().map(ALLOC::matcher).filter(Matcher::find)
        .filter(x -> x.group(2).equals("pcpu_embed_first_chunk") && Long.parseLong(x.group(1)) > 4096)
        .mapToLong(x -> Long.parseLong(x.group(1))).sum();
    assertEquals(chunk / 4096, pages.get("percpu first chunk"));
  }
}

package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.core.check.SystemMap;
import org.memmap.core.memblock.BootReservations;

/**
 * The modelled boot reservations against the {@code reserved} figure of the custom allnoconfig
 * 6.1 ARM boots (testdata/oracle/arm/armhf-custom-*.log, with their .config and the image symbols
 * of their System.map): image, {@code swapper_pg_dir}, vectors, zero page, PTE tables, memmap,
 * early hash tables, the {@code !SMP} percpu unit, the initrd the log frees (868K) and QEMU's
 * 1 MiB device tree. The small early allocations (unflattened device tree, command-line copies,
 * usemap) came to 28K in every one of these boots (docs/memblock.md); the rest is computed. With
 * LPAE and RAM reaching 4 GiB the swiotlb pool joins.
 */
class BootReservationsTest {
  static Stream<Arguments> boots() {
    // variant, RAM in MiB, printed "NK reserved"
    return Stream.of(
        Arguments.of("3g-nohighmem", 512, 10160),
        Arguments.of("3g-nohighmem", 1024, 12592),
        Arguments.of("3g-nohighmem", 2048, 12592),
        Arguments.of("2g-hm", 512, 10172),
        Arguments.of("2g-hm", 1024, 14652),
        Arguments.of("2g-hm", 2048, 23612),
        Arguments.of("lpae-3g-hm", 512, 11204),
        Arguments.of("lpae-3g-hm", 1024, 15684),
        Arguments.of("lpae-3g-hm", 2048, 23876),
        // RAM up to 4 GiB and above: the 64 MiB swiotlb pool and its 512K of slots join.
        Arguments.of("lpae-3g-hm", 3072, 98116),
        Arguments.of("lpae-3g-hm", 4096, 106308));
  }

  @ParameterizedTest(name = "{0} {1}M")
  @MethodSource("boots")
  void theModelGivesThePrintedReservedFigure(String variant, int mib, long printedKb) throws Exception {
    KernelConfig cfg = KernelConfig.read(Machines.testdata().resolve("oracle/configs/config-custom-armhf-custom-" + variant));
    Machine m = Machine.of("arm", KernelVersion.of(6, 1), List.of(new RamRange(0x40000000L, (long) mib << 20)))
        .withConfig(cfg)
        .withSymbols(SystemMap.read(Machines.testdata().resolve("oracle/sysmaps/System.map-custom-armhf-custom-" + variant + ".trimmed")))
        .withBoardFact("initrd_size", "868K")
        .withBoardFact("dtb_size", "1M")
        .withBoardFact("early_allocs", "28K");
    MemoryLayout layout = Machines.MEMMAP.layoutOf(m);
    BootReservations r = Machines.MEMMAP.bootReservations(layout);
    assertTrue(r.missing().isEmpty(), r.missing().toString());
    assertEquals(printedKb, r.reservedKb().getAsLong(), r.reservations().toString());
  }
}

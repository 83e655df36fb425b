package org.memmap.arch.mips;

import java.util.List;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.RamRange;
import org.memmap.api.spi.KmapProvider;
import org.memmap.testkit.KmapProviderContract;

/** The MIPS plugin passes the conformance kit on the boards it claims and at each of its eras. */
class MipsKmapProviderContractTest implements KmapProviderContract {
  @Override
  public KmapProvider provider() {
    return new MipsKmapProvider();
  }

  /**
   * MT7621 routers with 512 MiB (448 MiB at 0, 64 MiB at 0x20000000) under mainline's and
   * OpenWrt's HIGHMEM_START, a 64 MiB ath79-class board without highmem, 1 GiB with ZONE_DMA
   * (Malta), and 64-bit ptes.
   */
  @Override
  public List<Machine> machines() {
    KernelVersion any = KernelVersion.of(4, 14);
    List<RamRange> mt7621 = List.of(new RamRange(0, 448L << 20), new RamRange(0x20000000L, 64L << 20));
    return List.of(
        provider().defaultMachine(),
        Machine.of("mips", any, mt7621).withBoardFact("highmem_start", "0x10000000"),
        Machine.of("mips", any, List.of(new RamRange(0, 64L << 20)))
            .withConfig(KernelConfig.EMPTY.with("HIGHMEM", "n").with("NR_CPUS", "1")),
        Machine.of("mips", any, List.of(new RamRange(0, 1L << 30)))
            .withConfig(KernelConfig.EMPTY.with("ZONE_DMA", "y").with("MEMCG", "y")),
        Machine.of("mips", any, List.of(new RamRange(0, 1L << 30)))
            .withConfig(KernelConfig.EMPTY.with("PHYS_ADDR_T_64BIT", "y").with("NR_CPUS", "8")));
  }

  /** MEMCG in struct page (3.19), PKMAP below the fixmap (4.12), kmap_local (5.11). */
  @Override
  public List<KernelVersion> eraBoundaries() {
    return List.of(KernelVersion.of(3, 19), KernelVersion.of(4, 12), KernelVersion.of(5, 11));
  }
}

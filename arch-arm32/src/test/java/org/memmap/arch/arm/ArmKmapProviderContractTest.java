package org.memmap.arch.arm;

import java.util.List;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.RamRange;
import org.memmap.api.spi.KmapProvider;
import org.memmap.testkit.KmapProviderContract;

/** The ARM plugin passes the conformance kit on the boards of testdata and its eras. */
class ArmKmapProviderContractTest implements KmapProviderContract {
  @Override
  public KmapProvider provider() {
    return new ArmKmapProvider();
  }

  /** The RAM of the boot logs in testdata/bootlogs, and an LPAE board without highmem. */
  @Override
  public List<Machine> machines() {
    KernelVersion any = KernelVersion.of(3, 18);
    return List.of(
        provider().defaultMachine(),
        Machine.of("arm", any, List.of(new RamRange(0x40000000L, 256L << 20))),
        Machine.of("arm", any, List.of(new RamRange(0, 992L << 20))),
        Machine.of("arm", any, List.of(new RamRange(0x40000000L, 2048L << 20)))
            .withConfig(KernelConfig.EMPTY.with("ARM_LPAE", "y")),
        Machine.of("arm", any, List.of(new RamRange(0x40000000L, 1024L << 20)))
            .withConfig(KernelConfig.EMPTY.with("HIGHMEM", "n")));
  }

  /** Every release where ArmLayouts changes a rule. */
  @Override
  public List<KernelVersion> eraBoundaries() {
    return List.of(
        KernelVersion.of(2, 6, 37), KernelVersion.of(2, 6, 38), KernelVersion.of(3, 4),
        KernelVersion.of(3, 5), KernelVersion.of(3, 11), KernelVersion.of(3, 15),
        KernelVersion.of(3, 19), KernelVersion.of(4, 3), KernelVersion.of(4, 4),
        KernelVersion.of(4, 11), KernelVersion.of(4, 15), KernelVersion.of(5, 1),
        KernelVersion.of(5, 11), KernelVersion.of(5, 13), KernelVersion.of(5, 14),
        KernelVersion.of(6, 0));
  }
}

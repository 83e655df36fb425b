package org.memmap.arch.x86;

import java.util.List;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.RamRange;
import org.memmap.api.spi.KmapProvider;
import org.memmap.testkit.KmapProviderContract;

/** The x86-32 plugin passes the conformance kit on PC memory maps and its eras. */
class X86KmapProviderContractTest implements KmapProviderContract {
  @Override
  public KmapProvider provider() {
    return new X86KmapProvider();
  }

  /** The e820 usable RAM of testdata logs (1 GiB, 2 GiB) and a PAE build. */
  @Override
  public List<Machine> machines() {
    KernelVersion any = KernelVersion.of(5, 1);
    List<RamRange> twoGig = List.of(new RamRange(0, 0x9fc00L), new RamRange(0x100000L, 0x7ffe0000L - 0x100000L));
    return List.of(
        provider().defaultMachine(),
        Machine.of("x86", any, twoGig),
        Machine.of("x86", any, twoGig).withConfig(KernelConfig.EMPTY.with("X86_PAE", "y")));
  }

  /** Every release where X86Layouts changes a rule. */
  @Override
  public List<KernelVersion> eraBoundaries() {
    return List.of(
        KernelVersion.of(2, 6, 27), KernelVersion.of(2, 6, 28), KernelVersion.of(3, 1),
        KernelVersion.of(3, 11), KernelVersion.of(3, 19), KernelVersion.of(4, 0),
        KernelVersion.of(4, 12), KernelVersion.of(4, 13), KernelVersion.of(4, 15),
        KernelVersion.of(4, 19), KernelVersion.of(4, 20), KernelVersion.of(5, 2),
        KernelVersion.of(5, 5), KernelVersion.of(5, 7), KernelVersion.of(5, 11),
        KernelVersion.of(5, 12), KernelVersion.of(6, 0));
  }
}

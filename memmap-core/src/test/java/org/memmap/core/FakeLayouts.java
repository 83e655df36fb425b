package org.memmap.core;

import java.util.List;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;

/** Layouts of the fake architecture, for tests in other core packages. */
public final class FakeLayouts {
  private FakeLayouts() {}

  /** The fake machine with {@code ram}: lowmem up to 256 MiB, 2-level generic tables of 4 MiB. */
  public static MemoryLayout layout(List<RamRange> ram) {
    MemMap memmap = MemMap.of(Architectures.of(List.of(new FakeKmapProvider())));
    return memmap.layoutOf(Machine.of("fake", KernelVersion.of(4, 14), ram));
  }
}

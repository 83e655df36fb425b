package org.memmap.testkit;

import java.util.List;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.spi.KmapProvider;

/**
 * What every contract group runs on: the provider under test, the machines its plugin claims, and
 * the releases where its rules change. A plugin's test supplies these once for all groups.
 */
public interface MachinesUnderTest {
  /** A new instance of the provider under test. */
  KmapProvider provider();

  /**
   * The machines the plugin claims: RAM sizes and layouts, configurations, command lines. Their
   * releases are replaced by the sampled ones. Default: the provider's default machine.
   */
  default List<Machine> machines() {
    return List.of(provider().defaultMachine());
  }

  /** The releases where the plugin's rules change; each and the one before it are checked. */
  default List<KernelVersion> eraBoundaries() {
    return List.of();
  }

  /** Every listed machine at every sampled release. */
  default List<Machine> sampledMachines() {
    return Conformance.sample(provider(), machines(), eraBoundaries());
  }
}

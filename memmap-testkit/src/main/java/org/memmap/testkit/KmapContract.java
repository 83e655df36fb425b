package org.memmap.testkit;

import org.junit.jupiter.api.Test;

/**
 * kmap ({@code mm/highmem.c}) over the plugin's description on core's simulated kernel, on every
 * listed machine at every sampled release: the first {@code kmap()} of a highmem page at pkmap
 * slot 1, the page reachable through it, {@code kunmap()} and {@code kmap_flush_unused()}
 * unmapping it with the data intact, a {@code kmap_local} slot that maps its page.
 */
public interface KmapContract extends MachinesUnderTest {
  /** kmap, kunmap, flush and kmap_local behave on the described machine. */
  @Test
  default void kmapScenariosRun() {
    Contracts.assertNoProblems(sampledMachines(), m -> SimConformance.kmapProblems(provider(), m));
  }
}

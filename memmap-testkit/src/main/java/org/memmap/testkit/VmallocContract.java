package org.memmap.testkit;

import org.junit.jupiter.api.Test;

/**
 * vmalloc ({@code mm/vmalloc.c}) over the plugin's description on core's simulated kernel, on
 * every listed machine at every sampled release: a {@code vmalloc()} inside the vmalloc region
 * whose pages translate and hold data, a {@code vfree()} that unmaps it after the lazy purge, and
 * an allocation larger than the region that fails.
 */
public interface VmallocContract extends MachinesUnderTest {
  /** vmalloc, vfree and a failing oversized vmalloc behave on the described machine. */
  @Test
  default void vmallocScenariosRun() {
    Contracts.assertNoProblems(sampledMachines(), m -> SimConformance.vmallocProblems(provider(), m));
  }
}

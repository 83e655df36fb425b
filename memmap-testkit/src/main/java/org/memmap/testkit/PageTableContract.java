package org.memmap.testkit;

import org.junit.jupiter.api.Test;

/**
 * The plugin's page-table format on core's simulated kernel, on every listed machine at every
 * sampled release: entry encodings that give back the address they were given, kernel tables
 * {@code SimKernel.boot} can build, lowmem translating to {@code __pa()} (through blocks, pages
 * or an unmapped window such as MIPS32 KSEG0), and {@code walk ∘ map = identity} for random
 * pages mapped with {@code set_pte} in vmalloc space, which fault again once cleared and flushed.
 */
public interface PageTableContract extends MachinesUnderTest {
  /** Encodings round-trip, lowmem is {@code __pa()}, mapped pages walk back to their pfn. */
  @Test
  default void walkOfMapIsIdentity() {
    Contracts.assertNoProblems(sampledMachines(), m -> SimConformance.pageTableProblems(provider(), m));
  }
}

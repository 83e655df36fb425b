package org.memmap.testkit;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a plugin describes, on every machine its test lists at every sampled release (oldest,
 * newest, each era boundary and the release before it): descriptions core accepts, regions that
 * do not overlap, a pkmap window in one page table, a banner naming regions that exist, lowmem
 * from {@code PAGE_OFFSET} to {@code high_memory}, zones that add up, and {@code describe()} pure.
 */
public interface DescriptionContract extends MachinesUnderTest {
  /** {@code describe()} answers for every claimed release, for the plugin's id and that release. */
  @Test
  default void describesEveryClaimedRelease() {
    Contracts.assertNoProblems(sampledMachines(), m -> {
      List<String> out = new java.util.ArrayList<>();
      Conformance.describe(provider(), m, out);
      return out;
    });
  }

  /**
   * Regions unique, inside 4 GiB, not overlapping; lowmem and vmalloc present; pkmap in one page
   * table; banner lines naming regions that exist, the core regions printed.
   */
  @Test
  default void descriptionsAreWellFormed() {
    Contracts.assertNoProblems(sampledMachines(), m -> {
      List<String> out = new java.util.ArrayList<>();
      return Conformance.describe(provider(), m, out)
          .map(d -> Conformance.structureProblems(provider(), m, d))
          .orElse(out);
    });
  }

  /** Core's {@code DescriptionValidator} accepts every description. */
  @Test
  default void coreValidatesEveryDescription() {
    Contracts.assertNoProblems(sampledMachines(), m -> Conformance.validationProblems(provider(), m));
  }

  /** Zones are ordered and contiguous, their counts add up. */
  @Test
  default void zonesAreOrderedContiguousAndAddUp() {
    Contracts.assertNoProblems(sampledMachines(), m -> Conformance.zoneProblems(provider(), m));
  }

  /** Same input, equal output, also from a second instance. */
  @Test
  default void describeIsPure() {
    Contracts.assertNoProblems(sampledMachines(), m -> Conformance.purityProblems(provider(), m));
  }

  /** The default machine ({@code ./memmap --arch ID}) is described without a problem. */
  @Test
  default void defaultMachinePassesEveryCheck() {
    Contracts.assertNoProblems(Conformance.descriptionProblems(provider(), provider().defaultMachine()));
  }
}

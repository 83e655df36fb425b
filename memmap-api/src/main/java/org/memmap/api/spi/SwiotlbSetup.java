package org.memmap.api.spi;

import java.util.OptionalLong;

/**
 * Whether an architecture's kernel sets up the swiotlb bounce buffer at boot ({@code software IO
 * TLB: mapped [mem ...] (64MB)}), as its {@code mem_init()} or {@code pci_iommu_alloc()} decides.
 *
 * @param known whether the rule of this release is known; when not, {@code check} skips the line
 * @param above the physical address RAM must end above ({@code max_pfn << PAGE_SHIFT} greater than
 *     it) for the swiotlb to be set up; empty: never
 */
public record SwiotlbSetup(boolean known, OptionalLong above) {
  /** The kernel never sets it up. */
  public static final SwiotlbSetup NEVER = new SwiotlbSetup(true, OptionalLong.empty());
  /** The rule of this release is not known. */
  public static final SwiotlbSetup UNKNOWN = new SwiotlbSetup(false, OptionalLong.empty());

  /** Checks that an unknown rule has no limit. */
  public SwiotlbSetup {
    if (!known && above.isPresent()) {
      throw new IllegalArgumentException("an unknown swiotlb rule has no limit");
    }
  }

  /** Set up when RAM ends above {@code paddr}. */
  public static SwiotlbSetup above(long paddr) {
    return new SwiotlbSetup(true, OptionalLong.of(paddr));
  }
}

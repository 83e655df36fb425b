package org.memmap.benchmarks.support;

import static org.memmap.api.Addresses.GB;

import java.util.List;
import org.memmap.api.RamRange;
import org.memmap.api.spi.KmapLocalSpec;
import org.memmap.api.spi.PkmapSpec;
import org.memmap.api.spi.LinearMap;

/**
 * The machine the kmap benchmarks model: x86-32 non-PAE, Debian 6.1 686 (the highmem tests'
 * {@code Board.X86}). PKMAP_BASE 0xfec00000 and MAXMEM 0x36bfe000 from the boot-log arithmetic
 * (research/x86-61.md §2), LAST_PKMAP = 1024 (asm/pgtable_32_areas.h); FIXADDR_TOP 0xfffff000,
 * FIX_KMAP_BEGIN = 68, KM_MAX_IDX 16, NR_CPUS 32, per-task kmap_local (5.11+); 2 GiB of RAM.
 */
public final class Machines {
  /** The pkmap window: 1024 slots at 0xfec00000. */
  public static final PkmapSpec X86_PKMAP = new PkmapSpec(0xfec00000L, 1024, false);
  /** The kmap_local slots. */
  public static final KmapLocalSpec X86_KMAP_LOCAL =
      new KmapLocalSpec(0xfffff000L, 68, 16, 32, true);
  /** The linear map: 3G/1G split, lowmem up to MAXMEM. */
  public static final LinearMap X86_LOWMEM =
      new LinearMap(0xc0000000L, 0, 0x36bfe000L, List.of(new RamRange(0, 2 * GB)));

  private Machines() {}

  /** {@code max_low_pfn}: the first highmem pfn. */
  public static long firstHighPfn() {
    return X86_LOWMEM.maxLowPfn();
  }
}

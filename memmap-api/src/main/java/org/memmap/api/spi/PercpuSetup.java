package org.memmap.api.spi;

import java.util.OptionalLong;

/**
 * How an architecture's {@code setup_per_cpu_areas()} calls {@code pcpu_embed_first_chunk()}
 * (mm/percpu.c) on an SMP kernel: the generic one (mm/percpu.c, used by ARM) passes {@code
 * reserved_size = PERCPU_MODULE_RESERVE}, {@code dyn_size = PERCPU_DYNAMIC_RESERVE} and a page as
 * the atom; x86-32's (arch/x86/kernel/setup_percpu.c) passes {@code reserved_size =
 * PERCPU_FIRST_CHUNK_RESERVE}, which is 0 on 32-bit, and folds the module reserve into {@code
 * dyn_size}, with {@code PMD_SIZE} atoms in its first releases and a page later.
 *
 * @param moduleReserveInDynamic whether {@code PERCPU_MODULE_RESERVE} is added to {@code
 *     dyn_size} with no reserved region ({@code r0}), as x86-32 does, instead of being the
 *     reserved region
 * @param atomSize the allocation atom in bytes; empty where the release's value is not known
 */
public record PercpuSetup(boolean moduleReserveInDynamic, OptionalLong atomSize) {
  /** The generic {@code setup_per_cpu_areas()}: module reserve as the reserved region, page atoms. */
  public static final PercpuSetup GENERIC = new PercpuSetup(false, OptionalLong.of(4096));

  /** Checks the atom size. */
  public PercpuSetup {
    if (atomSize.isPresent() && (atomSize.getAsLong() < 4096 || Long.bitCount(atomSize.getAsLong()) != 1)) {
      throw new IllegalArgumentException("percpu atom size (" + atomSize.getAsLong()
          + ") must be a power of two of at least a page");
    }
  }
}

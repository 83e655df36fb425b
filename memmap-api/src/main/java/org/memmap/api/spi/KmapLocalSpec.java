package org.memmap.api.spi;

import org.memmap.api.Addresses;
import org.memmap.api.KernelConfig;

/**
 * Where {@code kmap_atomic} / {@code kmap_local} slots live in the fixmap.
 *
 * @param fixaddrTop {@code FIXADDR_TOP}: {@code fix_to_virt(idx) = fixaddrTop - idx * PAGE_SIZE}
 * @param kmapBegin {@code FIX_KMAP_BEGIN}
 * @param slotsPerCpu {@code KM_TYPE_NR} (up to 5.10) or {@code KM_MAX_IDX} (5.11+)
 * @param nrCpus {@code NR_CPUS}: how many slot stacks the fixmap reserves
 * @param perTask whether the stack is per task ({@code kmap_local}, 5.11+) rather than per CPU
 * @param kmIncr {@code KM_INCR} (mm/highmem.c, 5.11+): 1, or 2 with {@code CONFIG_DEBUG_KMAP_LOCAL},
 *     which leaves an unmapped guard slot below each mapping (the first mapping takes idx 1)
 * @param forceMap {@code CONFIG_DEBUG_KMAP_LOCAL_FORCE_MAP}: lowmem pages take a slot too instead
 *     of their linear address
 */
public record KmapLocalSpec(
    long fixaddrTop, int kmapBegin, int slotsPerCpu, int nrCpus, boolean perTask, int kmIncr,
    boolean forceMap) {
  /** Checks the values. */
  public KmapLocalSpec {
    if (slotsPerCpu <= 0 || nrCpus <= 0 || kmapBegin < 0) {
      throw new IllegalArgumentException("kmap slots and CPUs must be positive");
    }
    if (kmIncr != 1 && (kmIncr != 2 || !perTask)) {
      throw new IllegalArgumentException("KM_INCR (" + kmIncr + ") must be 1, or 2 for kmap_local");
    }
  }

  /**
   * The kmap_local slots of 5.11 and later ({@code include/asm-generic/kmap_size.h}, {@code
   * mm/highmem.c}, unchanged to 7.x): {@code KM_MAX_IDX} 16 per CPU, or 33 with {@code
   * CONFIG_DEBUG_KMAP_LOCAL}, which also sets {@code KM_INCR} 2; {@code
   * CONFIG_DEBUG_KMAP_LOCAL_FORCE_MAP} (which selects it) maps lowmem pages in slots too.
   */
  public static KmapLocalSpec kmapLocal(long fixaddrTop, int kmapBegin, int nrCpus, KernelConfig cfg) {
    boolean force = cfg.isEnabled("DEBUG_KMAP_LOCAL_FORCE_MAP");
    boolean debug = force || cfg.isEnabled("DEBUG_KMAP_LOCAL");
    return new KmapLocalSpec(fixaddrTop, kmapBegin, debug ? 33 : 16, nrCpus, true, debug ? 2 : 1, force);
  }

  /** The slots without the debug options: {@code KM_INCR} 1, lowmem by its linear address. */
  public KmapLocalSpec(long fixaddrTop, int kmapBegin, int slotsPerCpu, int nrCpus, boolean perTask) {
    this(fixaddrTop, kmapBegin, slotsPerCpu, nrCpus, perTask, 1, false);
  }

  /**
   * How many mappings one stack holds: {@code KM_TYPE_NR} per CPU up to 5.10; from 5.11 {@code
   * kmap_local_idx_push()} BUGs once {@code kmap_ctrl.idx} reaches {@code KM_MAX_IDX}, so {@code
   * (KM_MAX_IDX - 1) / KM_INCR} (15 for 16 slots; 16 for the debug 33).
   */
  public int maxDepth() {
    return perTask ? (slotsPerCpu - 1) / kmIncr : slotsPerCpu;
  }

  /** The {@code idx} of the mapping at stack depth {@code depth}: {@code (depth + 1) * KM_INCR - 1}. */
  public int depthIdx(int depth) {
    return (depth + 1) * kmIncr - 1;
  }

  /** {@code __fix_to_virt(FIX_KMAP_BEGIN + type + slotsPerCpu * cpu)}. */
  public long slotAddress(int cpu, int type) {
    return fixaddrTop - ((long) (kmapBegin + type + slotsPerCpu * cpu) << Addresses.PAGE_SHIFT);
  }

  @Override
  public String toString() {
    return "KmapLocalSpec[top " + Addresses.hex(fixaddrTop) + ", begin " + kmapBegin + ", "
        + slotsPerCpu + " x " + nrCpus + (perTask ? ", per task" : ", per cpu")
        + (kmIncr > 1 ? ", KM_INCR " + kmIncr : "") + (forceMap ? ", force map]" : "]");
  }
}

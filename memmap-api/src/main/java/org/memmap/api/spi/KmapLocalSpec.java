package org.memmap.api.spi;

import org.memmap.api.Addresses;

/**
 * Where {@code kmap_atomic} / {@code kmap_local} slots live in the fixmap.
 *
 * @param fixaddrTop {@code FIXADDR_TOP}: {@code fix_to_virt(idx) = fixaddrTop - idx * PAGE_SIZE}
 * @param kmapBegin {@code FIX_KMAP_BEGIN}
 * @param slotsPerCpu {@code KM_TYPE_NR} (up to 5.10) or {@code KM_MAX_IDX} (5.11+)
 * @param nrCpus {@code NR_CPUS}: how many slot stacks the fixmap reserves
 * @param perTask whether the stack is per task ({@code kmap_local}, 5.11+) rather than per CPU
 */
public record KmapLocalSpec(
    long fixaddrTop, int kmapBegin, int slotsPerCpu, int nrCpus, boolean perTask) {
  /** Checks the values. */
  public KmapLocalSpec {
    if (slotsPerCpu <= 0 || nrCpus <= 0 || kmapBegin < 0) {
      throw new IllegalArgumentException("kmap slots and CPUs must be positive");
    }
  }

  /** {@code __fix_to_virt(FIX_KMAP_BEGIN + type + slotsPerCpu * cpu)}. */
  public long slotAddress(int cpu, int type) {
    return fixaddrTop - ((long) (kmapBegin + type + slotsPerCpu * cpu) << Addresses.PAGE_SHIFT);
  }

  @Override
  public String toString() {
    return "KmapLocalSpec[top " + Addresses.hex(fixaddrTop) + ", begin " + kmapBegin + ", "
        + slotsPerCpu + " x " + nrCpus + (perTask ? ", per task]" : ", per cpu]");
  }
}

package org.memmap.core.percpu;

import java.util.List;
import java.util.Locale;

/**
 * {@code struct pcpu_alloc_info} (include/linux/percpu.h) of the first chunk, for one group of
 * CPUs (32-bit kernels have no NUMA, so {@code pcpu_build_alloc_info()} makes one group).
 *
 * @param staticSize {@code __per_cpu_end - __per_cpu_start}, in bytes
 * @param reservedSize the reserved region (module percpu variables), in bytes
 * @param dynSize the dynamic region, in bytes
 * @param unitSize each CPU's unit, in bytes
 * @param atomSize the allocation atom, in bytes
 * @param allocSize one allocation of {@code upa} units, in bytes
 * @param cpuMap the group's units: the CPU of each, {@code -1} for an unused unit
 * @param sizeSum {@code size_sum}: static + reserved + dynamic, page aligned; the bytes each CPU
 *     keeps of its unit when the chunk is embedded
 * @param embedded whether {@code pcpu_embed_first_chunk()} set it up (SMP); a UP kernel's {@code
 *     setup_per_cpu_areas()} allocates one unit and prints no {@code Embedded} line
 */
public record PcpuAllocInfo(
    long staticSize, long reservedSize, long dynSize, long unitSize, long atomSize, long allocSize,
    List<Integer> cpuMap, long sizeSum, boolean embedded) {
  /** Copies the map. */
  public PcpuAllocInfo {
    cpuMap = List.copyOf(cpuMap);
  }

  /** Units per allocation ({@code alloc_size / unit_size}). */
  public long unitsPerAlloc() {
    return allocSize / unitSize;
  }

  /**
   * The bytes of memblock memory the first chunk keeps: an embedded chunk allocates {@code
   * alloc_size} per {@code upa} units and gives back each unit's tail beyond {@code size_sum}
   * ({@code pcpu_embed_first_chunk()}: {@code pcpu_fc_free(ptr + size_sum, unit_size -
   * size_sum)}) and every unit without a CPU; the UP chunk is one unit.
   */
  public long firstChunkBytes() {
    if (!embedded) {
      return unitSize;
    }
    return sizeSum * cpuMap.stream().filter(c -> c >= 0).count();
  }

  /** The figures {@code s.. r.. d.. u..} as both lines print them. */
  public String figures() {
    return String.format(Locale.ROOT, "s%d r%d d%d u%d", staticSize, reservedSize, dynSize, unitSize);
  }
}

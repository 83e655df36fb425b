package org.memmap.core.memblock;

import com.google.common.base.Preconditions;
import java.util.Locale;
import org.memmap.api.Addresses;
import org.memmap.api.KernelConfig;
import org.memmap.core.percpu.PcpuAllocInfo;
import org.memmap.core.percpu.Percpu;

/**
 * The first percpu chunk, as {@code pcpu_embed_first_chunk()} and {@code pcpu_build_alloc_info()}
 * ({@code mm/percpu.c}) size it: {@code size_sum = PFN_ALIGN(static + reserved + max(dyn,
 * PERCPU_DYNAMIC_EARLY_SIZE))}, the dynamic part grown to fill the page, a unit of at least {@code
 * PCPU_MIN_UNIT_SIZE} (32 KiB) rounded to the atom, one unit per possible CPU. memblock keeps
 * {@code size_sum} of every unit (the tail of a larger unit is freed again). A kernel without SMP
 * takes the {@code !SMP} {@code setup_per_cpu_areas()}: one unit of {@code
 * roundup_pow_of_two(max(PCPU_MIN_UNIT_SIZE, PERCPU_DYNAMIC_RESERVE))} and no {@code percpu:}
 * line.
 *
 * <p>{@link #line()} is the {@code percpu: Embedded ...} line {@code pcpu_embed_first_chunk()}
 * prints; memmap prints it elsewhere.
 *
 * @param staticSize {@code __per_cpu_end - __per_cpu_start} of the image
 * @param reservedSize the module reserve ({@code ai->reserved_size})
 * @param dynSize the dynamic part ({@code ai->dyn_size})
 * @param unitSize {@code ai->unit_size}
 * @param nrUnits the units, one per possible CPU
 * @param embedded whether the SMP embedding allocator made it (false: the {@code !SMP} one)
 */
public record PcpuFirstChunk(
    long staticSize, long reservedSize, long dynSize, long unitSize, int nrUnits, boolean embedded) {
  /** {@code PCPU_MIN_UNIT_SIZE}. */
  public static final long PCPU_MIN_UNIT_SIZE = 32 << 10;
  /** {@code PERCPU_DYNAMIC_RESERVE} of a 32-bit kernel. */
  public static final long PERCPU_DYNAMIC_RESERVE = 20 << 10;
  /** {@code PERCPU_MODULE_RESERVE} with {@code CONFIG_MODULES}. */
  public static final long PERCPU_MODULE_RESERVE = 8 << 10;
  /** {@code PERCPU_DYNAMIC_EARLY_SIZE}: 12 KiB in 6.1, 20 KiB in 6.12; below the 32-bit dynamic reserve either way. */
  public static final long PERCPU_DYNAMIC_EARLY_SIZE = 12 << 10;

  /** Checks the sizes. */
  public PcpuFirstChunk {
    Preconditions.checkArgument(staticSize >= 0 && reservedSize >= 0 && dynSize >= 0 && unitSize > 0 && nrUnits > 0,
        "percpu chunk sizes must not be negative and the unit not empty");
  }

  /**
   * {@code pcpu_embed_first_chunk(reserved_size, dyn_size, atom_size)} for {@code nrCpus} possible
   * CPUs in one group.
   */
  public static PcpuFirstChunk embed(long staticSize, long reservedSize, long dynReserve, long atomSize, int nrCpus) {
    Preconditions.checkArgument(nrCpus >= 1 && atomSize >= Addresses.PAGE_SIZE && staticSize >= 0,
        "percpu: %s CPUs, atom %s, static size %s", nrCpus, atomSize, staticSize);
    // One pcpu_build_alloc_info(), in org.memmap.core.percpu.
    PcpuAllocInfo ai = Percpu.buildAllocInfo(staticSize, reservedSize, dynReserve, atomSize, nrCpus,
        PERCPU_DYNAMIC_EARLY_SIZE);
    return new PcpuFirstChunk(staticSize, reservedSize, ai.dynSize(), ai.unitSize(), nrCpus, true);
  }

  /**
   * The chunk a 32-bit kernel of this configuration sets up with the generic {@code
   * setup_per_cpu_areas()} (ARM, MIPS): embedded with the module reserve when {@code
   * CONFIG_MODULES}, page atoms; or the {@code !SMP} unit.
   */
  public static PcpuFirstChunk generic(KernelConfig cfg, long staticSize, int nrCpus) {
    if (!cfg.isEnabled("SMP")) {
      long unit = Long.highestOneBit(Math.max(PCPU_MIN_UNIT_SIZE, PERCPU_DYNAMIC_RESERVE) * 2 - 1);
      return new PcpuFirstChunk(staticSize, 0, unit - staticSize, unit, 1, false);
    }
    long reserved = cfg.isEnabled("MODULES") ? PERCPU_MODULE_RESERVE : 0;
    return embed(staticSize, reserved, PERCPU_DYNAMIC_RESERVE, Addresses.PAGE_SIZE, nrCpus);
  }

  /** {@code size_sum}: the bytes of each unit in use. */
  public long sizeSum() {
    return staticSize + reservedSize + dynSize;
  }

  /** The bytes memblock keeps for the chunk: {@code size_sum} per unit (the whole unit without SMP). */
  public long memblockBytes() {
    return embedded ? sizeSum() * nrUnits : unitSize;
  }

  /** {@code percpu: Embedded N pages/cpu sS rR dD uU}, as {@code pcpu_embed_first_chunk()} prints it. */
  public String line() {
    return String.format(Locale.ROOT, "percpu: Embedded %d pages/cpu s%d r%d d%d u%d",
        sizeSum() >> Addresses.PAGE_SHIFT, staticSize, reservedSize, dynSize, unitSize);
  }
}

package org.memmap.core.highmem;

import java.util.Arrays;

/**
 * A {@code kmap_local} / {@code kmap_atomic} slot stack: the per-CPU {@code __kmap_atomic_idx}
 * of kernels up to 5.10, or a task's {@code struct kmap_ctrl} ({@code current->kmap_ctrl}) from
 * 5.11 on. Obtain one with {@link Highmem#kmapCtrl(int)}.
 *
 * <p>Like the kernel's {@code current}, a stack is used by one thread at a time; it is not
 * thread-safe. Distinct threads use distinct CPUs.
 *
 * <p>A stack is validated once, when its kernel hands it out: it knows that kernel and caches the
 * fixmap address of each of its slots ({@code __fix_to_virt(FIX_KMAP_BEGIN + idx + KM_MAX_IDX *
 * cpu)}), its depth limit, the pfns its kernel maps through a slot without further checks, and
 * whether it is the stack its CPU's slots hold now, so that kmap_local and kunmap_local of the
 * task that runs on its CPU read only this object (and the MMU) instead of recomputing and
 * revalidating them.
 */
public final class KmapCtrl {
  /** The kernel that handed this stack out. */
  final Highmem owner;
  final int cpu;
  final boolean perTask;
  /** {@code kmap_ctrl.idx}: how many slots are in use. */
  int idx;
  /**
   * {@code kmap_ctrl.pteval[]}: the pfn each stack level maps; levels at or above {@link #idx}
   * are stale (-1 until first used).
   */
  final long[] pteval;
  /** The virtual address of each level's fixmap slot on {@link #cpu}. */
  final long[] slotAddr;
  /** The deepest the stack goes ({@link org.memmap.api.spi.KmapLocalSpec#maxDepth()}). */
  final int maxDepth;
  /**
   * The pfns {@code [fastPfnLow, fastPfnLow + fastPfnSpan)} that the owner maps through a slot
   * with no further check: highmem pages of the RAM range that holds {@code max_low_pfn}; none on
   * an architecture whose kmap_local first tries {@code kmap_high_get}.
   */
  final long fastPfnLow;
  final long fastPfnSpan;
  /**
   * Whether the CPU's slots hold this stack's mappings now: always for a CPU's stack (up to
   * 5.10); for a task's stack, from the context switch to it until the next one away
   * ({@code __kmap_local_sched_in} / {@code _out}). Changed only by the thread running on the CPU.
   */
  boolean current;

  KmapCtrl(Highmem owner, int cpu, boolean perTask, long[] slotAddr, int maxDepth,
      long fastPfnLow, long fastPfnSpan) {
    this.owner = owner;
    this.cpu = cpu;
    this.perTask = perTask;
    this.slotAddr = slotAddr;
    this.maxDepth = maxDepth;
    this.fastPfnLow = fastPfnLow;
    this.fastPfnSpan = fastPfnSpan;
    this.current = !perTask;
    this.pteval = new long[slotAddr.length];
    Arrays.fill(pteval, -1);
  }

  /** The CPU whose fixmap slots this stack uses ({@code smp_processor_id()}). */
  public int cpu() {
    return cpu;
  }

  /** The number of slots in use ({@code kmap_ctrl.idx}, {@code __kmap_atomic_idx}). */
  public int depth() {
    return idx;
  }

  /** Whether this is a task's stack (5.11+), not a CPU's. */
  public boolean perTask() {
    return perTask;
  }

  @Override
  public String toString() {
    return (perTask ? "KmapCtrl[task on cpu " : "KmapCtrl[cpu ") + cpu + ", depth " + idx + "]";
  }
}

package org.memmap.core.highmem;

import java.util.Arrays;

/**
 * A {@code kmap_local} / {@code kmap_atomic} slot stack: the per-CPU {@code __kmap_atomic_idx}
 * of kernels up to 5.10, or a task's {@code struct kmap_ctrl} ({@code current->kmap_ctrl}) from
 * 5.11 on. Obtain one with {@link Highmem#kmapCtrl(int)}.
 *
 * <p>Like the kernel's {@code current}, a stack is used by one thread at a time; it is not
 * thread-safe. Distinct threads use distinct CPUs.
 */
public final class KmapCtrl {
  final int cpu;
  final boolean perTask;
  /** {@code kmap_ctrl.idx}: how many slots are in use. */
  int idx;
  /** {@code kmap_ctrl.pteval[]}: the pfn each stack level maps, -1 for none. */
  final long[] pteval;

  KmapCtrl(int cpu, boolean perTask, int slots) {
    this.cpu = cpu;
    this.perTask = perTask;
    this.pteval = new long[slots];
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

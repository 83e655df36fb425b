package org.memmap.core.sim.script;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.memmap.api.Addresses;
import org.memmap.core.highmem.Highmem;
import org.memmap.core.highmem.KmapAttempt;
import org.memmap.core.highmem.KmapCtrl;
import org.memmap.core.highmem.PkmapSlot;
import org.memmap.core.highmem.PkmapStats;
import org.memmap.api.spi.KmapLocalSpec;
import org.memmap.core.sim.SimKernel;

/**
 * The kmap commands of {@code sim} scripts (docs/sim.md) over one {@link Highmem} per script
 * run:
 *
 * <ul>
 *   <li>{@code kmap PFN}: {@code kmap(pfn_to_page(PFN))}, the address, or {@code blocked} when
 *       {@code map_new_virtual} would sleep (every pkmap slot in use); the task is woken by a
 *       {@code kunmap} that drops a slot to count 1 and then starts over, as the kernel's does.
 *   <li>{@code kunmap PFN}: {@code kunmap()}, {@code ok}.
 *   <li>{@code kmap_local PFN} / {@code kunmap_local VADDR}: {@code kmap_local_page} (or {@code
 *       kmap_atomic} up to 5.10) on the task's slot stack.
 *   <li>{@code flush}: {@code kmap_flush_unused()}.
 *   <li>{@code show pkmap}: the window, one line per busy slot (slot, address, pfn, count), the
 *       counters, and the tasks asleep on the wait queue.
 * </ul>
 *
 * <p>Tasks ({@code @T}) are simulated tasks. Task T runs on CPU {@code T mod NR_CPUS}. Up to 5.10
 * ({@code kmap_atomic}) it uses that CPU's slot stack, so tasks sharing a CPU share it (the kernel
 * would not let them interleave: {@code kmap_atomic} disables preemption). From 5.11 every task
 * has its own {@code kmap_ctrl}; whenever task T runs a command, its stack is switched in on its
 * CPU ({@code __kmap_local_sched_out} of the previous task, {@code __kmap_local_sched_in} of T),
 * so a task reads through its own kmap_local addresses even after another task on the same CPU
 * used the same slots.
 *
 * <p>Register with {@code SimCommands.builtin().include(HighmemCommands::register)}.
 */
public final class HighmemCommands {
  private HighmemCommands() {}

  /** Adds the kmap commands and {@code show pkmap} to {@code b}. */
  public static void register(SimCommands.Builder b) {
    b.command("kmap", "kmap PFN", HighmemCommands::kmap)
        .command("kunmap", "kunmap PFN", (ctx, l) -> {
          SimArgs.expect(l, 1, "kunmap PFN");
          long pfn = SimArgs.pfn(l.args().get(0));
          state(ctx).highmem().kunmap(pfn);
          return SimResult.ok();
        })
        .command("kmap_local", "kmap_local PFN", (ctx, l) -> {
          SimArgs.expect(l, 1, "kmap_local PFN");
          long pfn = SimArgs.pfn(l.args().get(0));
          State s = state(ctx);
          return SimResult.of(Addresses.hex(s.highmem().kmapLocal(s.ctrl(l.task()), pfn)));
        })
        .command("kunmap_local", "kunmap_local VADDR", (ctx, l) -> {
          SimArgs.expect(l, 1, "kunmap_local VADDR");
          long vaddr = SimArgs.vaddr(l.args().get(0));
          State s = state(ctx);
          s.highmem().kunmapLocal(s.ctrl(l.task()), vaddr);
          return SimResult.ok();
        })
        .command("flush", "flush", (ctx, l) -> {
          SimArgs.expect(l, 0, "flush");
          state(ctx).highmem().kmapFlushUnused();
          return SimResult.ok();
        })
        .show("pkmap", (ctx, args) -> showPkmap(state(ctx).highmem()))
        .beforeEach((ctx, l) -> state(ctx).run(l.task()));
  }

  private static SimResult kmap(SimContext ctx, SimLine l) {
    SimArgs.expect(l, 1, "kmap PFN");
    long pfn = SimArgs.pfn(l.args().get(0));
    Highmem highmem = state(ctx).highmem();
    int task = l.task();
    SimResult.Wakeup[] again = new SimResult.Wakeup[1];
    again[0] = () -> {
      if (highmem.sleepers().contains(task)) {
        return SimResult.blocked(again[0]); // not woken yet: still in schedule()
      }
      highmem.takeWoken();
      KmapAttempt a = highmem.tryKmap(pfn, task);
      return a.blocked() ? SimResult.blocked(again[0]) : SimResult.of(Addresses.hex(a.vaddr()));
    };
    return again[0].retry();
  }

  /** The lines of {@code show pkmap}. */
  static List<String> showPkmap(Highmem highmem) {
    List<String> out = new ArrayList<>();
    if (highmem.pkmapSpec().isEmpty()) {
      out.add("no pkmap window (CONFIG_HIGHMEM is not set)");
      return out;
    }
    var spec = highmem.pkmapSpec().get();
    List<PkmapSlot> busy = highmem.showPkmap();
    out.add(String.format(Locale.ROOT, "pkmap 0x%08x-0x%08x: %d slots, %d busy",
        spec.pkmapBase(), spec.pkmapEnd(), spec.lastPkmap(), busy.size()));
    for (PkmapSlot s : busy) {
      out.add(String.format(Locale.ROOT, "slot %d 0x%08x pfn %#x count %d",
          s.nr(), s.vaddr(), s.pfn(), s.count()));
    }
    PkmapStats st = highmem.stats();
    out.add(String.format(Locale.ROOT, "maps %d reuses %d wrap-arounds %d flushes %d waits %d",
        st.maps(), st.reuses(), st.wrapArounds(), st.flushes(), st.waits()));
    List<Integer> asleep = highmem.sleepers();
    if (!asleep.isEmpty()) {
      StringBuilder sb = new StringBuilder("asleep:");
      asleep.forEach(t -> sb.append(" @").append(t));
      out.add(sb.toString());
    }
    return out;
  }

  private static State state(SimContext ctx) {
    return ctx.attachment(State.class, State::new);
  }

  /** The kmap machinery of one script run, and the slot stack of each task. */
  private static final class State {
    private final SimKernel kernel;
    private Highmem highmem;
    private final Map<Integer, KmapCtrl> ctrls = new HashMap<>();

    State(SimKernel kernel) {
      this.kernel = kernel;
    }

    /** Created on first use, so scripts that never kmap pay nothing. */
    Highmem highmem() {
      if (highmem == null) {
        highmem = kernel.highmem();
      }
      return highmem;
    }

    /** Task {@code task}'s stack: its CPU's up to 5.10, its own from 5.11; on CPU task mod NR_CPUS. */
    KmapCtrl ctrl(int task) {
      KmapCtrl c = ctrls.get(task);
      if (c == null) {
        KmapLocalSpec spec = highmem().kmapLocalSpec();
        c = highmem().kmapCtrl(task % spec.nrCpus());
        ctrls.put(task, c);
      }
      return c;
    }

    /** Task {@code task} runs: its kmap_local mappings (5.11+) are switched in on its CPU. */
    void run(int task) {
      KmapCtrl c = ctrls.get(task);
      if (c != null && c.perTask()) {
        highmem.switchTo(c);
      }
    }
  }
}

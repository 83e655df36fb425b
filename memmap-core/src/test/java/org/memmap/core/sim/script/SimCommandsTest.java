package org.memmap.core.sim.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.RamRange;
import org.memmap.core.FakeLayouts;
import org.memmap.core.sim.SimKernel;

class SimCommandsTest {
  @Test
  void beforeEachHooksSeeEveryCommandOfEveryTaskBeforeItRuns() {
    List<String> seen = new ArrayList<>();
    SimCommands commands = SimCommands.builtin()
        .command("note", "note", (ctx, l) -> {
          seen.add("run " + l.task());
          return SimResult.ok();
        })
        .beforeEach((ctx, l) -> seen.add("before @" + l.task() + " " + l.name()))
        .build();
    SimKernel k = SimKernel.boot(FakeLayouts.layout(List.of(new RamRange(0, 512L << 20))));
    SimScript sim = new SimScript(k, commands);
    List<String> out = new ArrayList<>();
    sim.execute("@3 note", out::add);
    sim.execute("translate 0xc0000000", out::add);
    sim.execute("@1 show tlb", out::add);
    sim.execute("nosuch", out::add);
    assertEquals(List.of("before @3 note", "run 3", "before @0 translate", "before @1 show"), seen);
    assertEquals("@3 note -> ok", out.get(0));
  }
}

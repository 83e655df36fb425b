package org.memmap.core.sim.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.RamRange;
import org.memmap.core.FakeLayouts;
import org.memmap.core.sim.SimKernel;

class SimScriptTest {
  /** A one-slot resource: {@code take} blocks while it is held, {@code give} releases it. */
  private static final class Slot {
    int holder = -1;
  }

  private static SimCommands commands() {
    return SimCommands.builtin()
        .command("take", "take", (ctx, l) -> {
          Slot s = ctx.attachment(Slot.class, k -> new Slot());
          if (s.holder < 0) {
            s.holder = l.task();
            return SimResult.ok();
          }
          SimResult.Wakeup[] retry = new SimResult.Wakeup[1];
          retry[0] = () -> {
            if (s.holder < 0) {
              s.holder = l.task();
              return SimResult.of("got it");
            }
            return SimResult.blocked(retry[0]);
          };
          return SimResult.blocked(retry[0]);
        })
        .command("give", "give", (ctx, l) -> {
          ctx.attachment(Slot.class, k -> new Slot()).holder = -1;
          return SimResult.ok();
        })
        .build();
  }

  private static List<String> run(String script) throws IOException {
    SimKernel k = SimKernel.boot(FakeLayouts.layout(List.of(new RamRange(0, 512L << 20))));
    List<String> out = new ArrayList<>();
    new SimScript(k, commands()).run(new BufferedReader(new StringReader(script)), out::add);
    return out;
  }

  @Test
  void blockedTaskWaitsAndIsWokenRightAfterTheWakingCommand() throws IOException {
    List<String> out = run(String.join("\n",
        "# a comment line",
        "",
        "@1 take",
        "@2 take   # sleeps",
        "@2 translate 0xc0000000",
        "@3 translate 0xc0001000",
        "@1 give",
        "@3 translate 0xc0002000"));
    // The fake architecture maps lowmem at PAGE_OFFSET 0xc0000000 from physical 0.
    assertLinesMatch(List.of(
        "@1 take -> ok",
        "@2 take -> blocked",
        "@3 translate 0xc0001000 -> 0x00001000",
        "@1 give -> ok",
        "@2 take -> got it (woken)",
        "@2 translate 0xc0000000 -> 0x00000000",
        "@3 translate 0xc0002000 -> 0x00002000"), out);
  }

  @Test
  void errorsAreResultsAndTheScriptGoesOn() throws IOException {
    List<String> out = run(String.join("\n",
        "frobnicate 1",
        "translate banana",
        "translate",
        "@x translate 0",
        "read 0xc0000000 0",
        "write 0xf0000000 00",
        "read 0xf0000000 4",
        "translate 0xc0000000"));
    assertEquals(8, out.size(), out::toString);
    assertLinesMatch(List.of(
        "frobnicate 1 -> error: unknown command 'frobnicate' .*",
        "translate banana -> error: address 'banana': expected a number.*",
        "translate -> error: usage: translate VADDR",
        "@x translate 0 -> error: task '@x'.*",
        "read 0xc0000000 0 -> error: length '0'.*",
        "write 0xf0000000 00 -> fault",
        "read 0xf0000000 4 -> fault",
        "translate 0xc0000000 -> 0x00000000"), out);
  }

  @Test
  void dataWrittenThroughOneAliasIsReadThroughAnother() throws IOException {
    List<String> out = run(String.join("\n",
        "set_pte 0xf0000000 0x1234",
        "write 0xf0000010 cafebabe",
        "read 0xc1234010 4",
        "walk 0xf0000010",
        "show tlb"));
    assertEquals("set_pte 0xf0000000 0x1234 -> ok", out.get(0));
    assertEquals("read 0xc1234010 4 -> cafebabe", out.get(2));
    assertLinesMatch(List.of("walk 0xf0000010 -> pgd\\[960\\]=0x[0-9a-f]{8} table / pte\\[0\\]=0x01234003 page / 0x01234010"),
        List.of(out.get(3)));
  }
}

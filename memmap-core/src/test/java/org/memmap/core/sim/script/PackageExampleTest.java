package org.memmap.core.sim.script;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.memmap.api.Addresses;
import org.memmap.api.RamRange;
import org.memmap.core.FakeLayouts;
import org.memmap.core.highmem.KmapAttempt;
import org.memmap.core.highmem.PkmapSlot;
import org.memmap.core.sim.SimKernel;

/** The examples of package-info.java and SimContext, compiled and run as written there. */
class PackageExampleTest {
  /** The package-info example, verbatim. */
  static void register(SimCommands.Builder b) {
    b.command("kmap", "kmap PFN", (ctx, line) -> {
      SimArgs.expect(line, 1, "kmap PFN");
      long pfn = SimArgs.pfn(line.args().get(0));
      SimResult.Wakeup[] again = new SimResult.Wakeup[1];
      again[0] = () -> {
        KmapAttempt a = ctx.kernel().highmem().tryKmap(pfn, line.task());
        return a.blocked() ? SimResult.blocked(again[0]) : SimResult.of(Addresses.hex(a.vaddr()));
      };
      return again[0].retry();
    });
    b.show("pkmap", (ctx, args) -> ctx.kernel().highmem().showPkmap().stream()
        .map(PkmapSlot::toString).toList());
  }

  /** SimContext's example: state a command set attaches to a run. */
  static final class Names {
    final List<String> names = new ArrayList<>();
  }

  @Test
  void theExamplesRun() throws IOException {
    SimCommands commands = SimCommands.builder().include(PackageExampleTest::register)
        .command("name", "name NAME", (ctx, line) -> {
          Names n = ctx.attachment(Names.class, k -> new Names());
          n.names.add(line.args().get(0));
          return SimResult.of(String.valueOf(n.names.size()));
        }).build();
    SimKernel kernel = SimKernel.boot(FakeLayouts.layout(List.of(new RamRange(0, 512L << 20))));
    List<String> out = new ArrayList<>();
    new SimScript(kernel, commands).run(
        new BufferedReader(new StringReader("kmap 0x10000\nname a\nname b\n")), out::add);
    // the fake machine: PKMAP_BASE = 0xc0000000 - 4 MiB; the first kmap takes slot 1
    assertTrue(out.get(0).endsWith("-> 0xbfc01000"), out.toString());
    assertTrue(out.get(2).endsWith("-> 2"), out.toString());
  }
}

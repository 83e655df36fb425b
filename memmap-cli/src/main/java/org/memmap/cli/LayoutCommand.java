package org.memmap.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.core.MemMap;
import org.memmap.core.memblock.BootReservations;
import org.memmap.core.printk.BootMessages;
import org.memmap.core.render.Renderers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code memmap layout}: the virtual layout of a machine. */
@Command(
    name = "layout",
    mixinStandardHelpOptions = true,
    header = "Print the virtual memory layout of the machine.",
    description = {
      "Prints what the kernel computes for the machine, in one of four formats:",
      "banner: the boot lines of that release (the zones, Total pages, the Memory: line and "
          + "the virtual memory banner.",
      "table: every region with its size, then the zones.",
      "json: the layout as JSON (see docs/cli.md).",
      "svg: a picture of the 4 GiB address space."
    })
final class LayoutCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format { banner, table, json, svg }

  @ParentCommand Main main;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "banner",
      description = "banner (default), table, json or svg.")
  Format format;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    MemMap memmap = MemMap.installed();
    Machine m = main.machine.machine(memmap.architectures());
    MemoryLayout layout = MemMap.layout(m);
    for (String note : layout.description().notes()) {
      err.println("memmap: note: " + note);
    }
    switch (format) {
      case banner -> {
        if (!BootMessages.printsBanner(layout)) {
          err.println("memmap: note: Linux " + layout.description().kernel()
              + " no longer prints the virtual memory layout; shown in the last format printed");
        }
        BootReservations reservations = memmap.bootReservations(layout);
        OptionalLong reservedKb = reservations.reservedKb();
        if (BootMessages.memoryLine(layout, reservedKb).isEmpty()) {
          err.println("memmap: note: the Memory: line's available and reserved figures depend on"
              + " boot-time reservations; missing: " + String.join("; ", reservations.missing())
              + " (or give --set reserved=SIZE), and the image needs a --system-map");
        }
        if (layout.regions().stream().noneMatch(r -> r.kind() == org.memmap.api.RegionKind.KERNEL_IMAGE)) {
          err.println("memmap: note: kernel image section lines need --system-map");
        }
        if (m.config().options().isEmpty()) {
          err.println("memmap: note: hash tables of options no --config gives (NET, INET, FUTEX, QUOTA,"
              + " MPTCP) are shown as a distribution kernel sets them; futex for "
              + m.boardFact("nr_cpus").orElse("1") + " possible CPU(s) (--set nr_cpus=N)");
        }
        Renderers.banner(layout, memmap.hashTables(layout), reservedKb, memmap.initMessages(layout)).forEach(out::println);
      }
      case table -> Renderers.table(layout).forEach(out::println);
      case json -> out.println(Renderers.json(layout));
      case svg -> out.print(Renderers.svg(layout));
    }
    return 0;
  }
}

package org.memmap.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.memmap.api.Addresses;
import org.memmap.core.MemMap;
import org.memmap.core.pgtable.Walk;
import org.memmap.core.sim.SimKernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code memmap walk ADDRESS}: the page-table walk of the simulated kernel, like crash's vtop. */
@Command(
    name = "walk",
    mixinStandardHelpOptions = true,
    header = "Walk the kernel page tables for a virtual address.",
    description = {
      "Prints one line per level of the simulated kernel's page tables (level, index, entry "
          + "address and value, descriptor and its fields), then the physical address, or the "
          + "level and reason of the fault."
    })
final class WalkCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(paramLabel = "ADDRESS", converter = Converters.VirtualAddress.class,
      description = "The virtual address, hex (0x...) or decimal.")
  long vaddr;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    MemMap memmap = MemMap.installed();
    SimKernel kernel = SimKernel.boot(MemMap.layout(main.machine.machine(memmap.architectures())));
    Walk w = kernel.walk(vaddr);
    out.println(String.format(java.util.Locale.ROOT, "%s  %s, swapper_pg_dir at 0x%08x",
        Addresses.hex(vaddr), kernel.layout().description().pageTables().name(), kernel.pgdPaddr()));
    w.lines().forEach(out::println);
    return 0;
  }
}

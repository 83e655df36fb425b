package org.memmap.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.memmap.api.Addresses;
import org.memmap.api.MemoryLayout;
import org.memmap.core.MemMap;
import org.memmap.core.pgtable.Walk;
import org.memmap.core.sim.SimKernel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code memmap translate ADDRESS...}: virtual to physical through the simulated kernel's tables. */
@Command(
    name = "translate",
    mixinStandardHelpOptions = true,
    header = "Translate virtual addresses through the kernel page tables.",
    description = {
      "Translates each address through the simulated kernel's page tables. Lowmem addresses "
          + "also show __pa() = vaddr - PAGE_OFFSET + PHYS_OFFSET; other addresses fault with the "
          + "level and reason."
    })
final class TranslateCommand implements Callable<Integer> {
  @ParentCommand Main main;

  // Strings, converted in call(): a typed varargs list would take a bad second address for an
  // unmatched argument (picocli stops converting once the arity is met).
  @Parameters(arity = "1..*", paramLabel = "ADDRESS",
      description = "Virtual addresses, hex (0x...) or decimal.")
  List<String> addresses = new ArrayList<>();

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    List<Long> vaddrs = new ArrayList<>();
    for (String a : addresses) {
      try {
        vaddrs.add(new Converters.VirtualAddress().convert(a));
      } catch (picocli.CommandLine.TypeConversionException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "ADDRESS: " + e.getMessage());
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    MemMap memmap = MemMap.installed();
    MemoryLayout layout = MemMap.layout(main.machine.machine(memmap.architectures()));
    SimKernel kernel = SimKernel.boot(layout);
    for (long vaddr : vaddrs) {
      long paddr = kernel.translate(vaddr);
      StringBuilder line = new StringBuilder(Addresses.hex(vaddr)).append(" -> ");
      if (paddr < 0) {
        Walk w = kernel.walk(vaddr);
        line.append("fault (").append(w.reason()).append(')');
      } else {
        line.append(Walk.formatPaddr(paddr));
        line.append(String.format(Locale.ROOT, " pfn 0x%x", paddr >>> Addresses.PAGE_SHIFT));
        if (vaddr >= layout.pageOffset() && vaddr < layout.highMemory()) {
          line.append(" lowmem, __pa ").append(Walk.formatPaddr(layout.virtToPhys(vaddr)));
        }
      }
      out.println(line);
    }
    return 0;
  }
}

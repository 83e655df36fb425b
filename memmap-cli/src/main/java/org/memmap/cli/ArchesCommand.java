package org.memmap.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.memmap.api.spi.KmapProvider;
import org.memmap.core.Architectures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code memmap arches}: every architecture plugin found. */
@Command(
    name = "arches",
    mixinStandardHelpOptions = true,
    header = "List the architecture plugins found.",
    description = {
      "For each plugin: its id, aliases, name, module and jar."
    })
final class ArchesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Architectures arches = Architectures.installed();
    if (arches.all().isEmpty()) {
      spec.commandLine().getErr().println("memmap: no architecture plugin found on the module path");
      return 2;
    }
    out.printf(Locale.ROOT, "%-6s %-22s %-16s %-22s %s%n", "ID", "ALIASES", "NAME", "MODULE", "JAR");
    for (KmapProvider p : arches.all()) {
      out.printf(Locale.ROOT, "%-6s %-22s %-16s %-22s %s%n",
          p.id(),
          String.join(",", new java.util.TreeSet<>(p.aliases())),
          p.displayName(),
          Architectures.moduleOf(p),
          Architectures.locationOf(p));
    }
    return 0;
  }
}

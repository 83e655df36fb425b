package org.memmap.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.memmap.api.InputException;
import org.memmap.api.InputFiles;
import org.memmap.core.MemMap;
import org.memmap.core.sim.script.HighmemCommands;
import org.memmap.core.sim.script.SimCommands;
import org.memmap.core.sim.SimKernel;
import org.memmap.core.sim.script.SimScript;
import org.memmap.core.sim.script.VmallocCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code memmap sim [SCRIPT]}: scripted scenarios on one simulated machine (docs/sim.md). */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    header = "Run a script of commands against one simulated kernel.",
    description = {
      "Reads commands from SCRIPT, or from standard input (with a prompt when it is a "
          + "terminal): one command per line, '#' comments, '@T' task prefixes. Each command "
          + "prints '<command> -> <result>'; what the kernel refuses prints '-> error: <its "
          + "message>'. An unknown command lists them all. The script format is in docs/sim.md.",
      "Example script:",
      "vmalloc buf 64K          # -> 0xf0000000-0xf0011000 on the default board",
      "write 0xf0000000 cafe",
      "translate 0xf0000000     # the physical page behind it",
      "vfree buf",
      "show vmallocinfo"
    })
final class SimCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Parameters(arity = "0..1", paramLabel = "SCRIPT", description = "The script file; standard input without it or with '-'.")
  Path script;

  @Spec CommandSpec spec;

  /** The commands a script may use: the page-table commands and those other mechanisms register. */
  static SimCommands commands() {
    return SimCommands.builtin()
        .include(HighmemCommands::register)
        .include(VmallocCommands::register)
        .build();
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    BufferedReader in;
    boolean stdin = script == null || script.toString().equals("-");
    if (!stdin) {
      // Bounded and strictly UTF-8: a clear line for a binary or oversized script.
      in = new BufferedReader(new java.io.StringReader(String.join("\n",
          InputFiles.readLines(script, InputFiles.DEFAULT_MAX_BYTES, "script"))));
    } else if (System.console() == null) {
      in = new BufferedReader(new java.io.StringReader(String.join("\n",
          InputFiles.readLines(System.in, InputFiles.DEFAULT_MAX_BYTES, "script <stdin>"))));
    } else {
      in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }
    MemMap memmap = MemMap.installed();
    SimScript sim = new SimScript(SimKernel.boot(MemMap.layout(main.machine.machine(memmap.architectures()))), commands());
    try (in) {
      if (stdin && System.console() != null) {
        out.print("sim> ");
        out.flush();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          sim.execute(line, out::println);
          out.print("sim> ");
          out.flush();
        }
        sim.finish(out::println);
        out.println();
      } else {
        sim.run(in, out::println);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new InputException("script " + (stdin ? "<stdin>" : script) + ": cannot be read: " + e.getMessage(), e);
    }
    out.flush();
    return 0;
  }
}

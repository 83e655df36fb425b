package org.memmap.examples.cli;

import java.io.PrintWriter;
import org.memmap.api.MemmapException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code memmap}: the virtual memory map of 32-bit Linux kernels. With no command it prints the
 * default board's layout. Exit codes: 0 success, 1 a {@code check} mismatch, 2 bad usage or
 * unusable input (one line on stderr).
 */
@Command(
    name = "memmap",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "The virtual memory map of 32-bit Linux kernels (ARM, x86-32), computed as a real kernel",
      "computes it. Without a command: the default board's boot banner (same as 'layout')."
    },
    subcommands = {
      LayoutCommand.class,
      CheckCommand.class,
      ExplainCommand.class,
      VmallocCommand.class,
      KmapCommand.class,
      ArchesCommand.class,
      WalkCommand.class,
      TranslateCommand.class,
      SimCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @Option(names = "--debug", description = "Show stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
  boolean debug;

  @CommandLine.Mixin MachineOptions machine = new MachineOptions();

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "banner",
      description = "Without a command: as 'layout --format' (banner, table, json, svg).")
  LayoutCommand.Format format;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // No command: `memmap [options]` is `memmap layout [options]`.
    LayoutCommand layout = new LayoutCommand();
    layout.machine = machine;
    layout.format = format;
    layout.spec = spec;
    layout.call();
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams; returns the exit code. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("memmap: " + firstLine(ex.getMessage())
              + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
          return 2;
        });
    cl.setExecutionExceptionHandler(Main::handleExecutionException);
    int code = cl.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  static int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    boolean debug = parseResult.hasMatchedOption("--debug")
        || (parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--debug"));
    if (ex instanceof MemmapException) {
      err.println("memmap: " + firstLine(ex.getMessage()));
    } else {
      err.println("memmap: internal error: " + ex + " (please report it; --debug shows where)");
    }
    if (debug) {
      ex.printStackTrace(err);
    }
    err.flush();
    return 2;
  }

  static String firstLine(String s) {
    if (s == null) {
      return "error";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  /** The version from the module descriptor or the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getModule().getDescriptor() != null
          ? Main.class.getModule().getDescriptor().rawVersion().orElse(null)
          : null;
      if (v == null) {
        v = Main.class.getPackage().getImplementationVersion();
      }
      return new String[] {"memmap " + (v == null ? "0.1.0-SNAPSHOT" : v),
        "Java " + System.getProperty("java.version")};
    }
  }
}

package org.memmap.cli;

import java.io.PrintWriter;
import org.memmap.api.MemmapException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code memmap}: the virtual memory map of 32-bit Linux kernels. With no command it prints the
 * default board's layout. Exit codes: 0 success, 1 a {@code check} mismatch or lost {@code kmap}
 * data, 2 bad usage or unusable input (one line on stderr). The contract is docs/cli.md.
 */
@Command(
    name = "memmap",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    header = "The virtual memory map of 32-bit Linux kernels, as the kernel computes it.",
    description = {
      "memmap computes the virtual memory layout of a 32-bit Linux kernel (ARM, x86-32, "
          + "MIPS32) for a machine, as that kernel release computes it, and prints its boot lines "
          + "byte for byte.",
      "Without a command it prints the default board's boot lines and banner, as 'memmap "
          + "layout' does.",
      "The machine options (--arch, --kernel, --ram, --cmdline, --config, --set, "
          + "--system-map) may be given before or after the command.",
      "Exit status: 0 on success, 1 when 'check' finds a mismatch or 'kmap' loses data, 2 "
          + "for bad usage or unusable input (one line on standard error)."
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
    layout.main = this;
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
    int code = commandLine(out, err).execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** The configured command line: its streams, and its one-line error handlers (exit 2). */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    headings(cl);
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("memmap: " + usageMessage(ex)
              + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
          return 2;
        });
    cl.setExecutionExceptionHandler(Main::handleExecutionException);
    return cl;
  }

  /** Blank lines between the parts of every command's help, and headings over the lists. */
  private static void headings(CommandLine cl) {
    cl.getCommandSpec().usageMessage()
        .synopsisHeading("%nUsage: ")
        .descriptionHeading("%n")
        .parameterListHeading("%nParameters:%n")
        .optionListHeading("%nOptions:%n")
        .commandListHeading("%nCommands:%n");
    cl.getSubcommands().values().forEach(Main::headings);
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

  /**
   * A bad command line in one line. A value the library's parser refused is named by its option
   * or parameter, followed by the parser's message.
   */
  private static String usageMessage(CommandLine.ParameterException ex) {
    CommandLine.Model.ArgSpec arg = ex.getArgSpec();
    if (ex.getCause() instanceof CommandLine.TypeConversionException conversion && arg != null) {
      String name = arg instanceof CommandLine.Model.OptionSpec o ? o.longestName() : arg.paramLabel();
      String message = firstLine(conversion.getMessage());
      return message.startsWith(name) ? message : name + ": " + message;
    }
    return firstLine(ex.getMessage());
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

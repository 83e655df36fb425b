package org.memmap.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Arrays;
import org.memmap.api.InputException;
import org.memmap.api.MemmapException;
import org.memmap.api.Printable;
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

  /**
   * Runs the command line with the given streams; returns the exit code. Every failure, {@link
   * Error}s included, ends here as one line on {@code err} and exit 2; {@code --debug} adds the
   * stack trace. Everything printed passes {@link Printable}: no control character from an input
   * reaches the terminal.
   */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    PrintWriter safeOut = new PrintWriter(new SanitizingWriter(out), true);
    PrintWriter safeErr = new PrintWriter(new SanitizingWriter(err), true);
    boolean debug = Arrays.asList(args).contains("--debug");
    try {
      return commandLine(safeOut, safeErr, debug).execute(args);
    } catch (Throwable t) { // NOPMD: the one failure path: Errors too become one line and exit 2
      report(t, safeErr, debug);
      return 2;
    } finally {
      safeOut.flush();
      safeErr.flush();
    }
  }

  /** The configured command line: its streams, and its one-line error handlers (exit 2). */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return commandLine(out, err, false);
  }

  private static CommandLine commandLine(PrintWriter out, PrintWriter err, boolean debug) {
    CommandLine cl = new CommandLine(new Main());
    headings(cl);
    cl.setOut(out);
    cl.setErr(err);
    cl.setParameterExceptionHandler(
        (ex, a) -> {
          err.println("memmap: " + usageMessage(ex)
              + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
          if (debug) {
            ex.printStackTrace(err);
          }
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

  /** The execution-exception handler of {@link #run}, for commands run on their own. */
  static int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    boolean debug = parseResult.hasMatchedOption("--debug")
        || (parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--debug"));
    report(ex, cl.getErr(), debug);
    return 2;
  }

  /** One line for {@code t}: the library's message with the flag it came from, or what failed. */
  static void report(Throwable t, PrintWriter err, boolean debug) {
    Throwable root = t instanceof CommandLine.ExecutionException && t.getCause() != null ? t.getCause() : t;
    err.println("memmap: " + describe(root));
    if (debug) {
      root.printStackTrace(err);
    }
    err.flush();
  }

  static String describe(Throwable t) {
    if (t instanceof InputException ie) {
      String flag = flag(ie.input());
      String msg = firstLine(ie.getMessage());
      return flag.isEmpty() ? msg : flag + ": " + msg;
    }
    if (t instanceof MemmapException) {
      return firstLine(t.getMessage());
    }
    if (t instanceof OutOfMemoryError) {
      return "out of memory: the input needs more than the Java heap holds (-Xmx); --debug shows where";
    }
    if (t instanceof StackOverflowError) {
      return "the input nests too deeply (stack overflow); --debug shows where";
    }
    return "internal error: " + t.getClass().getName()
        + (t.getMessage() == null ? "" : ": " + firstLine(t.getMessage()))
        + " (please report it; --debug shows where)";
  }

  /** The option a library input comes from. */
  static String flag(InputException.Input input) {
    return switch (input) {
      case ARCH -> "--arch";
      case KERNEL -> "--kernel";
      case RAM -> "--ram";
      case CONFIG -> "--config/--set";
      case COMMAND_LINE -> "--cmdline";
      case BOARD_FACT -> "--set";
      case SYMBOLS -> "--system-map";
      case CMA, OTHER -> "";
    };
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
    return Printable.escape((nl < 0 ? s : s.substring(0, nl)).strip());
  }

  /** Escapes every control character but line feed and tab on its way out ({@link Printable}). */
  static final class SanitizingWriter extends FilterWriter {
    SanitizingWriter(Writer out) {
      super(out);
    }

    @Override
    public void write(int c) throws IOException {
      if (c == '\n' || c == '\t' || Printable.clean(String.valueOf((char) c))) {
        out.write(c);
      } else {
        out.write(Printable.escape(String.valueOf((char) c)));
      }
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      for (int i = off; i < off + len; i++) {
        write(cbuf[i]);
      }
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
      String s = str.substring(off, off + len);
      if (Printable.clean(s)) {
        out.write(s);
      } else {
        for (int i = 0; i < s.length(); i++) {
          write(s.charAt(i));
        }
      }
    }
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

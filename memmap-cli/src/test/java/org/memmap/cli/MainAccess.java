package org.memmap.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process for tests in other packages. */
public final class MainAccess {
  private MainAccess() {}

  /** What a run printed. */
  public record Run(int code, String out, String err) {}

  /** Runs {@code memmap args...}. */
  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }
}

package org.memmap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs the CLI in-process and keeps what it printed. */
record CliRun(int code, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new CliRun(code, out.toString(), err.toString());
  }

  List<String> outLines() {
    return out.lines().toList();
  }

  /** Exit 2 with exactly one line on stderr that contains every fragment, and no stack trace. */
  void assertUsageError(String... fragments) {
    assertEquals(2, code, "exit code; stderr: " + err);
    List<String> lines = err.lines().filter(l -> !l.startsWith("memmap: note:")).toList();
    assertEquals(1, lines.size(), "one line on stderr: " + err);
    for (String f : fragments) {
      assertTrue(lines.get(0).contains(f), "stderr '" + lines.get(0) + "' mentions '" + f + "'");
    }
    assertTrue(!err.contains("\tat "), "no stack trace: " + err);
  }
}

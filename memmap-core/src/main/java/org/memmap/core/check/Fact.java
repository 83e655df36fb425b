package org.memmap.core.check;

/**
 * One figure a boot log prints, checked: what memmap computed from the log's inputs and what the
 * log says.
 *
 * @param name what the figure is, e.g. {@code Total pages} or {@code banner vmalloc}
 * @param status verified, mismatched or skipped
 * @param expected what memmap computed (empty when skipped)
 * @param got what the log printed, or why the fact was skipped
 */
public record Fact(String name, Status status, String expected, String got) {
  /** The outcome of one comparison. */
  public enum Status {
    /** The log prints what memmap computed. */
    OK,
    /** The log prints something else. */
    MISMATCH,
    /** Not checked; {@link Fact#got()} says why. */
    SKIPPED
  }

  static Fact compare(String name, String expected, String got) {
    return new Fact(name, expected.equals(got) ? Status.OK : Status.MISMATCH, expected, got);
  }

  static Fact skipped(String name, String why) {
    return new Fact(name, Status.SKIPPED, "", why);
  }

  /** The report line: {@code ok ...}, {@code MISMATCH ... expected ... got ...} or {@code skipped ...}. */
  public String line() {
    return switch (status) {
      case OK -> "ok        " + name + ": " + got;
      case MISMATCH -> "MISMATCH  " + name + ": expected " + expected + " got " + got;
      case SKIPPED -> "skipped   " + name + ": " + got;
    };
  }
}

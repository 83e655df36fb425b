package org.memmap.core.sim.script;

import java.util.List;
import java.util.Objects;

/**
 * What a sim command printed: a result, optionally followed by lines ({@code show}), or {@code
 * blocked} with the way to retry it once something changed.
 */
public final class SimResult {
  /** How a blocked command is retried: returns its result, or {@link #blocked} again if still asleep. */
  @FunctionalInterface
  public interface Wakeup {
    /** Tries the command again. */
    SimResult retry();
  }

  private static final SimResult OK = new SimResult("ok", List.of(), null);

  private final String value;
  private final List<String> lines;
  private final Wakeup wakeup;

  private SimResult(String value, List<String> lines, Wakeup wakeup) {
    this.value = value;
    this.lines = List.copyOf(lines);
    this.wakeup = wakeup;
  }

  /** {@code ok}. */
  public static SimResult ok() {
    return OK;
  }

  /** A one-word or one-line result ({@code 0xc0001000}, {@code fault}). */
  public static SimResult of(String value) {
    return new SimResult(Objects.requireNonNull(value), List.of(), null);
  }

  /** A result followed by lines of state (what {@code show} prints). */
  public static SimResult withLines(String value, List<String> lines) {
    return new SimResult(Objects.requireNonNull(value), lines, null);
  }

  /** {@code error: message}: the kernel refused; the script goes on. */
  public static SimResult error(String message) {
    return new SimResult("error: " + message, List.of(), null);
  }

  /**
   * {@code blocked}: the command would sleep in the kernel; the task's later commands wait until
   * {@code wakeup} returns a result. The runner retries after every command that runs.
   */
  public static SimResult blocked(Wakeup wakeup) {
    return new SimResult("blocked", List.of(), Objects.requireNonNull(wakeup));
  }

  /** Whether the command sleeps. */
  public boolean isBlocked() {
    return wakeup != null;
  }

  /** The retry of a blocked command. */
  Wakeup wakeup() {
    return wakeup;
  }

  /** The text after {@code ->}. */
  public String value() {
    return value;
  }

  /** The lines printed after the command's line. */
  public List<String> lines() {
    return lines;
  }

  @Override
  public String toString() {
    return value;
  }
}

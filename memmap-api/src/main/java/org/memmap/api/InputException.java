package org.memmap.api;

/**
 * Input a caller gave is unusable: a value of a {@link Machine} (release, RAM, {@code .config},
 * command line, board fact, symbols), a file or a script line. The message speaks API terms: it
 * names the value, what was given and what is allowed, e.g. {@code CONFIG_HIGHMEM 'maybe':
 * expected y, m or n}. {@link #input()} says which input it was, so a front end can name its own
 * option for it (the CLI prints {@code --config} or {@code --set}).
 */
public class InputException extends MemmapException {
  private static final long serialVersionUID = 1L;

  /** Which input of a machine or a command an {@link InputException} is about. */
  public enum Input {
    /** {@link Machine#arch()}. */
    ARCH,
    /** {@link Machine#kernel()}. */
    KERNEL,
    /** {@link Machine#ram()} or a {@link RamRange}. */
    RAM,
    /** {@link Machine#config()}: a {@code .config} file or an option set on it. */
    CONFIG,
    /** {@link Machine#commandLine()}. */
    COMMAND_LINE,
    /** {@link Machine#boardFacts()}. */
    BOARD_FACT,
    /** {@link Machine#symbols()} or the {@code System.map} they came from. */
    SYMBOLS,
    /** {@link Machine#cma()}. */
    CMA,
    /** Anything else: an argument of an operation, a log, a script or another file. */
    OTHER
  }

  /** Which input this exception is about. */
  private final Input input;

  /** Creates an exception about an input other than a machine's ({@link Input#OTHER}). */
  public InputException(String message) {
    this(Input.OTHER, message, null);
  }

  /** Creates an exception about an input other than a machine's ({@link Input#OTHER}). */
  public InputException(String message, Throwable cause) {
    this(Input.OTHER, message, cause);
  }

  /** Creates an exception about {@code input}; the message names the value and what is allowed. */
  public InputException(Input input, String message) {
    this(input, message, null);
  }

  /** Creates an exception about {@code input}; the message names the value and what is allowed. */
  public InputException(Input input, String message, Throwable cause) {
    super(message, cause);
    this.input = input == null ? Input.OTHER : input;
  }

  /** Which input the message is about. */
  public Input input() {
    return input;
  }

  /**
   * A copy of {@code e} attributed to {@code input} (when {@code e} says {@link Input#OTHER}),
   * with the same message: for helpers that parse a value without knowing whose it is.
   */
  public static InputException about(Input input, InputException e) {
    if (e.input() != Input.OTHER || input == Input.OTHER) {
      return e;
    }
    return new InputException(input, e.getMessage(), e);
  }
}

package org.memmap.api;

/**
 * Input a user typed or a file a user passed is unusable: the message names the input (option,
 * file and line) and what was expected, e.g. {@code vmalloc=banana: expected a size such as 240M}.
 */
public class InputException extends MemmapException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception whose message names the input and what was expected. */
  public InputException(String message) {
    super(message);
  }

  /** Creates an exception whose message names the input and what was expected. */
  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}

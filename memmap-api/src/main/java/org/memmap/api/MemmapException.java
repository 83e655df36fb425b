package org.memmap.api;

/**
 * Base of every error memmap reports on purpose: bad input, unknown or broken architecture plugins,
 * and kernel outcomes such as exhausted address space. Messages name the input and what was
 * expected, or repeat the kernel's own words.
 */
public class MemmapException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with the given message. */
  public MemmapException(String message) {
    super(message);
  }

  /** Creates an exception with the given message and cause. */
  public MemmapException(String message, Throwable cause) {
    super(message, cause);
  }
}

package org.memmap.api;

/** No installed architecture plugin has the requested id or alias; the message lists those found. */
public class UnknownArchitectureException extends InputException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception naming the unknown id and what is installed. */
  public UnknownArchitectureException(String message) {
    super(Input.ARCH, message);
  }
}

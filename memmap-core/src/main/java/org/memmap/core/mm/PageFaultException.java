package org.memmap.core.mm;

import org.memmap.api.InputException;

/** An access through a virtual address that no valid translation covers; the message names it. */
public final class PageFaultException extends InputException {
  private static final long serialVersionUID = 1L;
  private final long vaddr;

  /** A fault at {@code vaddr}. */
  public PageFaultException(long vaddr, String message) {
    super(message);
    this.vaddr = vaddr;
  }

  /** The virtual address that faulted. */
  public long vaddr() {
    return vaddr;
  }
}

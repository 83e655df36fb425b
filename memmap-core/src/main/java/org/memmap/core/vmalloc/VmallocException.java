package org.memmap.core.vmalloc;

import org.memmap.api.MemmapException;

/**
 * A request the kernel's {@code mm/vmalloc.c} refuses (returns NULL or WARNs), with the kernel's
 * message: {@code vmap allocation for size 8392704 failed: use vmalloc=<size> to increase size},
 * {@code Trying to vfree() nonexistent vm area (0xf0800000)}.
 */
public final class VmallocException extends MemmapException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with the kernel's message. */
  public VmallocException(String message) {
    super(message);
  }
}

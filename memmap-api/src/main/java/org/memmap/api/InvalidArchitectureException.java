package org.memmap.api;

/**
 * An architecture plugin is broken: duplicate id, or a description that breaks an invariant core
 * checks (overlapping regions, a region past 4 GiB, a pkmap area not covered by one page table,
 * ...). The message names the plugin id, its class and the invariant.
 */
public class InvalidArchitectureException extends MemmapException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception naming the plugin and the broken invariant. */
  public InvalidArchitectureException(String message) {
    super(message);
  }
}

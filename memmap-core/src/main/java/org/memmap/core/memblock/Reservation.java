package org.memmap.core.memblock;

import java.util.Objects;

/**
 * One named boot-time reservation of the model, in whole pages.
 *
 * @param name the kernel's name for it ({@code kernel image}, {@code swapper_pg_dir}, {@code
 *     memmap})
 * @param pages the pages it keeps from the buddy allocator
 * @param source where its size comes from: the kernel function, and the input that sized it
 */
public record Reservation(String name, long pages, String source) {
  /** Checks the fields. */
  public Reservation {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(source, "source");
    if (pages < 0) {
      throw new IllegalArgumentException("reservation " + name + ": " + pages + " pages");
    }
  }
}

package org.memmap.api.spi;

import java.util.List;

/**
 * What the description says beside the numbers.
 *
 * @param warnings what the kernel would warn about for this input, in its words
 * @param notes what the plugin assumed where the input did not decide (memmap's words, not the
 *     kernel's), e.g. a per-machine constant of an old release
 */
public record Diagnostics(List<String> warnings, List<String> notes) {
  /** No warning, no note. */
  public static final Diagnostics NONE = new Diagnostics(List.of(), List.of());

  /** Copies the lists. */
  public Diagnostics {
    warnings = List.copyOf(warnings);
    notes = List.copyOf(notes);
  }

  /** The same diagnostics with these warnings. */
  public Diagnostics withWarnings(List<String> w) {
    return new Diagnostics(w, notes);
  }

  /** The same diagnostics with these notes. */
  public Diagnostics withNotes(List<String> n) {
    return new Diagnostics(warnings, n);
  }
}

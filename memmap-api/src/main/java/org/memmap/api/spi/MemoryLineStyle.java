package org.memmap.api.spi;

/** Which function prints the {@code Memory:} line in this release. */
public enum MemoryLineStyle {
  /** ARM's private {@code mem_init} (up to 3.10): per-bank MB list, then {@code free/total}. */
  ARM_LEGACY,
  /** x86-32's private {@code mem_init} (up to 3.10): {@code Memory: %luk/%luk available (...)}. */
  X86_LEGACY,
  /** The generic {@code mem_init_print_info} (3.11+). */
  GENERIC
}

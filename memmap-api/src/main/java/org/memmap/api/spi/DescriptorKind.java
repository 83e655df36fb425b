package org.memmap.api.spi;

/** What a page-table descriptor does with the walk: stop with a fault, descend, or end in memory. */
public enum DescriptorKind {
  /** Invalid / fault descriptor: the access faults at this level. */
  FAULT,
  /** Points at the next-level table. */
  TABLE,
  /** Maps a block larger than a page directly (ARM section, supersection, LPAE block, PSE page). */
  BLOCK,
  /** A last-level entry mapping a page (ARM small or large page, x86 4 KiB page). */
  PAGE
}

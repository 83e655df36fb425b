package org.memmap.core.pgtable;

import java.util.Locale;
import org.memmap.api.spi.DescriptorKind;

/**
 * One level of a walk: which entry was read and what it says.
 *
 * @param level the level's name ({@code pgd}, {@code pmd}, {@code pte})
 * @param index the index into the hardware table
 * @param entryPaddr where the entry lies in physical memory
 * @param entry its value
 * @param entryBytes 4 or 8
 * @param descriptor the descriptor kind's name ({@code section}, {@code page-table}, {@code 4M} ...)
 * @param kind what the walk did with it
 * @param fields the decoded fields, {@code NAME=value} separated by spaces
 */
public record WalkStep(
    String level, int index, long entryPaddr, long entry, int entryBytes, String descriptor,
    DescriptorKind kind, String fields) {

  /** {@code pgd[3072] @0x00007000 = 0x0001140e section}: the step on one line without fields. */
  public String brief() {
    return String.format(Locale.ROOT, "%s[%d]=0x%0" + (entryBytes * 2) + "x %s", level, index, entry, descriptor);
  }

  /** The step with its fields. */
  public String detail() {
    return String.format(Locale.ROOT, "%-4s index %4d  entry @0x%08x = 0x%0" + (entryBytes * 2) + "x  %s%s",
        level, index, entryPaddr, entry, descriptor, fields.isEmpty() ? "" : "  " + fields);
  }
}

package org.memmap.core.pgtable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.memmap.api.spi.UnmappedSegment;

/**
 * The result of walking the page tables for one virtual address, like crash's {@code vtop}: the
 * levels read, and either the physical address reached or the level and reason of the fault.
 *
 * @param vaddr the address walked
 * @param steps the levels read, top first
 * @param paddr the physical address, or -1 on a fault
 * @param faultLevel the level that faulted, or {@code null}
 * @param reason why it faulted, or {@code null}
 * @param segment the unmapped window that translated the address without tables (MIPS32 KSEG0),
 *     or {@code null} when the tables were walked
 */
public record Walk(
    long vaddr, List<WalkStep> steps, long paddr, String faultLevel, String reason, UnmappedSegment segment) {
  /** Copies the list; a walk through an unmapped window reads no table. */
  public Walk {
    steps = List.copyOf(steps);
    if (segment != null && (!steps.isEmpty() || paddr != segment.paddr(vaddr))) {
      throw new IllegalArgumentException("a walk through " + segment + " reads no table and reaches "
          + formatPaddr(segment.paddr(vaddr)));
    }
  }

  /** A walk through the tables. */
  public Walk(long vaddr, List<WalkStep> steps, long paddr, String faultLevel, String reason) {
    this(vaddr, steps, paddr, faultLevel, reason, null);
  }

  /** The translation of {@code vaddr} by the unmapped window {@code segment}. */
  public static Walk unmapped(long vaddr, UnmappedSegment segment) {
    return new Walk(vaddr, List.of(), segment.paddr(vaddr), null, null, segment);
  }

  /** Whether the access faults. */
  public boolean faulted() {
    return paddr < 0;
  }

  /** The physical address as the sim prints it: {@code 0x%08x}, wider above 4 GiB. */
  public static String formatPaddr(long paddr) {
    return String.format(Locale.ROOT, "0x%08x", paddr);
  }

  /** The walk on one line, levels separated by {@code " / "}, ending in the address or {@code fault}. */
  public String oneLine() {
    String levels = segment != null ? segment.rule()
        : steps.stream().map(WalkStep::brief).collect(Collectors.joining(" / "));
    String end = faulted() ? "fault" : formatPaddr(paddr);
    return levels.isEmpty() ? end : levels + " / " + end;
  }

  /** One line per level, then the physical address or the fault. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    if (segment != null) {
      out.add(segment.rule());
    }
    steps.forEach(s -> out.add(s.detail()));
    out.add(faulted()
        ? "fault at " + faultLevel + ": " + reason
        : "paddr " + formatPaddr(paddr) + " (pfn " + String.format(Locale.ROOT, "0x%x", paddr >>> 12) + ")");
    return out;
  }
}

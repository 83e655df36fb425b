package org.memmap.core.vmalloc;

import java.util.List;
import org.memmap.api.Addresses;

/**
 * One line of {@code /proc/vmallocinfo}, as {@code s_show()} of {@code mm/vmalloc.c} prints it and
 * {@code org.memmap.core.proc.VmallocInfo} reads it back.
 *
 * @param start the start address
 * @param end the exclusive end
 * @param caller the {@code %pS} caller, empty if none
 * @param pages {@code pages=}, 0 if absent
 * @param phys {@code phys=}, -1 if absent
 * @param flags the flag words in printed order
 * @param kind what the line is
 */
public record VmallocinfoLine(
    long start, long end, String caller, int pages, long phys, List<String> flags, Kind kind) {
  /** Copies the flags. */
  public VmallocinfoLine {
    flags = List.copyOf(flags);
    caller = caller == null ? "" : caller;
  }

  /** {@code end - start}, the size printed. */
  public long size() {
    return end - start;
  }

  /** Whether {@code vaddr} lies inside. */
  public boolean contains(long vaddr) {
    return vaddr >= start && vaddr < end;
  }

  /**
   * Whether {@code vaddr} lies in the guard page: the last page of a vmalloc area whose
   * pages fill all but that page.
   */
  public boolean inGuardPage(long vaddr) {
    return kind == Kind.AREA && pages > 0 && (long) pages * Addresses.PAGE_SIZE == size() - Addresses.PAGE_SIZE
        && vaddr >= end - Addresses.PAGE_SIZE && vaddr < end;
  }

  /** What one line describes. */
  public enum Kind {
    /** A {@code vm_struct} area. */
    AREA,
    /** A lazily freed range not yet purged. */
    UNPURGED,
    /** A {@code vm_map_ram} mapping without vm_struct. */
    VM_MAP_RAM
  }
}

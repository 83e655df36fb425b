package org.memmap.api.spi;

import java.util.Locale;
import org.memmap.api.Addresses;

/**
 * A window of the virtual address space that the CPU translates by a fixed offset, without page
 * tables or TLB: MIPS32's KSEG0 (cached) and KSEG1 (uncached), which both map {@code [0x80000000,
 * 0xa0000000)} and {@code [0xa0000000, 0xc0000000)} onto physical {@code [0, 0x20000000)} ({@code
 * arch/mips/include/asm/addrspace.h}: {@code KSEG0}, {@code KSEG1}, {@code CPHYSADDR(a) = a &
 * 0x1fffffff}). Core's walk and translate look here first; the kernel writes no page-table
 * entries for such a window, and nothing may be mapped into it.
 *
 * @param name the manual's name ({@code KSEG0}, {@code KSEG1})
 * @param vstart the first virtual address, page-aligned
 * @param vend the exclusive virtual end, page-aligned
 * @param physBase the physical address {@code vstart} reaches
 * @param cached whether accesses through the window are cached
 */
public record UnmappedSegment(String name, long vstart, long vend, long physBase, boolean cached) {
  /** Checks the window lies inside 4 GiB, is page-aligned and not empty. */
  public UnmappedSegment {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an unmapped segment needs a name");
    }
    if (vstart < 0 || vend > Addresses.ADDRESS_LIMIT || vstart >= vend
        || !Addresses.isAligned(vstart, Addresses.PAGE_SIZE) || !Addresses.isAligned(vend, Addresses.PAGE_SIZE)) {
      throw new IllegalArgumentException("unmapped segment " + name + " " + Addresses.hex(vstart) + "-"
          + Addresses.hex(vend) + " must be a non-empty page-aligned range inside 4 GiB");
    }
    if (physBase < 0 || !Addresses.isAligned(physBase, Addresses.PAGE_SIZE)) {
      throw new IllegalArgumentException("unmapped segment " + name + ": physical base "
          + Addresses.hex(physBase) + " must be page-aligned");
    }
  }

  /** Whether {@code vaddr} lies in the window. */
  public boolean contains(long vaddr) {
    return vaddr >= vstart && vaddr < vend;
  }

  /** Whether {@code [start, end)} overlaps the window. */
  public boolean overlaps(long start, long end) {
    return start < vend && vstart < end;
  }

  /** The physical address {@code vaddr} (inside the window) reaches. */
  public long paddr(long vaddr) {
    return vaddr - vstart + physBase;
  }

  /** The rule on one line: {@code unmapped segment KSEG0: pa = va - 0x80000000}. */
  public String rule() {
    String offset = physBase == 0
        ? String.format(Locale.ROOT, "va - 0x%08x", vstart)
        : String.format(Locale.ROOT, "va - 0x%08x + 0x%08x", vstart, physBase);
    return "unmapped segment " + name + (cached ? "" : " (uncached)") + ": pa = " + offset;
  }

  @Override
  public String toString() {
    return name + "[" + Addresses.hex(vstart) + "-" + Addresses.hex(vend) + " -> " + Addresses.hex(physBase) + "]";
  }
}

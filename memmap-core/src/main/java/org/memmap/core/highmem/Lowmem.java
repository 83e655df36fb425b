package org.memmap.core.highmem;

import static org.memmap.api.Addresses.PAGE_SHIFT;
import static org.memmap.api.Addresses.hex;

import java.util.List;
import java.util.Locale;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.RamRange;
import org.memmap.api.spi.ArchDescription;

/**
 * The linear map and the RAM the kernel knows: which pfns exist ({@code pfn_valid}), which are
 * highmem ({@code PageHighMem}: at or above {@code max_low_pfn}) and where a lowmem page is mapped
 * ({@code lowmem_page_address}: {@code __va(PFN_PHYS(pfn))}).
 *
 * @param pageOffset {@code PAGE_OFFSET}
 * @param physOffset {@code PHYS_OFFSET}: the physical address {@code PAGE_OFFSET} maps
 * @param lowmemLimit the exclusive physical end of lowmem ({@code max_low_pfn << PAGE_SHIFT})
 * @param memory the RAM ranges that hold pages, sorted and not overlapping
 */
public record Lowmem(long pageOffset, long physOffset, long lowmemLimit, List<RamRange> memory) {
  /** Checks the bounds and copies the list. */
  public Lowmem {
    memory = List.copyOf(memory);
    if (memory.isEmpty()) {
      throw new IllegalArgumentException("no RAM");
    }
    if (lowmemLimit <= physOffset) {
      throw new IllegalArgumentException(
          "lowmem limit " + hex(lowmemLimit) + " must lie above PHYS_OFFSET " + hex(physOffset));
    }
    if (lowmemLimit - physOffset + pageOffset > Addresses.ADDRESS_LIMIT) {
      throw new IllegalArgumentException("lowmem " + hex(physOffset) + "-" + hex(lowmemLimit)
          + " does not fit above PAGE_OFFSET " + hex(pageOffset));
    }
    for (int i = 1; i < memory.size(); i++) {
      if (memory.get(i).base() < memory.get(i - 1).end()) {
        throw new IllegalArgumentException("RAM ranges must be sorted and disjoint: " + memory);
      }
    }
  }

  /** The linear map and RAM of a described machine. */
  public static Lowmem of(ArchDescription d) {
    return new Lowmem(d.pageOffset(), d.physOffset(), d.lowmemLimit(), d.memory());
  }

  /** {@code max_low_pfn}: the first pfn that is not lowmem. */
  public long maxLowPfn() {
    return lowmemLimit >>> PAGE_SHIFT;
  }

  /** {@code high_memory}: the virtual end of the linear map. */
  public long highMemory() {
    return lowmemLimit - physOffset + pageOffset;
  }

  /** Whether a whole page of RAM has this pfn ({@code pfn_valid}, holes excluded). */
  public boolean pfnValid(long pfn) {
    if (pfn < 0 || pfn >= (Addresses.PHYS_LIMIT >>> PAGE_SHIFT)) {
      return false;
    }
    for (RamRange r : memory) {
      if (pfn >= Addresses.pfnUp(r.base()) && pfn < Addresses.pfnDown(r.end())) {
        return true;
      }
    }
    return false;
  }

  /** {@code PageHighMem}: the page lies at or above {@code max_low_pfn}. */
  public boolean isHighmem(long pfn) {
    return pfn >= maxLowPfn();
  }

  /** {@code lowmem_page_address(pfn_to_page(pfn))}; the pfn must be lowmem. */
  public long lowmemPageAddress(long pfn) {
    return (pfn << PAGE_SHIFT) - physOffset + pageOffset;
  }

  /** Whether {@code vaddr} lies in the linear map {@code [PAGE_OFFSET, high_memory)}. */
  public boolean isLinear(long vaddr) {
    return vaddr >= pageOffset && vaddr < highMemory();
  }

  /** {@code virt_to_pfn(vaddr)} for a linear-map address. */
  public long virtToPfn(long vaddr) {
    return (vaddr - pageOffset + physOffset) >>> PAGE_SHIFT;
  }

  /**
   * Checks a pfn a caller passed.
   *
   * @throws InputException naming the pfn and the RAM if no page of RAM has it
   */
  long checkPfn(long pfn, String what) {
    if (!pfnValid(pfn)) {
      throw new InputException(String.format(Locale.ROOT,
          "%s: pfn %#x is not a page of RAM (RAM is %s)", what, pfn, memory));
    }
    return pfn;
  }
}

package org.memmap.api.spi;

import static org.memmap.api.Addresses.PAGE_SHIFT;

import java.util.List;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.RamRange;

/**
 * The linear map and the RAM behind it: the one place memmap writes {@code __pa}, {@code __va},
 * {@code pfn_valid} and {@code high_memory} ({@code arch/*}{@code /include/asm/memory.h} or
 * {@code page.h}, {@code include/linux/mm.h}). Every mechanism in core, the layout and the
 * simulated kernel use this value.
 *
 * <p>The record does not check its values: core's description validator does, naming the plugin
 * (lowmem limit above {@code PHYS_OFFSET}, {@code high_memory} inside 4 GiB, RAM sorted and
 * disjoint).
 *
 * @param pageOffset {@code PAGE_OFFSET}
 * @param physOffset {@code PHYS_OFFSET}: the physical address {@code PAGE_OFFSET} maps
 * @param lowmemLimit the exclusive physical end of lowmem ({@code arm_lowmem_limit}, {@code
 *     max_low_pfn << PAGE_SHIFT})
 * @param memory physical memory as the kernel keeps it after its own clipping ({@code mem=},
 *     {@code highmem=}, highmem dropped without {@code CONFIG_HIGHMEM}, 4 GiB limits): the ranges
 *     that become present pages, sorted
 */
public record LinearMap(long pageOffset, long physOffset, long lowmemLimit, List<RamRange> memory) {
  /** Copies the list. */
  public LinearMap {
    memory = List.copyOf(memory);
  }

  /** The same map with another lowmem limit. */
  public LinearMap withLowmemLimit(long limit) {
    return new LinearMap(pageOffset, physOffset, limit, memory);
  }

  /** The same map over other RAM. */
  public LinearMap withMemory(List<RamRange> ram) {
    return new LinearMap(pageOffset, physOffset, lowmemLimit, ram);
  }

  /** {@code high_memory}: the virtual end of lowmem, {@code __va(lowmemLimit - 1) + 1}. */
  public long highMemory() {
    return lowmemLimit - physOffset + pageOffset;
  }

  /** {@code max_low_pfn}: the first pfn that is not lowmem. */
  public long maxLowPfn() {
    return lowmemLimit >>> PAGE_SHIFT;
  }

  /** Whether {@code vaddr} lies in the linear map {@code [PAGE_OFFSET, high_memory)}. */
  public boolean isLinear(long vaddr) {
    return vaddr >= pageOffset && vaddr < highMemory();
  }

  /** Whether {@code paddr} is lowmem: {@code [PHYS_OFFSET, lowmem limit)}. */
  public boolean isLowmemPhys(long paddr) {
    return paddr >= physOffset && paddr < lowmemLimit;
  }

  /**
   * {@code __pa(vaddr) = vaddr - PAGE_OFFSET + PHYS_OFFSET}.
   *
   * @throws InputException if {@code vaddr} is not in lowmem
   */
  public long pa(long vaddr) {
    if (!isLinear(vaddr)) {
      throw new InputException(
          Addresses.hex(vaddr) + " is not a lowmem address (lowmem is " + Addresses.hex(pageOffset)
              + "-" + Addresses.hex(highMemory()) + ")");
    }
    return vaddr - pageOffset + physOffset;
  }

  /**
   * {@code __va(paddr) = paddr - PHYS_OFFSET + PAGE_OFFSET}.
   *
   * @throws InputException if {@code paddr} is not in lowmem
   */
  public long va(long paddr) {
    if (!isLowmemPhys(paddr)) {
      throw new InputException(
          Addresses.hex(paddr) + " is not a lowmem physical address (lowmem is "
              + Addresses.hex(physOffset) + "-" + Addresses.hex(lowmemLimit) + ")");
    }
    return paddr - physOffset + pageOffset;
  }

  /** {@code virt_to_pfn(vaddr)} of a linear-map address, unchecked (the hot path of kmap). */
  public long virtToPfn(long vaddr) {
    return (vaddr - pageOffset + physOffset) >>> PAGE_SHIFT;
  }

  /** {@code lowmem_page_address(pfn_to_page(pfn))}, unchecked; the pfn must be lowmem. */
  public long lowmemPageAddress(long pfn) {
    return (pfn << PAGE_SHIFT) - physOffset + pageOffset;
  }

  /** {@code PageHighMem}: the page lies at or above {@code max_low_pfn}. */
  public boolean isHighmem(long pfn) {
    return pfn >= maxLowPfn();
  }

  /** {@code pfn_valid}: whether a whole page of RAM has this pfn (holes excluded). */
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

  @Override
  public String toString() {
    return "LinearMap[PAGE_OFFSET " + Addresses.hex(pageOffset) + ", PHYS_OFFSET "
        + Addresses.hex(physOffset) + ", lowmem limit " + Addresses.hex(lowmemLimit) + ", " + memory + "]";
  }
}

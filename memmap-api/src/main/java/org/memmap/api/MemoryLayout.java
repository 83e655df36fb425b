package org.memmap.api;

import java.util.List;
import java.util.Optional;
import org.memmap.api.spi.ArchDescription;

/**
 * A machine's memory map as its kernel computes it at boot: the architecture's description
 * (regions, constants) plus what generic {@code mm/} code derives from it: the zones, their page
 * counts, {@code Total pages}, and the figures of the {@code Memory:} line and {@code
 * /proc/meminfo} that follow from the input.
 *
 * @param machine what the kernel was given
 * @param description what the architecture plugin says about it
 * @param zones the zones DMA, Normal, HighMem that this kernel has, in that order (empty zones
 *     included)
 * @param totalPages {@code vm_total_pages} as {@code Built N zonelists ... Total pages:} prints it
 * @param physPages pages of RAM present ({@code get_num_physpages()}); the {@code Memory:} total
 * @param highmemFreePages highmem pages given to the page allocator at {@code mem_init} time: the
 *     {@code Memory:} line's highmem figure (CMA inside highmem excluded)
 * @param highTotalPages highmem pages as {@code /proc/meminfo HighTotal} counts them (CMA
 *     included)
 * @param warnings what the kernel would warn about for this input, in its words
 */
public record MemoryLayout(
    Machine machine,
    ArchDescription description,
    List<Zone> zones,
    long totalPages,
    long physPages,
    long highmemFreePages,
    long highTotalPages,
    List<String> warnings) {

  /** Copies the lists. */
  public MemoryLayout {
    zones = List.copyOf(zones);
    warnings = List.copyOf(warnings);
  }

  /** {@code PAGE_OFFSET}. */
  public long pageOffset() {
    return description.pageOffset();
  }

  /** {@code PHYS_OFFSET}. */
  public long physOffset() {
    return description.physOffset();
  }

  /** {@code high_memory}. */
  public long highMemory() {
    return description.highMemory();
  }

  /** Every virtual region, banner regions first in banner order. */
  public List<Region> regions() {
    return description.regions();
  }

  /** The region called {@code name}, if any. */
  public Optional<Region> region(String name) {
    return description.region(name);
  }

  /** The zone of {@code type}, if this kernel has it. */
  public Optional<Zone> zone(ZoneType type) {
    return zones.stream().filter(z -> z.type() == type).findFirst();
  }

  /** {@code VmallocTotal} of {@code /proc/meminfo} in kB. */
  public long vmallocTotalKb() {
    return description.region(RegionKind.VMALLOC).map(r -> r.size() >> 10).orElse(0L);
  }

  /**
   * Translates a lowmem virtual address: {@code __pa(vaddr)} ({@link
   * org.memmap.api.spi.LinearMap#pa}).
   *
   * @throws InputException if {@code vaddr} is not in lowmem
   */
  public long virtToPhys(long vaddr) {
    return description.linearMap().pa(vaddr);
  }

  /**
   * The lowmem virtual address of a physical address: {@code __va(paddr)} ({@link
   * org.memmap.api.spi.LinearMap#va}).
   *
   * @throws InputException if {@code paddr} is not in lowmem
   */
  public long physToVirt(long paddr) {
    return description.linearMap().va(paddr);
  }
}

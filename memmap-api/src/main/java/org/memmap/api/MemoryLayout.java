package org.memmap.api;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
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
 *
 * <p>The figures the boot banner prints have named accessors, so a program never needs the
 * plugin's {@link ArchDescription}:
 *
 * <pre>{@code
 * MemoryLayout layout = MemMap.layout("arm");
 * long vmallocStart = layout.vmallocStart();              // VMALLOC_START
 * long pkmapBase = layout.pkmapBase().orElseThrow();      // PKMAP_BASE (CONFIG_HIGHMEM only)
 * Region modules = layout.region(RegionKind.MODULES).orElseThrow();
 * }</pre>
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

  /** The first region of {@code kind}, if this machine has one (e.g. no pkmap without highmem). */
  public Optional<Region> region(RegionKind kind) {
    return description.region(kind);
  }

  /** The architecture plugin's id, e.g. {@code arm}. */
  public String arch() {
    return description.arch();
  }

  /** The kernel release laid out. */
  public KernelVersion kernel() {
    return description.kernel();
  }

  /** The physical RAM the kernel uses (after {@code mem=}, {@code memmap=} and the like). */
  public List<RamRange> memory() {
    return description.memory();
  }

  /**
   * The physical end of lowmem: {@code __pa(high_memory - 1) + 1}; RAM at or above it is highmem.
   */
  public long lowmemLimit() {
    return description.lowmemLimit();
  }

  /** {@code max_low_pfn}: the first page frame that is not lowmem. */
  public long maxLowPfn() {
    return Addresses.pfnDown(description.lowmemLimit());
  }

  /** {@code VMALLOC_START}: the start of the banner's {@code vmalloc} line. */
  public long vmallocStart() {
    return vmalloc().start();
  }

  /** {@code VMALLOC_END}: the end of the banner's {@code vmalloc} line. */
  public long vmallocEnd() {
    return vmalloc().end();
  }

  private Region vmalloc() {
    return region(RegionKind.VMALLOC).orElseThrow(
        () -> new IllegalStateException(description.arch() + ": the layout has no vmalloc region"));
  }

  /** {@code PKMAP_BASE}, when the kernel has {@code CONFIG_HIGHMEM}. */
  public OptionalLong pkmapBase() {
    return description.pkmapSpec().map(p -> OptionalLong.of(p.pkmapBase())).orElse(OptionalLong.empty());
  }

  /** {@code LAST_PKMAP}, the number of permanent kmap slots, when the kernel has {@code CONFIG_HIGHMEM}. */
  public OptionalInt lastPkmap() {
    return description.pkmapSpec().map(p -> OptionalInt.of(p.lastPkmap())).orElse(OptionalInt.empty());
  }

  /** {@code FIXADDR_START}: the start of the banner's {@code fixmap} line, if it prints one. */
  public OptionalLong fixaddrStart() {
    return start(RegionKind.FIXMAP);
  }

  /** {@code MODULES_VADDR}, where the architecture has a module area of its own (ARM). */
  public OptionalLong modulesStart() {
    return start(RegionKind.MODULES);
  }

  /** {@code MODULES_END}, where the architecture has a module area of its own (ARM). */
  public OptionalLong modulesEnd() {
    return region(RegionKind.MODULES).map(r -> OptionalLong.of(r.end())).orElse(OptionalLong.empty());
  }

  private OptionalLong start(RegionKind kind) {
    return region(kind).map(r -> OptionalLong.of(r.start())).orElse(OptionalLong.empty());
  }

  /** Whether the page frame {@code pfn} is RAM above lowmem: a page only kmap can reach. */
  public boolean isHighmem(long pfn) {
    return pfn >= maxLowPfn()
        && memory().stream().anyMatch(r -> r.contains(pfn << Addresses.PAGE_SHIFT));
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

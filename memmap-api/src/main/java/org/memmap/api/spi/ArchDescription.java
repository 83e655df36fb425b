package org.memmap.api.spi;

import java.util.List;
import java.util.Optional;
import org.memmap.api.Addresses;
import org.memmap.api.KernelVersion;
import org.memmap.api.RamRange;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;

/**
 * What an architecture plugin says about one machine under one kernel release: the values of its
 * {@code asm/} constants and {@code arch/*}{@code /mm} formulas, as data. Core validates it (no
 * overlapping regions, everything inside 4 GiB, pkmap inside one page table, banner lines naming
 * regions that exist) and computes the rest.
 *
 * @param arch the plugin id
 * @param kernel the release described
 * @param pageOffset {@code PAGE_OFFSET}
 * @param physOffset {@code PHYS_OFFSET}: the physical address {@code PAGE_OFFSET} maps
 * @param memory physical memory as the kernel keeps it after its own clipping ({@code mem=},
 *     {@code highmem=}, highmem dropped without {@code CONFIG_HIGHMEM}, 4 GiB limits): the ranges
 *     that become present pages, sorted
 * @param lowmemLimit the exclusive physical end of lowmem ({@code arm_lowmem_limit}, {@code
 *     max_low_pfn << PAGE_SHIFT})
 * @param regions every virtual region, the banner's in banner order first; end exclusive
 * @param imageSections the kernel image sections this release's banner prints and the symbols
 *     that bound them, whether or not the machine knows the symbols
 * @param buildInputs banner regions whose addresses depend on build details the description
 *     cannot know for sure (x86's fixmap and cpu_entry), and the board facts that set them
 * @param banner the boot banner of this release
 * @param memoryLine which function prints the {@code Memory:} line
 * @param printsLowHighAvailable whether the arch prints {@code NMB HIGHMEM available.} and {@code
 *     NMB LOWMEM available.} (x86-32)
 * @param zoneRules how memory is cut into zones
 * @param pkmap the pkmap window, or {@code null} without {@code CONFIG_HIGHMEM}
 * @param kmapLocal where kmap_atomic / kmap_local slots live
 * @param pageTables the page-table format
 * @param warnings what the kernel would warn about for this input, in its words
 * @param notes what the plugin assumed where the input did not decide (memmap's words, not the
 *     kernel's), e.g. a per-machine constant of an old release
 * @param vmalloc the vmalloc / ioremap / module_alloc constants, or {@code null} for the generic
 *     kernel's ({@link VmallocSpec#generic})
 */
public record ArchDescription(
    String arch,
    KernelVersion kernel,
    long pageOffset,
    long physOffset,
    List<RamRange> memory,
    long lowmemLimit,
    List<Region> regions,
    List<ImageSection> imageSections,
    List<BuildInput> buildInputs,
    BannerSpec banner,
    MemoryLineStyle memoryLine,
    boolean printsLowHighAvailable,
    ZoneRules zoneRules,
    PkmapSpec pkmap,
    KmapLocalSpec kmapLocal,
    PageTableFormat pageTables,
    List<String> warnings,
    List<String> notes,
    VmallocSpec vmalloc) {

  /** Copies the lists. */
  public ArchDescription {
    memory = List.copyOf(memory);
    regions = List.copyOf(regions);
    imageSections = List.copyOf(imageSections);
    buildInputs = List.copyOf(buildInputs);
    warnings = List.copyOf(warnings);
    notes = List.copyOf(notes);
  }

  /** A description with the generic kernel's vmalloc constants ({@code vmalloc} {@code null}). */
  public ArchDescription(
      String arch,
      KernelVersion kernel,
      long pageOffset,
      long physOffset,
      List<RamRange> memory,
      long lowmemLimit,
      List<Region> regions,
      List<ImageSection> imageSections,
      List<BuildInput> buildInputs,
      BannerSpec banner,
      MemoryLineStyle memoryLine,
      boolean printsLowHighAvailable,
      ZoneRules zoneRules,
      PkmapSpec pkmap,
      KmapLocalSpec kmapLocal,
      PageTableFormat pageTables,
      List<String> warnings,
      List<String> notes) {
    this(arch, kernel, pageOffset, physOffset, memory, lowmemLimit, regions, imageSections,
        buildInputs, banner, memoryLine, printsLowHighAvailable, zoneRules, pkmap, kmapLocal,
        pageTables, warnings, notes, null);
  }

  /** {@code high_memory}: the virtual end of lowmem, {@code __va(lowmemLimit - 1) + 1}. */
  public long highMemory() {
    return lowmemLimit - physOffset + pageOffset;
  }

  /** The region called {@code name}, if described. */
  public Optional<Region> region(String name) {
    return regions.stream().filter(r -> r.name().equals(name)).findFirst();
  }

  /** The first region of {@code kind}, if described. */
  public Optional<Region> region(RegionKind kind) {
    return regions.stream().filter(r -> r.kind() == kind).findFirst();
  }

  /**
   * The vmalloc constants: the plugin's, or the generic kernel's over the {@code vmalloc} region
   * when the plugin gave none.
   */
  public VmallocSpec vmallocSpec() {
    if (vmalloc != null) {
      return vmalloc;
    }
    Region r = region(RegionKind.VMALLOC).orElseThrow(
        () -> new IllegalStateException(arch + ": the description has no vmalloc region"));
    return VmallocSpec.generic(r.start(), r.end());
  }

  /** The pkmap window, when the kernel has {@code CONFIG_HIGHMEM}. */
  public Optional<PkmapSpec> pkmapSpec() {
    return Optional.ofNullable(pkmap);
  }

  @Override
  public String toString() {
    return "ArchDescription[" + arch + " " + kernel + ", PAGE_OFFSET " + Addresses.hex(pageOffset)
        + ", lowmem limit " + Addresses.hex(lowmemLimit) + ", " + regions + "]";
  }
}

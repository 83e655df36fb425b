package org.memmap.api.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.memmap.api.Addresses;
import org.memmap.api.KernelVersion;
import org.memmap.api.RamRange;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;

/**
 * What an architecture plugin says about one machine under one kernel release: the values of its
 * {@code asm/} constants and {@code arch/*}{@code /mm} formulas, as data, in kernel-shaped parts.
 * Core validates it (no overlapping regions, everything inside 4 GiB, pkmap inside one page table,
 * banner lines naming regions that exist) and computes the rest.
 *
 * <pre>{@code
 * return new ArchDescription("arm", v,
 *     new LinearMap(pageOffset, physOffset, lowmemLimit, ram),
 *     regions,
 *     BootOutput.of(banner, MemoryLineStyle.GENERIC).withImageSections(sections),
 *     Mechanisms.of(kmapLocal, tables).withPkmap(pkmap).withVmalloc(vmallocSpec),
 *     new ZoneRules(dmaLimit, highmem, structPage),
 *     new Diagnostics(warnings, notes));
 * }</pre>
 *
 * @param arch the plugin id
 * @param kernel the release described
 * @param linearMap {@code PAGE_OFFSET}, {@code PHYS_OFFSET}, the lowmem limit and the RAM
 * @param regions every virtual region, the banner's in banner order first; end exclusive
 * @param boot what the release prints at boot (banner, {@code Memory:} line, image sections)
 * @param mechanisms pkmap, kmap_local, vmalloc constants and the page-table format
 * @param zoneRules how memory is cut into zones
 * @param diagnostics the kernel's warnings and the plugin's notes
 */
public record ArchDescription(
    String arch,
    KernelVersion kernel,
    LinearMap linearMap,
    List<Region> regions,
    BootOutput boot,
    Mechanisms mechanisms,
    ZoneRules zoneRules,
    Diagnostics diagnostics) {

  /** Copies the list; no part may be null. */
  public ArchDescription {
    Objects.requireNonNull(linearMap, "linearMap");
    Objects.requireNonNull(boot, "boot");
    Objects.requireNonNull(mechanisms, "mechanisms");
    Objects.requireNonNull(zoneRules, "zoneRules");
    Objects.requireNonNull(diagnostics, "diagnostics");
    regions = List.copyOf(regions);
  }

  /** The same description with another linear map. */
  public ArchDescription withLinearMap(LinearMap l) {
    return new ArchDescription(arch, kernel, l, regions, boot, mechanisms, zoneRules, diagnostics);
  }

  /** The same description with other regions. */
  public ArchDescription withRegions(List<Region> r) {
    return new ArchDescription(arch, kernel, linearMap, r, boot, mechanisms, zoneRules, diagnostics);
  }

  /** The same description with another boot output. */
  public ArchDescription withBoot(BootOutput b) {
    return new ArchDescription(arch, kernel, linearMap, regions, b, mechanisms, zoneRules, diagnostics);
  }

  /** The same description with other mechanisms. */
  public ArchDescription withMechanisms(Mechanisms m) {
    return new ArchDescription(arch, kernel, linearMap, regions, boot, m, zoneRules, diagnostics);
  }

  /** The same description with other zone rules. */
  public ArchDescription withZoneRules(ZoneRules z) {
    return new ArchDescription(arch, kernel, linearMap, regions, boot, mechanisms, z, diagnostics);
  }

  /** The same description with other diagnostics. */
  public ArchDescription withDiagnostics(Diagnostics d) {
    return new ArchDescription(arch, kernel, linearMap, regions, boot, mechanisms, zoneRules, d);
  }

  /** {@code PAGE_OFFSET} ({@link LinearMap#pageOffset}). */
  public long pageOffset() {
    return linearMap.pageOffset();
  }

  /** {@code PHYS_OFFSET} ({@link LinearMap#physOffset}). */
  public long physOffset() {
    return linearMap.physOffset();
  }

  /** The exclusive physical end of lowmem ({@link LinearMap#lowmemLimit}). */
  public long lowmemLimit() {
    return linearMap.lowmemLimit();
  }

  /** The RAM that becomes present pages ({@link LinearMap#memory}). */
  public List<RamRange> memory() {
    return linearMap.memory();
  }

  /** {@code high_memory} ({@link LinearMap#highMemory}). */
  public long highMemory() {
    return linearMap.highMemory();
  }

  /** The boot banner ({@link BootOutput#banner}). */
  public BannerSpec banner() {
    return boot.banner();
  }

  /** The pkmap window, when the kernel has {@code CONFIG_HIGHMEM} ({@link Mechanisms#pkmap}). */
  public Optional<PkmapSpec> pkmapSpec() {
    return mechanisms.pkmap();
  }

  /** Where the kmap_atomic / kmap_local slots live ({@link Mechanisms#kmapLocal}). */
  public KmapLocalSpec kmapLocal() {
    return mechanisms.kmapLocal();
  }

  /** The page-table format ({@link Mechanisms#pageTables}). */
  public PageTableFormat pageTables() {
    return mechanisms.pageTables();
  }

  /** What the kernel would warn about ({@link Diagnostics#warnings}). */
  public List<String> warnings() {
    return diagnostics.warnings();
  }

  /** What the plugin assumed ({@link Diagnostics#notes}). */
  public List<String> notes() {
    return diagnostics.notes();
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
    return mechanisms.vmalloc().orElseGet(() -> {
      Region r = region(RegionKind.VMALLOC).orElseThrow(
          () -> new IllegalStateException(arch + ": the description has no vmalloc region"));
      return VmallocSpec.generic(r.start(), r.end());
    });
  }

  @Override
  public String toString() {
    return "ArchDescription[" + arch + " " + kernel + ", PAGE_OFFSET " + Addresses.hex(pageOffset())
        + ", lowmem limit " + Addresses.hex(lowmemLimit()) + ", " + regions + "]";
  }
}

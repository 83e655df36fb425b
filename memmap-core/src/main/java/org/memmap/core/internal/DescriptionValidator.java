package org.memmap.core.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.memmap.api.Addresses;
import org.memmap.api.InvalidArchitectureException;
import org.memmap.api.RamRange;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.BannerLine;
import org.memmap.api.spi.KmapProvider;
import org.memmap.api.spi.LinearMap;
import org.memmap.api.spi.PageTableLevel;
import org.memmap.api.spi.PkmapSpec;
import org.memmap.api.spi.UnmappedSegment;

/**
 * The one check of a plugin's {@link ArchDescription}: core runs it before it computes with a
 * description ({@link #validate}), and the conformance kit ({@code org.memmap.testkit}, the only
 * module this package is exported to) lists every problem it finds ({@link #problems}). Each
 * problem says what is wrong and what the kernel has instead.
 */
public final class DescriptionValidator {
  /** The one rule for plugin ids and aliases: lower case, {@code [a-z][a-z0-9_-]*}. */
  public static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]*");

  /** The regions every banner prints when the description has them. */
  private static final List<RegionKind> BANNER_KINDS =
      List.of(RegionKind.FIXMAP, RegionKind.VMALLOC, RegionKind.LOWMEM, RegionKind.PKMAP);

  private DescriptionValidator() {}

  /** Whether {@code id} is a valid plugin id or alias ({@link #ID}). */
  public static boolean isValidId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /**
   * Validates {@code d}, which {@code provider} returned.
   *
   * @throws InvalidArchitectureException naming the plugin, its class and the first problem
   */
  public static ArchDescription validate(KmapProvider provider, ArchDescription d) {
    String who = "architecture plugin " + provider.id() + " (" + provider.getClass().getName() + ")";
    if (d == null) {
      throw new InvalidArchitectureException(who + ": describe() returned null");
    }
    if (!provider.id().equals(d.arch())) {
      throw new InvalidArchitectureException(
          who + ": description is for arch '" + d.arch() + "', not '" + provider.id() + "'");
    }
    List<String> problems = collect(d, false);
    if (!problems.isEmpty()) {
      throw new InvalidArchitectureException(who + ": " + problems.get(0));
    }
    return d;
  }

  /**
   * Every problem of {@code d}, one message each, in the order memory, regions, unmapped
   * segments, pkmap, banner: what core refuses ({@link #validate}) and what the conformance kit
   * asks of a plugin besides (regions inside 4 GiB, no pkmap region without {@code
   * CONFIG_HIGHMEM}, a banner that prints fixmap, vmalloc, lowmem and pkmap once each).
   */
  public static List<String> problems(ArchDescription d) {
    return collect(d, true);
  }

  /** The problems; {@code conformance} adds the kit's rules to what core refuses. */
  private static List<String> collect(ArchDescription d, boolean conformance) {
    List<String> out = new ArrayList<>();
    memoryProblems(d.linearMap(), out);
    List<PageTableLevel> levels = d.pageTables().levels();
    long topGranule = 1L << levels.get(0).shift();
    if (!Addresses.isAligned(d.pageOffset(), Math.min(topGranule, 1L << 21))) {
      out.add("PAGE_OFFSET " + Addresses.hex(d.pageOffset()) + " is not aligned to a top-level entry");
    }
    regionProblems(d, conformance, out);
    unmappedSegmentProblems(d, out);
    pkmapProblems(d, conformance, out);
    bannerProblems(d, conformance, out);
    return out;
  }

  private static void memoryProblems(LinearMap l, List<String> out) {
    if (l.memory().isEmpty()) {
      out.add("no physical memory left to describe");
      return;
    }
    RamRange prev = null;
    for (RamRange r : l.memory()) {
      if (prev != null && prev.end() > r.base()) {
        out.add("memory ranges " + prev + " and " + r + " overlap or are unsorted");
      }
      prev = r;
    }
    if (l.lowmemLimit() <= l.physOffset()) {
      out.add("lowmem limit " + Addresses.hex(l.lowmemLimit()) + " is not above PHYS_OFFSET "
          + Addresses.hex(l.physOffset()));
    }
    if (l.highMemory() > Addresses.ADDRESS_LIMIT) {
      out.add("high_memory " + Addresses.hex(l.highMemory()) + " lies past 4 GiB");
    }
  }

  /**
   * Regions unique and inside 4 GiB, not overlapping (kernel image sections may nest in lowmem
   * or modules, modules in vmalloc); lowmem is {@code [PAGE_OFFSET, high_memory)}; a vmalloc
   * region exists.
   */
  private static void regionProblems(ArchDescription d, boolean conformance, List<String> out) {
    Set<String> names = new HashSet<>();
    List<Region> regions = d.regions();
    for (Region r : regions) {
      if (!names.add(r.name())) {
        out.add("two regions are called '" + r.name() + "'; region names must be unique");
      }
      if (conformance && r.end() > Addresses.ADDRESS_LIMIT) {
        out.add("region " + r + " ends past 4 GiB");
      }
    }
    for (int i = 0; i < regions.size(); i++) {
      for (int j = i + 1; j < regions.size(); j++) {
        Region a = regions.get(i);
        Region b = regions.get(j);
        if (a.size() > 0 && b.size() > 0 && a.overlaps(b) && !nests(a, b) && !nests(b, a)) {
          out.add("regions " + a + " and " + b + " overlap; only kernel image sections"
              + " may lie inside lowmem or modules, and modules inside vmalloc");
        }
      }
    }
    Optional<Region> lowmem = d.region(RegionKind.LOWMEM);
    if (lowmem.isEmpty()) {
      out.add("the description has no lowmem region (RegionKind.LOWMEM); add PAGE_OFFSET..high_memory");
    } else if (lowmem.get().start() != d.pageOffset() || lowmem.get().end() != d.highMemory()) {
      out.add("lowmem region " + lowmem.get() + " must be [PAGE_OFFSET " + Addresses.hex(d.pageOffset())
          + ", high_memory " + Addresses.hex(d.highMemory()) + ")");
    }
    if (d.region(RegionKind.VMALLOC).isEmpty()) {
      out.add("the description has no vmalloc region (RegionKind.VMALLOC); add VMALLOC_START..VMALLOC_END");
    }
  }

  /** Kernel image sections live inside lowmem or modules; modules (x86) inside vmalloc space. */
  private static boolean nests(Region inner, Region outer) {
    boolean allowed =
        (inner.kind() == RegionKind.KERNEL_IMAGE
                && (outer.kind() == RegionKind.LOWMEM || outer.kind() == RegionKind.MODULES))
            || (inner.kind() == RegionKind.MODULES && outer.kind() == RegionKind.VMALLOC);
    return allowed && inner.start() >= outer.start() && inner.end() <= outer.end();
  }

  /**
   * An unmapped window (MIPS32 KSEG0) either holds all of lowmem and translates it as {@code
   * __pa()} does, or stays clear of it; the regions the kernel maps through page tables (vmalloc,
   * pkmap, fixmap, modules) stay clear of every window.
   */
  private static void unmappedSegmentProblems(ArchDescription d, List<String> out) {
    long lowStart = d.pageOffset();
    long lowEnd = d.highMemory();
    for (UnmappedSegment s : d.pageTables().hardware().unmapped()) {
      if (s.overlaps(lowStart, lowEnd)) {
        if (lowStart < s.vstart() || lowEnd > s.vend()) {
          out.add("lowmem " + Addresses.hex(lowStart) + "-" + Addresses.hex(lowEnd)
              + " lies only partly in the unmapped segment " + s + "; cut lowmem at its end");
        } else if (s.paddr(lowStart) != d.physOffset()) {
          out.add("the unmapped segment " + s + " translates PAGE_OFFSET " + Addresses.hex(lowStart)
              + " to " + Addresses.hex(s.paddr(lowStart)) + ", not to PHYS_OFFSET " + Addresses.hex(d.physOffset()));
        }
      }
      for (Region r : d.regions()) {
        boolean mapped = r.kind() == RegionKind.VMALLOC || r.kind() == RegionKind.PKMAP
            || r.kind() == RegionKind.FIXMAP || r.kind() == RegionKind.MODULES;
        if (mapped && r.size() > 0 && s.overlaps(r.start(), r.end())) {
          out.add("region " + r + " overlaps the unmapped segment " + s + ", where no page table can map it");
        }
      }
    }
  }

  /**
   * With {@code CONFIG_HIGHMEM} the pkmap region is {@code PKMAP_BASE + LAST_PKMAP} pages and lies
   * in one page table ({@code pkmap_page_table}); without it there is no pkmap region.
   */
  private static void pkmapProblems(ArchDescription d, boolean conformance, List<String> out) {
    Optional<PkmapSpec> spec = d.pkmapSpec();
    Optional<Region> region = d.region(RegionKind.PKMAP);
    if (spec.isEmpty()) {
      region.filter(r -> conformance).ifPresent(r -> out.add("the description has a pkmap region but no PkmapSpec; a kernel"
          + " without CONFIG_HIGHMEM has no pkmap window"));
      return;
    }
    PkmapSpec s = spec.get();
    if (region.isEmpty()) {
      out.add("CONFIG_HIGHMEM kernel without a pkmap region: the description has a PkmapSpec but no"
          + " pkmap region (RegionKind.PKMAP); add PKMAP_BASE .. PKMAP_BASE + LAST_PKMAP pages");
      return;
    }
    Region r = region.get();
    if (r.start() != s.pkmapBase() || r.end() != s.pkmapEnd()) {
      out.add("pkmap region " + r + " is not PKMAP_BASE " + Addresses.hex(s.pkmapBase())
          + " + LAST_PKMAP (" + s.lastPkmap() + ") pages");
    }
    List<PageTableLevel> levels = d.pageTables().levels();
    PageTableLevel pte = levels.get(levels.size() - 1);
    long span = (long) pte.entries() << pte.shift();
    if (Addresses.alignDown(r.start(), span) != Addresses.alignDown(r.end() - 1, span)) {
      out.add("pkmap " + r + " is not covered by one page table of " + (span >> 10)
          + " kB (the kernel's pkmap_page_table is one table): align PKMAP_BASE");
    }
  }

  /**
   * Every banner line names a region that exists, no region is printed twice, and the banner
   * prints the fixmap, vmalloc, lowmem and (with {@code CONFIG_HIGHMEM}) pkmap regions.
   */
  private static void bannerProblems(ArchDescription d, boolean conformance, List<String> out) {
    Set<String> names = new HashSet<>();
    d.regions().forEach(r -> names.add(r.name()));
    Set<String> printed = new LinkedHashSet<>();
    for (BannerLine line : d.banner().lines()) {
      if (!names.contains(line.region())) {
        out.add("banner line '" + line.label().strip() + "' names region '" + line.region()
            + "', which the description does not have; add the region or drop the line");
      }
      if (!printed.add(line.region()) && conformance) {
        out.add("two banner lines print region '" + line.region() + "'");
      }
    }
    if (!conformance) {
      return;
    }
    for (RegionKind kind : BANNER_KINDS) {
      d.region(kind).filter(r -> !printed.contains(r.name())).ifPresent(r ->
          out.add("the banner has no line for region '" + r.name() + "' (" + r + "); every"
              + " banner prints the fixmap, vmalloc, lowmem and (with CONFIG_HIGHMEM) pkmap regions:"
              + " add a BannerLine naming it"));
    }
  }
}

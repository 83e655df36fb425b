package org.memmap.core.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.memmap.api.Addresses;
import org.memmap.api.InvalidArchitectureException;
import org.memmap.api.RamRange;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.BannerLine;
import org.memmap.api.spi.KmapProvider;
import org.memmap.api.spi.PageTableLevel;
import org.memmap.api.spi.PkmapSpec;
import org.memmap.api.spi.UnmappedSegment;

/**
 * Checks a plugin's {@link ArchDescription} before core computes with it: every broken invariant
 * is an {@link InvalidArchitectureException} naming the plugin, its class and the invariant.
 */
public final class DescriptionValidator {
  private DescriptionValidator() {}

  /**
   * Validates {@code d}, which {@code provider} returned.
   *
   * @throws InvalidArchitectureException naming what is wrong
   */
  public static ArchDescription validate(KmapProvider provider, ArchDescription d) {
    String who = "architecture plugin " + provider.id() + " (" + provider.getClass().getName() + ")";
    if (d == null) {
      throw new InvalidArchitectureException(who + ": describe() returned null");
    }
    if (!provider.id().equals(d.arch())) {
      throw fail(who, "description is for arch '" + d.arch() + "', not '" + provider.id() + "'");
    }
    List<PageTableLevel> levels = d.pageTables().levels();
    long topGranule = 1L << levels.get(0).shift();
    if (!Addresses.isAligned(d.pageOffset(), Math.min(topGranule, 1L << 21))) {
      throw fail(who, "PAGE_OFFSET " + Addresses.hex(d.pageOffset()) + " is not aligned to a top-level entry");
    }
    checkMemory(who, d);
    checkRegions(who, d);
    checkUnmappedSegments(who, d);
    d.pkmapSpec().ifPresent(p -> checkPkmap(who, d, p));
    Set<String> names = new HashSet<>();
    d.regions().forEach(r -> names.add(r.name()));
    for (BannerLine line : d.banner().lines()) {
      if (!names.contains(line.region())) {
        throw fail(who, "banner line '" + line.label().strip() + "' names region '" + line.region()
            + "', which the description does not have");
      }
    }
    return d;
  }

  private static void checkMemory(String who, ArchDescription d) {
    if (d.memory().isEmpty()) {
      throw fail(who, "no physical memory left to describe");
    }
    RamRange prev = null;
    for (RamRange r : d.memory()) {
      if (prev != null && prev.end() > r.base()) {
        throw fail(who, "memory ranges " + prev + " and " + r + " overlap or are unsorted");
      }
      prev = r;
    }
    if (d.lowmemLimit() <= d.physOffset()) {
      throw fail(who, "lowmem limit " + Addresses.hex(d.lowmemLimit()) + " is not above PHYS_OFFSET "
          + Addresses.hex(d.physOffset()));
    }
    if (d.highMemory() > Addresses.ADDRESS_LIMIT) {
      throw fail(who, "high_memory " + Addresses.hex(d.highMemory()) + " lies past 4 GiB");
    }
  }

  private static void checkRegions(String who, ArchDescription d) {
    Region lowmem = d.region(RegionKind.LOWMEM)
        .orElseThrow(() -> fail(who, "no lowmem region"));
    if (lowmem.start() != d.pageOffset() || lowmem.end() != d.highMemory()) {
      throw fail(who, "lowmem region " + lowmem + " is not PAGE_OFFSET..high_memory");
    }
    Region vmalloc = d.region(RegionKind.VMALLOC)
        .orElseThrow(() -> fail(who, "no vmalloc region"));
    Set<String> names = new HashSet<>();
    List<Region> regions = d.regions();
    for (Region r : regions) {
      if (!names.add(r.name())) {
        throw fail(who, "two regions are called '" + r.name() + "'");
      }
    }
    for (int i = 0; i < regions.size(); i++) {
      for (int j = i + 1; j < regions.size(); j++) {
        Region a = regions.get(i);
        Region b = regions.get(j);
        if (a.size() > 0 && b.size() > 0 && a.overlaps(b) && !nested(a, b, lowmem, vmalloc)) {
          throw fail(who, "regions " + a + " and " + b + " overlap");
        }
      }
    }
  }

  /**
   * An unmapped window (MIPS32 KSEG0) either holds all of lowmem and translates it as {@code
   * __pa()} does, or stays clear of it; the regions the kernel maps through page tables (vmalloc,
   * pkmap, fixmap, modules) stay clear of every window.
   */
  private static void checkUnmappedSegments(String who, ArchDescription d) {
    long lowStart = d.pageOffset();
    long lowEnd = d.highMemory();
    for (UnmappedSegment s : d.pageTables().hardware().unmapped()) {
      if (s.overlaps(lowStart, lowEnd)) {
        if (lowStart < s.vstart() || lowEnd > s.vend()) {
          throw fail(who, "lowmem " + Addresses.hex(lowStart) + "-" + Addresses.hex(lowEnd)
              + " lies only partly in the unmapped segment " + s + "; cut lowmem at its end");
        }
        if (s.paddr(lowStart) != d.physOffset()) {
          throw fail(who, "the unmapped segment " + s + " translates PAGE_OFFSET " + Addresses.hex(lowStart)
              + " to " + Addresses.hex(s.paddr(lowStart)) + ", not to PHYS_OFFSET " + Addresses.hex(d.physOffset()));
        }
      }
      for (Region r : d.regions()) {
        boolean mapped = r.kind() == RegionKind.VMALLOC || r.kind() == RegionKind.PKMAP
            || r.kind() == RegionKind.FIXMAP || r.kind() == RegionKind.MODULES;
        if (mapped && r.size() > 0 && s.overlaps(r.start(), r.end())) {
          throw fail(who, "region " + r + " overlaps the unmapped segment " + s
              + ", where no page table can map it");
        }
      }
    }
  }

  /** Kernel image sections live inside lowmem; x86 modules live inside vmalloc space. */
  private static boolean nested(Region a, Region b, Region lowmem, Region vmalloc) {
    return isInside(a, b) || isInside(b, a);
  }

  private static boolean isInside(Region inner, Region outer) {
    boolean allowed =
        (inner.kind() == RegionKind.KERNEL_IMAGE
                && (outer.kind() == RegionKind.LOWMEM || outer.kind() == RegionKind.MODULES))
            || (inner.kind() == RegionKind.MODULES && outer.kind() == RegionKind.VMALLOC);
    return allowed && inner.start() >= outer.start() && inner.end() <= outer.end();
  }

  private static void checkPkmap(String who, ArchDescription d, PkmapSpec p) {
    Region pkmap = d.region(RegionKind.PKMAP)
        .orElseThrow(() -> fail(who, "CONFIG_HIGHMEM kernel without a pkmap region"));
    if (pkmap.start() != p.pkmapBase() || pkmap.end() != p.pkmapEnd()) {
      throw fail(who, "pkmap region " + pkmap + " is not PKMAP_BASE + LAST_PKMAP pages");
    }
    List<PageTableLevel> levels = d.pageTables().levels();
    PageTableLevel pte = levels.get(levels.size() - 1);
    long tableSpan = (long) pte.entries() << pte.shift();
    if (Addresses.alignDown(pkmap.start(), tableSpan) != Addresses.alignDown(pkmap.end() - 1, tableSpan)) {
      throw fail(who, "pkmap " + pkmap + " is not covered by one page table of "
          + (tableSpan >> 10) + " kB (the kernel's pkmap_page_table is one table)");
    }
  }

  private static InvalidArchitectureException fail(String who, String what) {
    return new InvalidArchitectureException(who + ": " + what);
  }
}

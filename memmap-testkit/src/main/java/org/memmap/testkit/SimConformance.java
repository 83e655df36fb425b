package org.memmap.testkit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.memmap.api.Addresses;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.DescriptorFormat;
import org.memmap.api.spi.DescriptorKind;
import org.memmap.api.spi.HardwareFormat;
import org.memmap.api.spi.HardwareLevel;
import org.memmap.api.spi.KmapLocalSpec;
import org.memmap.api.spi.KmapProvider;
import org.memmap.api.spi.PkmapSpec;
import org.memmap.api.spi.UnmappedSegment;
import org.memmap.core.highmem.Highmem;
import org.memmap.core.highmem.KmapCtrl;
import org.memmap.core.pgtable.Walk;
import org.memmap.core.sim.SimKernel;
import org.memmap.core.vmalloc.VmStruct;
import org.memmap.core.vmalloc.Vmalloc;
import org.memmap.core.vmalloc.VmallocException;

/**
 * The checks that run a plugin's description on core's simulated kernel: page tables that give
 * back what was mapped ({@code walk ∘ map = identity}), kmap and vmalloc scenarios. Each returns
 * the problems found, one message per problem, starting {@code plugin ID:} and saying what to fix.
 *
 * <pre>{@code
 * List<String> problems = SimConformance.pageTableProblems(new MyProvider(), machine);
 * }</pre>
 */
public final class SimConformance {
  /** How many vmalloc pages the page-table check maps, per machine. */
  static final int MAPPED_PAGES = 24;

  private SimConformance() {}

  // ------------------------------------------------------------------ page tables

  /**
   * The entry encodings round-trip on their own (a PTE for the highest pfn the format can hold
   * decodes as the same page; table and block entries as the kernel writes them decode as
   * themselves), {@code SimKernel.boot} builds the kernel's tables, lowmem translates to {@code
   * __pa()}, every unmapped window translates by its offset, and random pages mapped with {@code
   * set_pte} in vmalloc space walk and translate back to their pfn until cleared and flushed.
   * Random choices are seeded by the machine, so a failure repeats.
   */
  public static List<String> pageTableProblems(KmapProvider p, Machine m) {
    List<String> out = new ArrayList<>();
    Optional<MemoryLayout> layout = layout(p, m, out);
    if (layout.isEmpty()) {
      return out;
    }
    ArchDescription d = layout.get().description();
    out.addAll(encodingProblems(p, m, d));
    if (!out.isEmpty()) {
      return out;
    }
    Optional<SimKernel> booted = boot(p, m, layout.get(), out);
    if (booted.isEmpty()) {
      return out;
    }
    SimKernel k = booted.get();
    Random random = new Random(Conformance.machineName(m).hashCode() ^ p.id().hashCode());
    lowmemProblems(p, m, k, random, out);
    for (UnmappedSegment s : d.pageTables().hardware().unmapped()) {
      long va = s.vend() - Addresses.PAGE_SIZE + 0x123;
      Walk w = k.walk(va);
      if (k.translate(va) != s.paddr(va) || w.segment() == null || w.paddr() != s.paddr(va)) {
        out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
            "%s: 0x%08x translates to %s, walk says '%s', not %s: check the UnmappedSegment's physBase",
            s, va, pa(k.translate(va)), w.oneLine(), Walk.formatPaddr(s.paddr(va)))));
      }
    }
    mappedPageProblems(p, m, k, random, out);
    return out;
  }

  /** Every level's descriptors encode what they decode, with the protection bits the kernel ORs in. */
  static List<String> encodingProblems(KmapProvider p, Machine m, ArchDescription d) {
    List<String> out = new ArrayList<>();
    HardwareFormat hw = d.pageTables().hardware();
    int physBits = d.pageTables().physBits();
    List<HardwareLevel> levels = hw.levels();
    for (int i = 0; i < levels.size(); i++) {
      HardwareLevel level = levels.get(i);
      boolean last = i == levels.size() - 1;
      if (level.decode(0).kind() != DescriptorKind.FAULT) {
        out.add(Conformance.fail(p, m, "an all-zero " + level.name() + " entry decodes as '" + level.decode(0).name()
            + "', not as a fault: fresh tables are zeroed, so list a FAULT descriptor matching 0 first"));
      }
      if (last) {
        // the highest page the format can address, and pfn 1: protection bits must leave both alone
        roundTrip(p, m, level, DescriptorKind.PAGE, Addresses.PAGE_SHIFT, level.pageProt(),
            ((1L << physBits) - 1) & -Addresses.PAGE_SIZE, "pageProt (PAGE_KERNEL)", out);
        if (out.isEmpty()) {
          roundTrip(p, m, level, DescriptorKind.PAGE, Addresses.PAGE_SHIFT, level.pageProt(),
              Addresses.PAGE_SIZE, "pageProt (PAGE_KERNEL)", out);
        }
      } else {
        // the kernel's tables live in lowmem, below 4 GiB
        find(level, DescriptorKind.TABLE, -1).ifPresent(t ->
            roundTrip(p, m, level, DescriptorKind.TABLE, -1, level.tableProt(),
                Math.min(d.lowmemLimit(), Addresses.ADDRESS_LIMIT) - Addresses.PAGE_SIZE, "tableProt", out));
        if (level.shift() == d.pageTables().largePageShift()) {
          roundTrip(p, m, level, DescriptorKind.BLOCK, level.shift(), level.blockProt(),
              Addresses.alignDown(d.lowmemLimit() - 1, 1L << level.shift()), "blockProt", out);
        }
      }
    }
    return out;
  }

  private static Optional<DescriptorFormat> find(HardwareLevel level, DescriptorKind kind, int shift) {
    try {
      return Optional.of(level.find(kind, shift));
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
  }

  private static void roundTrip(KmapProvider p, Machine m, HardwareLevel level, DescriptorKind kind, int shift,
      long prot, long paddr, String protName, List<String> out) {
    Optional<DescriptorFormat> found = find(level, kind, shift);
    if (found.isEmpty()) {
      out.add(Conformance.fail(p, m, "level " + level.name() + " has no " + kind + " descriptor"
          + (shift > 0 ? " of shift " + shift : "") + ", which the kernel writes there"));
      return;
    }
    DescriptorFormat d = found.get();
    long entry = d.typeValue() | d.encodeAddress(paddr) | prot;
    DescriptorFormat decoded = level.decode(entry);
    if (decoded != d) {
      out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
          "level %s: the %s entry the kernel writes for %s (0x%08x = type | address | %s) decodes as '%s':"
              + " %s must not touch the type bits (typeMask 0x%x), or list '%s' before '%s'",
          level.name(), d.name(), Walk.formatPaddr(paddr), entry, protName, decoded.name(), protName,
          d.typeMask(), d.name(), decoded.name())));
    } else if (d.outputAddress(entry) != paddr) {
      out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
          "level %s: the %s entry for %s (0x%08x) gives back %s: its OutputBits do not cover the address,"
              + " or %s sets address bits",
          level.name(), d.name(), Walk.formatPaddr(paddr), entry, Walk.formatPaddr(d.outputAddress(entry)),
          protName)));
    }
  }

  /** Lowmem that is RAM translates to {@code __pa()}, through the walk and through the TLB. */
  private static void lowmemProblems(KmapProvider p, Machine m, SimKernel k, Random random, List<String> out) {
    MemoryLayout layout = k.layout();
    ArchDescription d = layout.description();
    Set<Long> paddrs = new LinkedHashSet<>();
    for (RamRange r : d.memory()) {
      long start = Addresses.alignUp(Math.max(r.base(), d.physOffset()), Addresses.PAGE_SIZE);
      long end = Math.min(r.end(), d.lowmemLimit()) & -Addresses.PAGE_SIZE;
      if (start >= end) {
        continue;
      }
      paddrs.add(start);
      paddrs.add(end - Addresses.PAGE_SIZE);
      for (int i = 0; i < 4; i++) {
        paddrs.add(start + ((random.nextLong() >>> 1) % ((end - start) >>> Addresses.PAGE_SHIFT) << Addresses.PAGE_SHIFT));
      }
    }
    for (long paddr : paddrs) {
      long va = layout.physToVirt(paddr) + 0x5a8;
      long want = paddr + 0x5a8;
      long got = k.translate(va);
      Walk w = k.walk(va);
      if (got != want || w.paddr() != want) {
        out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
            "lowmem 0x%08x translates to %s (walk: %s), not __pa() = %s: check the block / page descriptors'"
                + " OutputBits and blockProt, or the UnmappedSegment that should hold lowmem",
            va, got < 0 ? "a fault" : Walk.formatPaddr(got), w.oneLine(), Walk.formatPaddr(want))));
        return;
      }
    }
  }

  /** Random vmalloc pages mapped to random pfns walk back to them; cleared and flushed, they fault. */
  private static void mappedPageProblems(KmapProvider p, Machine m, SimKernel k, Random random, List<String> out) {
    ArchDescription d = k.layout().description();
    Region vmalloc = d.region(RegionKind.VMALLOC).orElseThrow();
    long firstPage = Addresses.alignUp(vmalloc.start(), Addresses.PAGE_SIZE) >>> Addresses.PAGE_SHIFT;
    long pages = (vmalloc.end() >>> Addresses.PAGE_SHIFT) - firstPage;
    long maxPfn = (1L << (d.pageTables().physBits() - Addresses.PAGE_SHIFT)) - 1;
    Set<Long> vaddrs = new LinkedHashSet<>();
    vaddrs.add(firstPage << Addresses.PAGE_SHIFT);
    vaddrs.add((firstPage + pages - 1) << Addresses.PAGE_SHIFT);
    while (vaddrs.size() < Math.min(MAPPED_PAGES, pages)) {
      vaddrs.add((firstPage + (random.nextLong() >>> 1) % pages) << Addresses.PAGE_SHIFT);
    }
    long[] pfns = new long[vaddrs.size()];
    int i = 0;
    for (long va : vaddrs) {
      pfns[i] = i == 0 ? maxPfn : i == 1 ? 0 : (random.nextLong() >>> 1) % (maxPfn + 1);
      try {
        k.setPte(va, pfns[i]);
      } catch (RuntimeException e) {
        out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
            "set_pte(0x%08x, pfn 0x%x) in vmalloc space failed: %s; the kernel allocates page tables there on"
                + " demand: check the upper levels' TABLE descriptors and tableProt",
            va, pfns[i], e.getMessage())));
        return;
      }
      i++;
    }
    i = 0;
    for (long va : vaddrs) {
      long want = (pfns[i] << Addresses.PAGE_SHIFT) | 0xabc;
      Walk w = k.walk(va | 0xabc);
      long got = k.translate(va | 0xabc);
      if (w.paddr() != want || got != want) {
        out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
            "walk ∘ map is not the identity: set_pte(0x%08x, pfn 0x%x) walks to '%s' and translates to %s,"
                + " not %s: check the pte level's PAGE descriptor (typeMask/typeValue, OutputBits) and pageProt",
            va, pfns[i], w.oneLine(), got < 0 ? "a fault" : Walk.formatPaddr(got), Walk.formatPaddr(want))));
        return;
      }
      i++;
    }
    for (long va : vaddrs) {
      k.clearPte(va);
      k.flushTlbRange(va, va + Addresses.PAGE_SIZE);
      if (k.translate(va) >= 0 || !k.walk(va).faulted()) {
        out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
            "0x%08x still translates after pte_clear and flush_tlb_kernel_range (walk: %s): an all-zero pte must"
                + " decode as a fault",
            va, k.walk(va).oneLine())));
        return;
      }
    }
  }

  // ------------------------------------------------------------------ kmap

  /**
   * kmap on the booted machine ({@code mm/highmem.c}): the first {@code kmap()} of a highmem
   * page takes pkmap slot 1 ({@code map_new_virtual()} advances {@code last_pkmap_nr} before it
   * looks), the address reaches the page, data written through it survives {@code kunmap()},
   * {@code kmap_flush_unused()} unmaps the slot, and a second kmap reads the data back; a
   * {@code kmap_local} slot maps its page too. A lowmem page's kmap is its linear address.
   */
  public static List<String> kmapProblems(KmapProvider p, Machine m) {
    List<String> out = new ArrayList<>();
    Optional<Booted> booted = booted(p, m, out);
    if (booted.isEmpty()) {
      return out;
    }
    Optional<MemoryLayout> layout = Optional.of(booted.get().layout());
    SimKernel k = booted.get().kernel();
    ArchDescription d = layout.get().description();
    try {
      Highmem h = k.highmem();
      long lowPfn = Addresses.pfnUp(Math.max(d.memory().get(0).base(), d.physOffset()));
      long lowVa = h.kmap(lowPfn);
      if (lowVa != layout.get().physToVirt(lowPfn << Addresses.PAGE_SHIFT)) {
        out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
            "kmap of lowmem pfn 0x%x returned 0x%08x, not its linear address 0x%08x", lowPfn, lowVa,
            layout.get().physToVirt(lowPfn << Addresses.PAGE_SHIFT))));
      }
      h.kunmap(lowPfn);
      long[] high = highmemPfns(d);
      Optional<PkmapSpec> pkmap = d.pkmapSpec();
      if (high.length == 0 || pkmap.isEmpty()) {
        return out;
      }
      long pfn = high[0];
      long va = h.kmap(pfn);
      long slot1 = pkmap.get().pkmapAddr(1);
      if (va != slot1) {
        out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
            "the first kmap of highmem pfn 0x%x returned 0x%08x, not PKMAP_ADDR(1) = 0x%08x (map_new_virtual"
                + " advances last_pkmap_nr before looking): check PkmapSpec.pkmapBase", pfn, va, slot1)));
        return out;
      }
      if (k.translate(va) != pfn << Addresses.PAGE_SHIFT) {
        out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
            "kmap address 0x%08x of pfn 0x%x translates to %s (walk: %s): pkmap's page table or the pte"
                + " encoding is wrong", va, pfn, pa(k.translate(va)), k.walk(va).oneLine())));
        return out;
      }
      byte[] data = ("memmap kit " + p.id()).getBytes(StandardCharsets.US_ASCII);
      k.write(va + 0x40, data);
      h.kunmap(pfn);
      h.kmapFlushUnused();
      if (k.translate(va) >= 0) {
        out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
            "after kunmap and kmap_flush_unused, 0x%08x still translates (walk: %s): an all-zero pte must"
                + " decode as a fault", va, k.walk(va).oneLine())));
      }
      long again = h.kmap(pfn);
      byte[] back = k.read(again + 0x40, data.length);
      if (!Arrays.equals(back, data)) {
        out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
            "data written through kmap 0x%08x of pfn 0x%x reads back differently through 0x%08x", va, pfn, again)));
      }
      h.kunmap(pfn);
      long localPfn = high[high.length - 1];
      KmapCtrl ctrl = h.kmapCtrl(0);
      long local = h.kmapLocal(ctrl, localPfn);
      KmapLocalSpec spec = d.kmapLocal();
      if (k.translate(local) != localPfn << Addresses.PAGE_SHIFT) {
        out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
            "kmap_local of pfn 0x%x returned 0x%08x, which translates to %s (walk: %s): check KmapLocalSpec %s"
                + " and that the fixmap region covers its slots", localPfn, local,
            pa(k.translate(local)), k.walk(local).oneLine(), spec)));
      }
      h.kunmapLocal(ctrl, local);
    } catch (RuntimeException e) {
      out.add(Conformance.fail(p, m, "a kmap scenario threw " + e.getClass().getSimpleName() + " ("
          + e.getMessage() + "): check PkmapSpec, KmapLocalSpec and the fixmap region"));
    }
    return out;
  }

  /** The first and last pfn of RAM above the lowmem limit, or none. */
  private static long[] highmemPfns(ArchDescription d) {
    long first = -1;
    long last = -1;
    for (RamRange r : d.memory()) {
      long s = Addresses.pfnUp(Math.max(r.base(), d.lowmemLimit()));
      long e = Addresses.pfnDown(r.end());
      if (s < e) {
        first = first < 0 ? s : first;
        last = e - 1;
      }
    }
    return first < 0 ? new long[0] : first == last ? new long[] {first} : new long[] {first, last};
  }

  // ------------------------------------------------------------------ vmalloc

  /**
   * vmalloc on the booted machine ({@code mm/vmalloc.c}): a small {@code vmalloc()} lands inside
   * {@code VMALLOC_START..VMALLOC_END}, every page translates and holds data, {@code vfree()}
   * plus the lazy purge unmaps it, and a request larger than the whole area fails.
   */
  public static List<String> vmallocProblems(KmapProvider p, Machine m) {
    List<String> out = new ArrayList<>();
    Optional<Booted> booted = booted(p, m, out);
    if (booted.isEmpty()) {
      return out;
    }
    Optional<MemoryLayout> layout = Optional.of(booted.get().layout());
    SimKernel k = booted.get().kernel();
    ArchDescription d = layout.get().description();
    try {
      Vmalloc v = k.vmalloc();
      long size = 3 * Addresses.PAGE_SIZE;
      VmStruct vm = v.vmalloc(size, "memmap_kit+0x0/0x4");
      if (vm.addr() < v.vmallocStart() || vm.addr() + size > v.vmallocEnd()) {
        out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
            "vmalloc(0x%x) returned 0x%08x, outside VMALLOC_START..VMALLOC_END 0x%08x-0x%08x: check the vmalloc"
                + " region and VmallocSpec", size, vm.addr(), v.vmallocStart(), v.vmallocEnd())));
        return out;
      }
      for (long va = vm.addr(); va < vm.addr() + size; va += Addresses.PAGE_SIZE) {
        if (k.translate(va) < 0) {
          out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
              "page 0x%08x of vmalloc area 0x%08x does not translate (walk: %s): the kernel's pte tables in"
                  + " vmalloc space or the pte encoding are wrong", va, vm.addr(), k.walk(va).oneLine())));
          return out;
        }
      }
      byte[] data = new byte[64];
      Arrays.fill(data, (byte) 0x5a);
      long edge = vm.addr() + Addresses.PAGE_SIZE - 32;
      k.write(edge, data);
      if (!Arrays.equals(k.read(edge, data.length), data)) {
        out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
            "data written across the page boundary at 0x%08x reads back differently", edge)));
      }
      v.vfree(vm.addr());
      v.purgeVmapAreaLazy();
      if (k.translate(vm.addr()) >= 0) {
        out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
            "0x%08x still translates after vfree and the lazy purge (walk: %s)", vm.addr(),
            k.walk(vm.addr()).oneLine())));
      }
      long tooBig = v.vmallocEnd() - v.vmallocStart() + Addresses.PAGE_SIZE;
      try {
        VmStruct huge = v.vmalloc(tooBig, "memmap_kit+0x4/0x4");
        out.add(Conformance.fail(p, m, String.format(Locale.ROOT,
            "vmalloc(0x%x), more than VMALLOC_START..VMALLOC_END holds, returned 0x%08x instead of failing",
            tooBig, huge.addr())));
      } catch (VmallocException expected) {
        // "vmalloc: allocation failure: ..." as the kernel warns
      }
    } catch (RuntimeException e) {
      out.add(Conformance.fail(p, m, "a vmalloc scenario threw " + e.getClass().getSimpleName() + " ("
          + e.getMessage() + "): check the vmalloc region, VmallocSpec and the page tables there"));
    }
    return out;
  }

  // ------------------------------------------------------------------ helpers

  /** A physical address as the sim prints it, or {@code a fault}. */
  private static String pa(long paddr) {
    return paddr < 0 ? "a fault" : Walk.formatPaddr(paddr);
  }

  private static Optional<MemoryLayout> layout(KmapProvider p, Machine m, List<String> out) {
    try {
      return Optional.of(Conformance.memmap(p).layoutOf(m));
    } catch (RuntimeException e) {
      out.add(Conformance.fail(p, m, "core could not lay out the machine: " + e.getMessage()
          + " (the description checks say why)"));
      return Optional.empty();
    }
  }

  /** A machine's layout and the kernel booted from it. */
  private record Booted(MemoryLayout layout, SimKernel kernel) {}

  /** The layout and booted kernel of {@code m}; empty, with the problem in {@code out}, if either fails. */
  private static Optional<Booted> booted(KmapProvider p, Machine m, List<String> out) {
    return layout(p, m, out).flatMap(l -> boot(p, m, l, out).map(k -> new Booted(l, k)));
  }

  private static Optional<SimKernel> boot(KmapProvider p, Machine m, MemoryLayout layout, List<String> out) {
    try {
      return Optional.of(SimKernel.boot(layout));
    } catch (RuntimeException e) {
      out.add(Conformance.fail(p, m, "SimKernel.boot could not build the kernel page tables: " + e.getMessage()
          + "; check the HardwareFormat (levels, TABLE / BLOCK descriptors, tableProt, blockProt) and the"
          + " UnmappedSegments"));
      return Optional.empty();
    }
  }
}

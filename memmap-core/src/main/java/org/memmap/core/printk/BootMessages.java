package org.memmap.core.printk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.Region;
import org.memmap.api.Zone;
import org.memmap.api.ZoneType;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.BannerLine;
import org.memmap.api.spi.MemoryLineStyle;
import org.memmap.api.spi.ZoneRules;
import org.memmap.core.hash.HashTable;

/**
 * Renders the boot messages of a layout, each in the format of the layout's kernel release.
 * Every method is a pure function of the layout; nothing is computed here that the layout does
 * not already hold, except the kernel's own rounding for printing.
 */
public final class BootMessages {
  private BootMessages() {}

  /**
   * The banner, header first, as {@code mem_init()} prints it. For releases that no longer print
   * it this is the last format printed (see {@link #printsBanner}).
   */
  public static List<String> banner(MemoryLayout layout) {
    ArchDescription d = layout.description();
    List<String> out = new ArrayList<>();
    out.add(d.banner().header());
    for (BannerLine line : d.banner().lines()) {
      Region r = d.region(line.region()).orElseThrow();
      out.add(bannerLine(line, r));
    }
    return out;
  }

  /** Whether this release prints the banner at all. */
  public static boolean printsBanner(MemoryLayout layout) {
    return layout.description().banner().printed();
  }

  /** One banner line: {@code label : 0x%08lx - 0x%08lx   (%4ld kB)}. */
  public static String bannerLine(BannerLine line, Region r) {
    long size =
        switch (line.unit()) {
          case KB -> r.size() >> 10;
          case MB -> r.size() >> 20;
          case KB_ROUND_UP -> (r.size() + 1023) >> 10;
        };
    String unit = line.unit() == org.memmap.api.spi.SizeUnit.MB ? "MB" : "kB";
    String range =
        line.hashedAddress()
            ? "0x(ptrval) - 0x(ptrval)"
            : String.format(Locale.ROOT, "0x%08x - 0x%08x", r.start(), r.end());
    return String.format(Locale.ROOT, "%s: %s   (%4d %s)", line.label(), range, size, unit);
  }

  /**
   * The zone block {@code free_area_init()} prints: {@code Zone PFN ranges:} with pfns (up to
   * 3.4) or {@code Zone ranges:} with {@code [mem ...]} ranges, 8 hex digits up to 3.x and 16 from
   * 4.0 ({@code %pa}-width); empty zones print {@code empty}.
   */
  public static List<String> zoneRanges(MemoryLayout layout) {
    KernelVersion v = layout.description().kernel();
    List<String> out = new ArrayList<>();
    if (!v.atLeast(3, 5)) {
      out.add("Zone PFN ranges:");
      for (Zone z : layout.zones()) {
        out.add(String.format(Locale.ROOT, "  %-8s %8d -> %8d", z.type().kernelName(), z.startPfn(), z.endPfn()));
      }
      return out;
    }
    out.add("Zone ranges:");
    String fmt = v.atLeast(4, 0) ? "  %-8s [mem %#018x-%#018x]" : "  %-8s [mem %#010x-%#010x]";
    for (Zone z : layout.zones()) {
      if (z.isEmpty()) {
        out.add(String.format(Locale.ROOT, "  %-8s empty", z.type().kernelName()));
      } else {
        // 3.5-3.19 computed the addresses in unsigned long: above 4 GiB (PAE) they print
        // truncated to 32 bits ("mm: use correct format specifiers ...", 4.0).
        long mask = v.atLeast(4, 0) ? -1L : 0xffffffffL;
        out.add(String.format(Locale.ROOT, fmt, z.type().kernelName(), z.start() & mask,
            ((printedEnd(layout, z) & mask) - 1) & mask));
      }
    }
    return out;
  }

  /**
   * The end of {@code z} as {@code Zone ranges:} prints it: the zone's own end, or for the highest
   * zone {@code max_pfn} when the plugin says it lies above the memory ({@link
   * org.memmap.api.spi.ZoneRules#zonesEnd}).
   */
  public static long printedEnd(MemoryLayout layout, Zone z) {
    long zonesEnd = layout.description().zoneRules().zonesEnd();
    boolean last = layout.zones().stream().noneMatch(o -> !o.isEmpty() && o.start() > z.start());
    return !z.isEmpty() && last && zonesEnd > z.end() ? zonesEnd : z.end();
  }

  /**
   * The per-zone debug lines of {@code free_area_init_core()} and {@code zone_pcp_init()}: {@code
   * On node 0 totalpages:}, memmap, reserved and {@code LIFO batch}. They are {@code
   * printk(KERN_DEBUG)} in Debian 5.10.223's source (and its boots print them) and {@code
   * pr_debug} from 5.14, whose {@code zone_pcp_init()} was rewritten with the split of the
   * per-cpu zone stats; 5.14 is taken as the first release that no longer prints them.
   */
  public static List<String> zoneDetails(MemoryLayout layout) {
    KernelVersion v = layout.description().kernel();
    List<String> out = new ArrayList<>();
    if (v.atLeast(5, 14)) {
      return out;
    }
    out.add(String.format(Locale.ROOT, "On node 0 totalpages: %d", layout.physPages()));
    boolean newRule = v.atLeast(3, 9);
    boolean first = true;
    for (Zone z : layout.zones()) {
      if (z.isEmpty()) {
        first = false;
        continue;
      }
      String name = z.type().kernelName();
      boolean high = z.type() == ZoneType.HIGHMEM;
      if (z.memmapPages() > 0 && !(high && newRule)) {
        out.add(String.format(Locale.ROOT, "  %s zone: %d pages used for memmap", name, z.memmapPages()));
      }
      if (first) {
        out.add(String.format(Locale.ROOT, "  %s zone: %d pages reserved", name, 0));
      }
      long printed = newRule ? z.presentPages() : z.managedPages();
      out.add(String.format(Locale.ROOT, "  %s zone: %d pages, LIFO batch:%d", name, printed, batch(z, v)));
      first = false;
    }
    return out;
  }

  /** {@code zone_batchsize()}: the pcp batch, capped at 512 KiB of pages (1 MiB from 4.19). */
  static long batch(Zone z, KernelVersion v) {
    long batch = z.managedPages() / 1024;
    long cap = (v.atLeast(4, 19) ? 1024 * 1024 : 512 * 1024) / Addresses.PAGE_SIZE;
    if (batch > cap) {
      batch = cap;
    }
    batch /= 4;
    if (batch < 1) {
      batch = 1;
    }
    return Long.highestOneBit(batch + batch / 2) - 1;
  }

  /** {@code Built 1 zonelists ... Total pages: N} in the wording of the release. */
  public static String zonelist(MemoryLayout layout) {
    KernelVersion v = layout.description().kernel();
    long total = layout.totalPages();
    // page_group_by_mobility_disabled when vm_total_pages < pageblock_nr_pages * MIGRATE_TYPES
    ZoneRules rules = layout.description().zoneRules();
    String grouping = total < rules.pageblockPages() * rules.migrateTypes() ? "off" : "on";
    if (!v.atLeast(2, 6, 23)) {
      return String.format(Locale.ROOT, "Built 1 zonelists.  Total pages: %d", total);
    }
    if (!v.atLeast(2, 6, 24)) {
      return String.format(Locale.ROOT, "Built 1 zonelists in Zone order.  Total pages: %d", total);
    }
    if (!v.atLeast(4, 14)) {
      return String.format(Locale.ROOT,
          "Built 1 zonelists in Zone order, mobility grouping %s.  Total pages: %d", grouping, total);
    }
    return String.format(Locale.ROOT, "Built 1 zonelists, mobility grouping %s.  Total pages: %d", grouping, total);
  }

  /** x86-32's {@code NMB HIGHMEM available.} and {@code NMB LOWMEM available.}, if the arch prints them. */
  public static List<String> lowHighAvailable(MemoryLayout layout) {
    ArchDescription d = layout.description();
    if (!d.boot().printsLowHighAvailable()) {
      return List.of();
    }
    long maxLowPfn = Addresses.pfnDown(d.lowmemLimit());
    long highPages = layout.zone(ZoneType.HIGHMEM)
        .map(z -> Addresses.pfnDown(printedEnd(layout, z)) - z.startPfn()).orElse(0L);
    List<String> out = new ArrayList<>();
    if (d.zoneRules().highmem()) {
      out.add(String.format(Locale.ROOT, "%dMB HIGHMEM available.", highPages >> 8));
    }
    out.add(String.format(Locale.ROOT, "%dMB LOWMEM available.", maxLowPfn >> 8));
    return out;
  }

  /**
   * The {@code Memory:} line, when every figure follows from the input: that needs the kernel
   * image symbols and the boot-time reservations, here only from the board fact {@code reserved}
   * (in kB). Empty otherwise; {@link #memoryTotals} gives what does follow.
   */
  public static Optional<String> memoryLine(MemoryLayout layout) {
    return memoryLine(layout, OptionalLong.empty());
  }

  /**
   * The {@code Memory:} line with {@code reservedKb} (the modelled boot reservations, {@code
   * org.memmap.core.memblock.BootReservations}) where the board fact {@code reserved} does not
   * override it. Empty when neither gives the figure or an image symbol is missing.
   */
  public static Optional<String> memoryLine(MemoryLayout layout, OptionalLong modelledReservedKb) {
    ArchDescription d = layout.description();
    Machine m = layout.machine();
    if (d.boot().memoryLine() != MemoryLineStyle.GENERIC
        || (m.boardFact("reserved").isEmpty() && modelledReservedKb.isEmpty())) {
      return Optional.empty();
    }
    Optional<ImageSizes> image = ImageSizes.of(m);
    if (image.isEmpty()) {
      return Optional.empty();
    }
    KernelVersion v = d.kernel();
    long totalKb = layout.physPages() * 4;
    boolean given = m.boardFact("reserved").isPresent();
    long reservedKb = given ? m.boardSize("reserved").get() >> 10 : modelledReservedKb.getAsLong();
    long cmaKb = cmaPages(layout) * 4;
    long availKb = totalKb - reservedKb - cmaKb;
    if (availKb < 0) {
      throw new InputException(InputException.Input.BOARD_FACT, String.format(Locale.ROOT,
          "%s: %dK reserved%s is more than the %dK of RAM the kernel manages",
          given ? "board fact reserved=" + org.memmap.api.Printable.escape(m.boardFact("reserved").get())
              : "boot reservations (board facts initrd_size, dtb_size, early_allocs)", reservedKb,
          cmaKb > 0 ? " (and " + cmaKb + "K CMA)" : "", totalKb));
    }
    ImageSizes s = image.get();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT,
        "Memory: %dK/%dK available (%dK kernel code, %dK rwdata, %dK rodata, %dK init, %dK bss, %dK reserved",
        availKb, totalKb, s.codeKb(), s.rwKb(), s.roKb(), s.initKb(), s.bssKb(), reservedKb));
    if (v.atLeast(3, 19)) {
      sb.append(String.format(Locale.ROOT, ", %dK cma-reserved", cmaKb));
    }
    if (d.zoneRules().highmem()) {
      sb.append(String.format(Locale.ROOT, ", %dK highmem", layout.highmemFreePages() * 4));
    }
    sb.append(')');
    return Optional.of(sb.toString());
  }

  /**
   * The image figures of the generic {@code Memory:} line ({@code mem_init_print_info()}, 3.11+):
   * {@code NK kernel code, NK rwdata, NK rodata, NK init, NK bss}, when the machine knows every
   * image symbol they need (from a {@code System.map} or the banner's section lines).
   */
  public static Optional<String> memoryImageFigures(MemoryLayout layout) {
    return ImageSizes.of(layout.machine()).map(s -> String.format(Locale.ROOT,
        "%dK kernel code, %dK rwdata, %dK rodata, %dK init, %dK bss",
        s.codeKb(), s.rwKb(), s.roKb(), s.initKb(), s.bssKb()));
  }

  /**
   * The figures of the {@code Memory:} line that follow from the input alone: total, CMA and
   * highmem, in kB, as one comment line.
   */
  public static String memoryTotals(MemoryLayout layout) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "# Memory: total %dK", layout.physPages() * 4));
    if (layout.description().kernel().atLeast(3, 19)) {
      sb.append(String.format(Locale.ROOT, ", %dK cma-reserved", cmaPages(layout) * 4));
    }
    if (layout.description().zoneRules().highmem()) {
      sb.append(String.format(Locale.ROOT, ", %dK highmem", layout.highmemFreePages() * 4));
    }
    sb.append(" (available and reserved depend on boot-time reservations: give their inputs, or the board fact reserved=SIZE)");
    return sb.toString();
  }

  /** Pages of CMA areas inside RAM. */
  static long cmaPages(MemoryLayout layout) {
    return layout.machine().cma().stream().mapToLong(c -> c.size() >> Addresses.PAGE_SHIFT).sum();
  }

  /**
   * Every line this layout's kernel prints about its memory map, in boot order: x86's lowmem and
   * highmem figures, the zone block, the zonelist line, {@code Memory:} (or its totals as a
   * comment), and the banner when this release prints one.
   */
  public static List<String> bootLines(MemoryLayout layout) {
    return bootLines(layout, List.of());
  }

  /**
   * {@link #bootLines(MemoryLayout)} with the hash-table lines in their place: the tables {@code
   * start_kernel()} allocates early (PID, Dentry cache, Inode-cache) between {@code Total pages}
   * and {@code Memory:}, the others (mounts, futex, networking) after the banner, as the initcalls
   * that allocate them run later.
   */
  public static List<String> bootLines(MemoryLayout layout, List<HashTable> hashes) {
    return bootLines(layout, hashes, OptionalLong.empty());
  }

  /**
   * {@link #bootLines(MemoryLayout, List)} with the {@code Memory:} line's reserved figure from
   * the modelled boot reservations where the board fact {@code reserved} does not give it.
   */
  public static List<String> bootLines(MemoryLayout layout, List<HashTable> hashes, OptionalLong modelledReservedKb) {
    return bootLines(layout, hashes, modelledReservedKb, InitMessages.NONE);
  }

  /**
   * {@link #bootLines(MemoryLayout, List, OptionalLong)} with the lines around the memory map in
   * their place: {@code Initmem setup node} after the zone block, the percpu lines before the
   * zonelist line, the swiotlb before {@code Memory:}, SLUB's line after {@code mem_init()}'s
   * {@code Memory:} line and banner ({@code kmem_cache_init()} runs next; from 6.12 before {@code
   * Memory:}), and the freeing of the init sections last, as {@code kernel_init()} runs it after
   * the initcalls.
   */
  public static List<String> bootLines(MemoryLayout layout, List<HashTable> hashes, OptionalLong modelledReservedKb,
      InitMessages init) {
    List<String> out = new ArrayList<>(lowHighAvailable(layout));
    out.addAll(zoneRanges(layout));
    init.initmemNode().ifPresent(out::add);
    out.addAll(zoneDetails(layout));
    out.addAll(init.percpu());
    out.add(zonelist(layout));
    hashes.stream().filter(HashTable::early).map(HashTable::line).forEach(out::add);
    if (init.slubBeforeMemory()) {
      init.slub().ifPresent(out::add);
    }
    init.swiotlbComment().ifPresent(out::add);
    out.add(memoryLine(layout, modelledReservedKb).orElseGet(() -> memoryTotals(layout)));
    if (printsBanner(layout)) {
      out.addAll(banner(layout));
    }
    if (!init.slubBeforeMemory()) {
      init.slub().ifPresent(out::add);
    }
    hashes.stream().filter(h -> !h.early()).map(HashTable::line).forEach(out::add);
    init.freeInitmem().ifPresent(out::add);
    return out;
  }
}

package org.memmap.core.memblock;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.memmap.api.Addresses;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.api.Zone;
import org.memmap.api.spi.MemblockRules;
import org.memmap.api.spi.ZoneRules;
import org.memmap.core.hash.HashTable;

/**
 * The boot-time reservations of a layout's kernel, by name, and the {@code reserved} figure of
 * the {@code Memory:} line they add up to (CMA apart from 3.19). Each reservation comes from an
 * input:
 *
 * <ul>
 *   <li>the kernel image, {@code KERNEL_START} to {@code _end} (the arch's {@link MemblockRules}),
 *       from the machine's image symbols (a System.map or the banner);
 *   <li>the arch's fixed reservations ({@code swapper_pg_dir}, vectors, zero page, PTE tables);
 *   <li>the {@code struct page} array of the node ({@code alloc_node_mem_map()}, FLATMEM: the node
 *       span aligned to {@code MAX_ORDER_NR_PAGES}, times {@code sizeof(struct page)});
 *   <li>the first percpu chunk ({@link PcpuFirstChunk}), from the static percpu size (System.map
 *       {@code __per_cpu_start}/{@code __per_cpu_end}, or board fact {@code percpu_static}) and
 *       the possible CPUs (board fact {@code nr_cpus}, 1 without it);
 *   <li>the early ({@code HASH_EARLY}) hash tables, as {@code org.memmap.core.hash} sizes them;
 *   <li>the swiotlb bounce buffer, where the arch sets one up for RAM above its DMA limit;
 *   <li>the initrd and the flattened device tree: board facts {@code initrd_size} and {@code
 *       dtb_size} (a log gives the initrd as {@code Freeing initrd memory: NK});
 *   <li>the small early allocations (unflattened device tree, command-line copies, percpu and
 *       usemap metadata, vm_struct of static mappings), which are not modelled one by one: board
 *       fact {@code early_allocs} in bytes;
 *   <li>CMA areas, which stay reserved until {@code cma_init_reserved_areas()} and count in
 *       {@code reserved} up to 3.18 and apart ({@code cma-reserved}) from 3.19.
 * </ul>
 *
 * <p>Each figure is rounded to whole pages on its own: top-down allocations of whole pages stay
 * page-aligned, and a small allocation shares its page with others (which {@code early_allocs}
 * accounts for). The result is complete only when no input is {@link #missing()}.
 *
 * @param reservations the reservations the inputs give
 * @param missing the inputs that are missing, each named ({@code "initrd size (board fact
 *     initrd_size)"}); empty when the figure is complete
 */
public record BootReservations(List<Reservation> reservations, List<String> missing) {
  /** Board facts this model reads. */
  public static final List<String> FACTS = List.of("initrd_size", "dtb_size", "percpu_static", "early_allocs");

  /** Copies the lists. */
  public BootReservations {
    reservations = List.copyOf(reservations);
    missing = List.copyOf(missing);
  }

  /**
   * The reservations of {@code layout}'s kernel with configuration {@code cfg}, whose hash tables
   * are {@code hashes}.
   */
  public static BootReservations of(MemoryLayout layout, KernelConfig cfg, List<HashTable> hashes) {
    Machine m = layout.machine();
    MemblockRules rules = layout.description().boot().memblock();
    List<Reservation> out = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    if (!rules.described()) {
      missing.add("the " + layout.arch() + " plugin's own boot reservations (not described)");
      return new BootReservations(out, missing);
    }
    Optional<Long> start = m.symbol(rules.imageStart());
    Optional<Long> end = m.symbol(rules.imageEnd()).or(() -> m.symbol("__bss_stop"));
    if (start.isPresent() && end.isPresent() && end.get() > start.get()) {
      out.add(new Reservation("kernel image",
          Addresses.pfnUp(end.get()) - Addresses.pfnDown(start.get()),
          "memblock_reserve(__pa(" + rules.imageStart() + "), " + rules.imageEnd() + " - " + rules.imageStart()
              + "): image symbols"));
    } else {
      missing.add("the image symbols " + rules.imageStart() + " and " + rules.imageEnd() + " (a System.map)");
    }
    for (MemblockRules.Fixed f : rules.fixed()) {
      out.add(new Reservation(f.name(), f.sizeBytes() >> Addresses.PAGE_SHIFT, f.source()));
    }
    out.add(memmap(layout, cfg));
    // Without SMP the unit does not depend on the static size.
    Optional<Long> pcpuStatic = !cfg.isEnabled("SMP") ? Optional.of(0L)
        : m.symbol("__per_cpu_end").flatMap(e -> m.symbol("__per_cpu_start").map(s -> e - s))
            .or(() -> m.boardSize("percpu_static", 0, 1L << 24));
    if (pcpuStatic.isPresent()) {
      int cpus = (int) (long) m.boardSize("nr_cpus", 1, 4096).orElse(1L);
      PcpuFirstChunk c = PcpuFirstChunk.generic(cfg, pcpuStatic.get(), cpus);
      out.add(new Reservation("percpu first chunk", Addresses.pfnUp(c.memblockBytes()),
          (c.embedded() ? c.line() : "!SMP unit of " + c.unitSize() + " bytes") + ", mm/percpu.c"));
    } else {
      missing.add("the static percpu size (System.map __per_cpu_start/__per_cpu_end, or board fact percpu_static)");
    }
    swiotlb(layout, rules, out, missing);
    long hashPages = 0;
    for (HashTable h : hashes) {
      if (h.early()) {
        hashPages += Addresses.pfnUp(h.bytes());
      }
    }
    out.add(new Reservation("early hash tables", hashPages, "alloc_large_system_hash(HASH_EARLY): "
        + String.join(", ", hashes.stream().filter(HashTable::early).map(HashTable::name).toList())));
    fact(m, "initrd_size", "initrd", "reserve_initrd_mem()", "initrd size (board fact initrd_size)", out, missing);
    fact(m, "dtb_size", "device tree blob", "early_init_fdt_reserve_self()", "device-tree size (board fact dtb_size)",
        out, missing);
    fact(m, "early_allocs", "small early allocations", "memblock_alloc() of unflatten_device_tree(), setup_arch(),"
        + " start_kernel(), pcpu_setup_first_chunk(), setup_usemap()",
        "the small early allocations (board fact early_allocs)", out, missing);
    if (!layout.description().kernel().atLeast(3, 19)) {
      long cma = m.cma().stream().mapToLong(r -> r.size() >> Addresses.PAGE_SHIFT).sum();
      if (cma > 0) {
        out.add(new Reservation("CMA", cma, "dma_contiguous_reserve(): still reserved at mem_init() (before 3.19 in reserved)"));
      }
    }
    return new BootReservations(out, missing);
  }

  /**
   * {@code alloc_node_mem_map()} of FLATMEM: the node's span from its first pfn rounded down to
   * its last rounded up to {@code MAX_ORDER_NR_PAGES}, times {@code sizeof(struct page)}.
   */
  static Reservation memmap(MemoryLayout layout, KernelConfig cfg) {
    long first = Long.MAX_VALUE;
    long last = 0;
    for (Zone z : layout.zones()) {
      if (!z.isEmpty()) {
        first = Math.min(first, z.startPfn());
        last = Math.max(last, z.endPfn());
      }
    }
    long orderPages = 1L << ZoneRules.maxPageOrder(layout.description().kernel(), cfg);
    long span = first > last ? 0 : Addresses.alignUp(last, orderPages) - Addresses.alignDown(first, orderPages);
    int size = layout.description().zoneRules().structPageSize();
    return new Reservation("memmap", Addresses.pfnUp(span * size),
        "alloc_node_mem_map(): " + span + " struct pages of " + size + " bytes");
  }

  /**
   * The default swiotlb pool ({@code kernel/dma/swiotlb.c}): {@code IO_TLB_DEFAULT_SIZE} 64 MiB of
   * 2 KiB slabs, and its per-slab bookkeeping: 5.10 keeps an {@code int} list entry and a {@code
   * phys_addr_t} original address per slab (12 bytes with LPAE's 64-bit {@code phys_addr_t}: the
   * 5.10 LPAE boots reserve 65920K for it), 6.1 a {@code struct io_tlb_slot} of 16 bytes (6.1,
   * 6.12 and 7.2 boots: 66048K). The releases between 5.10 and 6.1 are not pinned.
   */
  static void swiotlb(MemoryLayout layout, MemblockRules rules, List<Reservation> out, List<String> missing) {
    List<RamRange> mem = layout.description().memory();
    long end = mem.isEmpty() ? 0 : mem.get(mem.size() - 1).end();
    if (rules.swiotlbDmaLimit() == 0 || Addresses.pfnDown(end) <= rules.swiotlbDmaLimit() >> Addresses.PAGE_SHIFT) {
      return;
    }
    KernelVersion v = layout.description().kernel();
    long nslabs = (64L << 20) >> 11;
    long slotBytes;
    if (v.atLeast(6, 1)) {
      slotBytes = 16;
    } else if (!v.atLeast(5, 11)) {
      slotBytes = 12;
    } else {
      missing.add("the swiotlb bookkeeping of " + v + " (pinned for 5.10 and 6.1+ only)");
      return;
    }
    out.add(new Reservation("swiotlb", ((64L << 20) >> Addresses.PAGE_SHIFT) + Addresses.pfnUp(nslabs * slotBytes),
        "swiotlb_init(): 64 MiB default pool and " + nslabs * slotBytes + " bytes of slab bookkeeping"));
  }

  private static void fact(Machine m, String key, String name, String source, String what,
      List<Reservation> out, List<String> missing) {
    Optional<Long> size = m.boardSize(key, 0, 1L << 32);
    if (size.isPresent()) {
      out.add(new Reservation(name, Addresses.pfnUp(size.get()), source + ": board fact " + key));
    } else {
      missing.add(what);
    }
  }

  /** The pages of every reservation. */
  public long reservedPages() {
    return reservations.stream().mapToLong(Reservation::pages).sum();
  }

  /** The {@code reserved} figure in kB, when no input is missing. */
  public OptionalLong reservedKb() {
    return missing.isEmpty() ? OptionalLong.of(reservedPages() * 4) : OptionalLong.empty();
  }
}

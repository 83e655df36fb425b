package org.memmap.core.printk;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.memmap.api.Addresses;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.api.spi.ArchDescription;
import org.memmap.core.percpu.PcpuAllocInfo;
import org.memmap.core.percpu.Percpu;

/**
 * The boot lines around the memory map that follow from it and the build: {@code Initmem setup
 * node}, the first percpu chunk, SLUB's {@code kmem_cache_init()} line and the freeing of the init
 * sections ({@code free_initmem()}), each in its release's words. A line whose inputs are missing
 * is empty, with the reason in {@link #percpuUnknown()}; {@code check} verifies the figures.
 *
 * @param initmemNode {@code Initmem setup node 0 [mem ...]} ({@code free_area_init_node()}, mm/page_alloc.c)
 * @param percpu the {@code percpu: Embedded} line and the {@code pcpu-alloc:} dump
 * @param percpuChunk the first chunk, when known
 * @param percpuUnknown why the first chunk is not known (empty when it is)
 * @param slub {@code SLUB: HWalign=...} (mm/slub.c {@code kmem_cache_init()}), for a SLUB kernel
 * @param slubBeforeMemory whether the release prints SLUB's line before {@code Memory:} (6.12
 *     prints {@code Memory:} from {@code page_alloc_init_late()}, 6.1 from {@code mm_init()}
 *     before {@code kmem_cache_init()})
 * @param freeInitmem {@code Freeing unused kernel memory: NK} in the release's words, when the
 *     init section's bounds are known
 * @param swiotlbBytes the swiotlb bounce buffer {@code mem_init()} sets up at boot (64 MiB,
 *     {@code IO_TLB_DEFAULT_SIZE}), when the architecture does for this machine; its address is
 *     memblock's choice and not modelled
 * @param swiotlbKnown whether the swiotlb is known: the architecture's rule for the release is
 *     known and no {@code swiotlb=} on the command line (not modelled) changes its size
 * @param config the effective {@code .config} the lines were computed for
 * @param slubCacheLineKnown whether the build fixes SLUB's {@code HWalign} (else the line prints
 *     the architecture's {@code L1_CACHE_BYTES} in its place)
 */
public record InitMessages(
    Optional<String> initmemNode,
    List<String> percpu,
    Optional<PcpuAllocInfo> percpuChunk,
    String percpuUnknown,
    Optional<String> slub,
    boolean slubBeforeMemory,
    Optional<String> freeInitmem,
    OptionalLong swiotlbBytes,
    boolean swiotlbKnown,
    KernelConfig config,
    boolean slubCacheLineKnown) {
  /** Copies the list. */
  public InitMessages {
    percpu = List.copyOf(percpu);
  }

  /** No line at all (a layout rendered without its build). */
  public static final InitMessages NONE =
      new InitMessages(Optional.empty(), List.of(), Optional.empty(), "", Optional.empty(), false, Optional.empty(),
          OptionalLong.empty(), true, KernelConfig.EMPTY, false);

  /**
   * The lines of {@code layout}'s kernel.
   *
   * @param config the effective {@code .config}
   * @param chunk the first percpu chunk ({@link Percpu#firstChunk})
   * @param cacheLineSize {@code cache_line_size()}, when the build fixes it
   * @param fallbackCacheLine the {@code L1_CACHE_BYTES} to print where the CPU decides it
   * @param swiotlb the architecture's swiotlb rule ({@link
   *     org.memmap.api.spi.KmapProvider#swiotlb})
   */
  public static InitMessages of(MemoryLayout layout, KernelConfig config, Percpu.FirstChunk chunk,
      OptionalInt cacheLineSize, int fallbackCacheLine, org.memmap.api.spi.SwiotlbSetup swiotlb) {
    KernelVersion v = layout.description().kernel();
    long cpus = possibleCpus(layout.machine());
    List<String> percpu = new java.util.ArrayList<>();
    chunk.info().ifPresent(ai -> {
      Percpu.embeddedLine(ai, v).ifPresent(percpu::add);
      percpu.addAll(Percpu.dumpLines(ai, cpus));
    });
    Optional<String> slub = slubFigures(layout.machine(), config, cacheLineSize.orElse(fallbackCacheLine))
        .filter(f -> v.atLeast(3, 14))
        .map(f -> "SLUB: " + f);
    return new InitMessages(initmemNode(layout), percpu, chunk.info(), chunk.whyUnknown(), slub,
        v.atLeast(6, 12), freeInitmem(layout.machine()), swiotlb(layout, swiotlb.above()),
        swiotlb.known() && layout.machine().commandLine().param("swiotlb").isEmpty(), config, cacheLineSize.isPresent());
  }

  /**
   * The swiotlb's size when the architecture sets it up for this machine: {@code
   * IO_TLB_DEFAULT_SIZE} (64 MiB) when {@code max_pfn}'s end lies above {@code swiotlbAbove}.
   */
  private static OptionalLong swiotlb(MemoryLayout layout, OptionalLong swiotlbAbove) {
    if (swiotlbAbove.isEmpty()) {
      return OptionalLong.empty();
    }
    long maxEnd = layout.description().memory().stream().mapToLong(r -> Addresses.pfnToPhys(Addresses.pfnDown(r.end())))
        .max().orElse(0);
    return maxEnd > swiotlbAbove.getAsLong() ? OptionalLong.of(64L << 20) : OptionalLong.empty();
  }

  /** The swiotlb as a comment line: its address is memblock's choice, which is not modelled. */
  public Optional<String> swiotlbComment() {
    if (swiotlbBytes.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(swiotlbKnown
        ? String.format(Locale.ROOT, "# software IO TLB: mapped [mem (memblock's choice)] (%dMB)", swiotlbBytes.getAsLong() >> 20)
        : "# software IO TLB: mapped (its size, set by swiotlb= on the command line, is not modelled)");
  }

  /** {@code nr_cpu_ids}: the board fact {@code nr_cpus}, 1 by default. */
  static long possibleCpus(Machine m) {
    return m.boardFact("nr_cpus").map(Long::parseLong).orElse(1L);
  }

  /**
   * {@code Initmem setup node 0 [mem %#018Lx-%#018Lx]}: the lowest and highest pfn of the node's
   * memblock memory ({@code get_pfn_range_for_nid()}), printed by {@code free_area_init_node()}
   * for every architecture since the node setup became generic (x86's NUMA code printed it in the
   * same words before; 5.10 pins it for ARM and x86).
   */
  static Optional<String> initmemNode(MemoryLayout layout) {
    if (!layout.description().kernel().atLeast(5, 10)) {
      return Optional.empty();
    }
    return nodeSpan(layout.description()).map(r -> String.format(Locale.ROOT,
        "Initmem setup node 0 [mem %#018x-%#018x]", r.base(), r.end() - 1));
  }

  /** The pfn span of the node's memory, as {@code get_pfn_range_for_nid()} finds it. */
  public static Optional<RamRange> nodeSpan(ArchDescription d) {
    List<RamRange> node = d.zoneRules().nodeMemory().isEmpty() ? d.memory() : d.zoneRules().nodeMemory();
    long start = Long.MAX_VALUE;
    long end = 0;
    for (RamRange r : node) {
      long s = Addresses.pfnUp(r.base());
      long e = Addresses.pfnDown(r.end());
      if (e > s) {
        start = Math.min(start, s);
        end = Math.max(end, e);
      }
    }
    if (end == 0) {
      return Optional.empty();
    }
    return Optional.of(new RamRange(Addresses.pfnToPhys(start), Addresses.pfnToPhys(end - start)));
  }

  /**
   * Whether the kernel uses SLUB: the {@code .config}'s {@code CONFIG_SLUB}, else the Kconfig
   * default (SLUB from 2.6.23; the only allocator from 6.8, SLOB gone in 6.4 and SLAB in 6.8).
   */
  public static boolean slub(KernelVersion v, KernelConfig config) {
    if (v.atLeast(6, 8)) {
      return true;
    }
    if (config.mentions("CONFIG_SLUB")) {
      return config.isEnabled("CONFIG_SLUB");
    }
    return v.atLeast(2, 6, 23);
  }

  /**
   * The figures of {@code kmem_cache_init()}'s line ({@code HWalign=64, Order=0-3, MinObjects=0,
   * CPUs=1, Nodes=1}), for a SLUB kernel: {@code cache_line_size()}, {@code slub_min_order} and
   * {@code slub_max_order} ({@code PAGE_ALLOC_COSTLY_ORDER} = 3 from 2.6.26, 1 before, as a 2.6.24
   * boot prints; 2.6.27 prints 3), {@code slub_min_objects} (0 from 2.6.26, computed from the CPUs;
   * 4 before), {@code nr_cpu_ids} and {@code nr_node_ids} (1: no NUMA on 32-bit); {@code
   * slub_min_order=}, {@code slub_max_order=} and {@code slub_min_objects=} on the command line
   * ({@code slab_*=} from 6.8) override them. Up to 3.x the line starts with {@code Genslabs=N},
   * the count of kmalloc caches, which is not modelled: the figures are those after it.
   */
  public static Optional<String> slubFigures(Machine m, KernelConfig config, int cacheLine) {
    KernelVersion v = m.kernel();
    if (!slub(v, config)) {
      return Optional.empty();
    }
    boolean costly = v.atLeast(2, 6, 26);
    KernelCommandLine cmd = m.commandLine();
    long minOrder = param(cmd, "slub_min_order", v).orElse(0);
    long maxOrder = param(cmd, "slub_max_order", v).orElse(costly ? 3 : 1);
    long minObjects = param(cmd, "slub_min_objects", v).orElse(costly ? 0 : 4);
    return Optional.of(String.format(Locale.ROOT, "HWalign=%d, Order=%d-%d, MinObjects=%d, CPUs=%d, Nodes=1",
        cacheLine, minOrder, maxOrder, minObjects, possibleCpus(m)));
  }

  private static OptionalLong param(KernelCommandLine cmd, String name, KernelVersion v) {
    Optional<String> value = cmd.param(name);
    if (value.isEmpty() && v.atLeast(6, 8)) {
      value = cmd.param(name.replace("slub_", "slab_"));
    }
    if (value.isEmpty() || !value.get().matches("\\d{1,6}")) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(value.get()));
  }

  /**
   * The kB {@code free_initmem()} frees: the whole pages of {@code [__init_begin, __init_end)}
   * ({@code free_reserved_area()} rounds the start up and the end down to a page; x86's {@code
   * free_init_pages()} likewise), when the image symbols are known.
   */
  public static OptionalLong initmemFreedKb(Machine m) {
    Optional<Long> begin = m.symbol("__init_begin");
    Optional<Long> end = m.symbol("__init_end");
    if (begin.isEmpty() || end.isEmpty()) {
      return OptionalLong.empty();
    }
    long s = Addresses.pfnUp(begin.get());
    long e = Addresses.pfnDown(end.get());
    return OptionalLong.of(Math.max(0, e - s) << (Addresses.PAGE_SHIFT - 10));
  }

  /**
   * {@code free_initmem()}'s line from 6.1, {@code Freeing unused kernel image (initmem) memory:
   * NK}, when the init section's bounds are known: the words of {@code free_initmem_default()}
   * (ARM) and {@code free_kernel_image_pages()} (x86) from 6.1 on. Earlier releases word it by
   * architecture (5.10: ARM {@code Freeing unused kernel memory: NK}, x86 already {@code ...
   * image (initmem) ...}; ARM 3.11 to 4.x adds the freed range) and are only checked, by figure.
   */
  static Optional<String> freeInitmem(Machine m) {
    OptionalLong kb = initmemFreedKb(m);
    if (kb.isEmpty() || !m.kernel().atLeast(6, 1)) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "Freeing unused kernel image (initmem) memory: %dK", kb.getAsLong()));
  }
}

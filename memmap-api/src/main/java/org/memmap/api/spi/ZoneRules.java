package org.memmap.api.spi;

import java.util.List;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.RamRange;

/**
 * How the architecture cuts physical memory into zones ({@code zone_sizes_init} / {@code
 * find_limits}), and the page-allocator constants of the build that decide what generic {@code
 * mm/} prints about them.
 *
 * @param dmaLimit the exclusive physical end of {@code ZONE_DMA}, or 0 when the kernel has no DMA
 *     zone; a limit above the end of lowmem means all lowmem is DMA and Normal is empty
 * @param highmem whether {@code CONFIG_HIGHMEM} is set (memory above the lowmem limit is
 *     HighMem; without it the plugin has already dropped that memory)
 * @param structPageSize {@code sizeof(struct page)} in bytes for this configuration
 * @param pageblockOrder {@code pageblock_order} ({@code include/linux/pageblock-flags.h}); see
 *     {@link #pageblockOrder(KernelVersion, KernelConfig, int, int)}
 * @param migrateTypes {@code MIGRATE_TYPES} ({@code include/linux/mmzone.h}); see {@link
 *     #migrateTypes(KernelVersion, KernelConfig)}
 * @param cmaLimit the exclusive physical limit the architecture passes to {@code
 *     dma_contiguous_reserve()} for the default CMA area: ARM's {@code arm_dma_limit}; 0 for the
 *     end of lowmem ({@code max_pfn_mapped} on x86-32, {@code max_low_pfn} elsewhere); {@link
 *     org.memmap.api.Addresses#PHYS_LIMIT} for no limit (ARM without ZONE_DMA)
 * @param nodeMemory the node's memory as {@code free_area_init()} prints it under {@code Early
 *     memory node ranges} (memblock), when that differs from the description's {@code memory}:
 *     x86-32 sizes its zones up to {@code max_pfn} but keeps RAM above it ({@code highmem=}, no
 *     HIGHMEM, the 4 GiB limit) in memblock until 6.15. Empty: the same as {@code memory}.
 * @param zonesEnd {@code max_pfn << PAGE_SHIFT} when it lies above the end of {@code memory}: the
 *     end of the highest zone as {@code free_area_init()} prints its {@code Zone ranges} (the arch
 *     limit, not clipped to the node) and as x86's {@code NMB HIGHMEM available.} counts it; 0 for
 *     the end of memory. x86 PAE from 6.15 caps {@code max_pfn} at 4 GiB above the PCI hole.
 */
public record ZoneRules(long dmaLimit, boolean highmem, int structPageSize, int pageblockOrder,
    int migrateTypes, long cmaLimit, List<RamRange> nodeMemory, long zonesEnd) {
  /** {@code MAX_ORDER - 1} of a build without {@code CONFIG_FORCE_MAX_ZONEORDER}: 10. */
  public static final int DEFAULT_MAX_PAGE_ORDER = 10;

  /** Checks the values. */
  public ZoneRules {
    if (dmaLimit < 0 || structPageSize < 16 || structPageSize > 128) {
      throw new IllegalArgumentException(
          "zone rules: dmaLimit must be >= 0 and struct page 16..128 bytes, got "
              + dmaLimit + ", " + structPageSize);
    }
    if (cmaLimit < 0 || zonesEnd < 0) {
      throw new IllegalArgumentException(
          "zone rules: cmaLimit and zonesEnd must be >= 0, got " + cmaLimit + ", " + zonesEnd);
    }
    nodeMemory = List.copyOf(nodeMemory);
    if (pageblockOrder < 1 || pageblockOrder > 20 || migrateTypes < 3 || migrateTypes > 8) {
      throw new IllegalArgumentException(
          "zone rules: pageblock order must be 1..20 and MIGRATE_TYPES 3..8, got "
              + pageblockOrder + ", " + migrateTypes);
    }
  }

  /** Rules whose node memory and zones end where the description's {@code memory} does. */
  public ZoneRules(long dmaLimit, boolean highmem, int structPageSize, int pageblockOrder,
      int migrateTypes, long cmaLimit) {
    this(dmaLimit, highmem, structPageSize, pageblockOrder, migrateTypes, cmaLimit, List.of(), 0);
  }

  /** A copy whose node memory is {@code memblock}. */
  public ZoneRules withNodeMemory(List<RamRange> memblock) {
    return new ZoneRules(dmaLimit, highmem, structPageSize, pageblockOrder, migrateTypes, cmaLimit,
        memblock, zonesEnd);
  }

  /** A copy whose highest zone is printed up to {@code end} ({@code max_pfn << PAGE_SHIFT}). */
  public ZoneRules withZonesEnd(long end) {
    return new ZoneRules(dmaLimit, highmem, structPageSize, pageblockOrder, migrateTypes, cmaLimit,
        nodeMemory, end);
  }

  /**
   * Rules with the page-allocator constants of a default build: {@code pageblock_order} 10, five
   * migrate types, and the default CMA area below the end of lowmem.
   */
  public ZoneRules(long dmaLimit, boolean highmem, int structPageSize) {
    this(dmaLimit, highmem, structPageSize, DEFAULT_MAX_PAGE_ORDER, 5, 0);
  }

  /** {@code pageblock_nr_pages}. */
  public long pageblockPages() {
    return 1L << pageblockOrder;
  }

  /**
   * {@code MAX_PAGE_ORDER}, the largest buddy order, inclusive: {@code MAX_ORDER - 1} before 6.4,
   * where {@code CONFIG_FORCE_MAX_ZONEORDER} (renamed {@code ARCH_FORCE_MAX_ORDER} in 6.1) was
   * exclusive; from 6.4 ("mm, treewide: redefine MAX_ORDER sanely") {@code ARCH_FORCE_MAX_ORDER}
   * is the inclusive order itself, default 10 either way.
   */
  public static int maxPageOrder(KernelVersion v, KernelConfig cfg) {
    if (v.atLeast(6, 4)) {
      return (int) cfg.longValue("ARCH_FORCE_MAX_ORDER", DEFAULT_MAX_PAGE_ORDER);
    }
    long exclusive = cfg.longValue("ARCH_FORCE_MAX_ORDER",
        cfg.longValue("FORCE_MAX_ZONEORDER", DEFAULT_MAX_PAGE_ORDER + 1));
    return (int) exclusive - 1;
  }

  /**
   * {@code pageblock_order}: the huge page order when the build has {@code CONFIG_HUGETLB_PAGE}
   * (from 6.10 also with {@code CONFIG_TRANSPARENT_HUGEPAGE}: Baolin Wang, "mm: page_alloc: set
   * pageblock_order to HPAGE_PMD_ORDER in case with !CONFIG_HUGETLB_PAGE but THP enabled"), capped at {@code
   * MAX_PAGE_ORDER} and, from 6.16, at {@code CONFIG_PAGE_BLOCK_MAX_ORDER} ("mm: add
   * CONFIG_PAGE_BLOCK_ORDER to select page block order"); else {@code
   * MAX_PAGE_ORDER}.
   *
   * @param hugePageOrder the architecture's {@code HUGETLB_PAGE_ORDER} / {@code HPAGE_PMD_ORDER}
   *     ({@code HPAGE_SHIFT - PAGE_SHIFT}), 0 when it has no huge pages
   * @param maxPageOrder {@link #maxPageOrder}
   */
  public static int pageblockOrder(KernelVersion v, KernelConfig cfg, int hugePageOrder, int maxPageOrder) {
    int order = maxPageOrder;
    boolean huge = cfg.isEnabled("HUGETLB_PAGE")
        || (v.atLeast(6, 10) && cfg.isEnabled("TRANSPARENT_HUGEPAGE"));
    if (huge && hugePageOrder > 0) {
      order = Math.min(hugePageOrder, order);
    }
    if (v.atLeast(6, 16)) {
      order = (int) Math.min(order, cfg.longValue("PAGE_BLOCK_MAX_ORDER", order));
    }
    return order;
  }

  /**
   * {@code sizeof(struct page)} of a 32-bit build, from its definition in {@code
   * include/linux/mm_types.h}: {@code flags}, a five-word union ({@code lru}, {@code mapping},
   * {@code index}, {@code private}), {@code _mapcount} and {@code _refcount}: 32 bytes; then
   * <ul>
   *   <li>{@code page->mem_cgroup} (3.19, {@code memcg_data} from 5.11) with {@code
   *       CONFIG_MEMCG}, or from 6.10 the same word as {@code _unused_slab_obj_exts} with {@code
   *       CONFIG_SLAB_OBJ_EXT} ({@code CONFIG_MEM_ALLOC_PROFILING});
   *   <li>the {@code kmemcheck} shadow pointer with {@code CONFIG_KMEMCHECK} (until 4.14);
   *   <li>from 5.1 ("mm: add dma_addr_t to struct page") a 64-bit {@code dma_addr_t} in the union
   *       aligned it to 8 bytes, which put a 4-byte hole after {@code flags} and rounded the union
   *       to 24 bytes and the struct to a multiple of 8, until "mm: fix struct page layout on
   *       32-bit systems" (5.13, and the May 2021 stable releases 5.10.38, 5.11.22, 5.12.5:
   *       Debian 5.10.223 armmp-lpae has 36 bytes);
   *   <li>with {@code CONFIG_HAVE_ALIGNED_STRUCT_PAGE} the size is a multiple of two words.
   * </ul>
   * {@code WANT_PAGE_VIRTUAL}, {@code _last_cpupid} (NUMA balancing) and KMSAN do not exist on
   * 32-bit ARM and x86.
   *
   * @param dmaAddr64 whether {@code dma_addr_t} is 64-bit ({@code CONFIG_ARCH_DMA_ADDR_T_64BIT})
   *     and 8-byte aligned inside a struct: ARM LPAE (EABI), MIPS and PowerPC, as the fix's
   *     message lists them; not x86 PAE, whose i386 ABI aligns a {@code u64} member to 4 bytes
   * @param alignedStructPage whether the architecture selects {@code HAVE_ALIGNED_STRUCT_PAGE}
   *     for this build
   */
  public static int structPageSize(
      KernelVersion v, KernelConfig cfg, boolean dmaAddr64, boolean alignedStructPage) {
    boolean hole = dmaAddr64 && v.atLeast(5, 1) && !pageLayoutFixed(v);
    int size = hole ? 8 : 4;
    size += hole ? 24 : 20;
    size += 8;
    if ((cfg.isEnabled("MEMCG") && v.atLeast(3, 19))
        || (v.atLeast(6, 10) && cfg.isEnabled("MEM_ALLOC_PROFILING"))) {
      size += 4;
    }
    if (cfg.isEnabled("KMEMCHECK") && !v.atLeast(4, 15)) {
      size += 4;
    }
    if (hole || alignedStructPage) {
      size = (size + 7) & ~7;
    }
    return size;
  }

  private static boolean pageLayoutFixed(KernelVersion v) {
    if (v.atLeast(5, 13)) {
      return true;
    }
    int fixedIn = switch (v.minor()) {
      case 10 -> 38;
      case 11 -> 22;
      case 12 -> 5;
      default -> Integer.MAX_VALUE;
    };
    return v.major() == 5 && v.patch() >= fixedIn;
  }

  /**
   * {@code MIGRATE_TYPES} ({@code enum migratetype}, {@code include/linux/mmzone.h}): unmovable,
   * reclaimable, movable and reserve (from 4.4 highatomic, the same slot), plus {@code
   * MIGRATE_CMA} with {@code CONFIG_CMA} (3.5+) and {@code MIGRATE_ISOLATE}, always until 3.5 and
   * only with {@code CONFIG_MEMORY_ISOLATION} from 3.6 (which {@code CONFIG_CMA} selects).
   */
  public static int migrateTypes(KernelVersion v, KernelConfig cfg) {
    boolean cma = v.atLeast(3, 5) && cfg.isEnabled("CMA");
    boolean isolate = !v.atLeast(3, 6) || cfg.isEnabled("MEMORY_ISOLATION") || cma
        || cfg.isEnabled("MEMORY_HOTREMOVE");
    return 4 + (cma ? 1 : 0) + (isolate ? 1 : 0);
  }
}

package org.memmap.core;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.RamRange;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.ZoneRules;

/**
 * The default contiguous-memory area, as {@code dma_contiguous_reserve()} ({@code
 * kernel/dma/contiguous.c}) sizes it and {@code cma_declare_contiguous_nid()} ({@code mm/cma.c})
 * places it: {@code cma=size[@base]} or {@code CONFIG_CMA_SIZE_MBYTES} (the Debian armmp default:
 * 16 MiB to 6.12, 128 MiB in 7.x), aligned to {@code CMA_MIN_ALIGNMENT_BYTES}, allocated
 * top-down below the architecture's DMA limit, in highmem when it fits there. Memory other boot
 * code reserved first (device tree, initrd, kernel) is not modelled, so the address can be a few
 * MiB higher than a real boot's; the zone it lands in is the kernel's.
 */
final class Cma {
  private static final Pattern CMA_PARAM =
      Pattern.compile("(\\d+[KMG]?)(?:@(0x[0-9a-fA-F]+|\\d+[KMG]?))?(?:-\\S+)?");

  private Cma() {}

  /** The default area of {@code machine}'s kernel, or none without {@code CONFIG_CMA}. */
  static Optional<RamRange> defaultArea(Machine machine, ArchDescription d, KernelConfig cfg) {
    KernelVersion v = d.kernel();
    if (!v.atLeast(3, 5) || !cfg.isEnabled("CMA")
        || (cfg.mentions("DMA_CMA") && !cfg.isEnabled("DMA_CMA"))) {
      return Optional.empty();
    }
    long size;
    long base = 0;
    List<String> given = machine.commandLine().params("cma");
    if (!given.isEmpty()) {
      Matcher m = CMA_PARAM.matcher(given.get(given.size() - 1));
      if (!m.matches()) {
        throw new InputException("cma=" + given.get(given.size() - 1) + ": expected cma=SIZE[@BASE]");
      }
      size = parseSize(m.group(1));
      base = m.group(2) == null ? 0 : parseSize(m.group(2));
    } else {
      size = cfg.longValue("CMA_SIZE_MBYTES", 0) << 20;
    }
    if (size == 0) {
      return Optional.empty();
    }
    ZoneRules rules = d.zoneRules();
    long align = v.atLeast(5, 18)
        ? rules.pageblockPages() << Addresses.PAGE_SHIFT
        : Addresses.PAGE_SIZE << Math.max(ZoneRules.maxPageOrder(v, cfg), rules.pageblockOrder());
    size = Addresses.alignUp(size, align);
    long memblockEnd = d.memory().get(d.memory().size() - 1).end();
    long limit = rules.cmaLimit() == 0 ? d.lowmemLimit() : rules.cmaLimit();
    limit = Addresses.alignDown(limit, align);
    if (limit > memblockEnd) {
      limit = memblockEnd;
    }
    if (base > 0) {
      return Optional.of(new RamRange(Addresses.alignUp(base, align), size));
    }
    long highmemStart = d.lowmemLimit();
    if (rules.highmem() && highmemStart < limit) {
      Optional<RamRange> high = topDown(d.memory(), highmemStart, limit, size, align);
      // 5.11 .. 6.2: the bottom-up try above 4 GiB ran after this one and overwrote its address
      // (PageAlloc counts the lost highmem block); the area then came from lowmem.
      boolean overwritten = v.atLeast(5, 11) && !v.atLeast(6, 3)
          && memblockEnd >= Addresses.ADDRESS_LIMIT + size;
      if (high.isPresent() && !overwritten) {
        return high;
      }
      limit = highmemStart;
    }
    return topDown(d.memory(), 0, limit, size, align);
  }

  /** {@code memblock_alloc_range_nid()} top-down over free RAM in {@code [start, end)}. */
  private static Optional<RamRange> topDown(List<RamRange> ram, long start, long end, long size, long align) {
    for (int i = ram.size() - 1; i >= 0; i--) {
      RamRange r = ram.get(i);
      long hi = Math.min(r.end(), end);
      long lo = Math.max(r.base(), start);
      long at = Addresses.alignDown(hi - size, align);
      if (hi - lo >= size && at >= lo) {
        return Optional.of(new RamRange(at, size));
      }
    }
    return Optional.empty();
  }

  private static long parseSize(String text) {
    if (text.startsWith("0x")) {
      return Long.parseLong(text.substring(2), 16);
    }
    char unit = text.charAt(text.length() - 1);
    int shift = switch (unit) {
      case 'K' -> 10;
      case 'M' -> 20;
      case 'G' -> 30;
      default -> 0;
    };
    return Long.parseLong(shift == 0 ? text : text.substring(0, text.length() - 1)) << shift;
  }
}

package org.memmap.core.check;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.memmap.api.KernelVersion;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.core.memblock.BootReservations;
import org.memmap.core.memblock.MemblockDump;

/**
 * The {@code Memory:} line's {@code reserved} figure as far as a log gives its inputs: memblock's
 * own lists when the log holds them ({@link MemblockDump}; the oracle harness dumps them on ARM),
 * else the modelled reservations ({@link BootReservations}) when none of their inputs is missing.
 * They are read after boot, so the rule depends on what left the reserved list since:
 *
 * <ul>
 *   <li>up to 6.12 nothing does ({@code free_reserved_area()} and {@code memblock_free_late()} free
 *       pages without touching {@code memblock.reserved}; pinned by the 5.10, 6.1 and 6.12 boots,
 *       whose dumps give the printed figure exactly);
 *   <li>7.2's {@code free_reserved_area()} ({@code mm/memblock.c}) removes the range from {@code
 *       memblock.reserved} with {@code ARCH_KEEP_MEMBLOCK}: each {@code Freeing ... memory: NK} it
 *       printed (init sections, initrd) is added back; between 6.12 and 7.2 the release that
 *       changed it is not pinned, and the figure is skipped.
 * </ul>
 *
 * <p>CMA areas are memblock-reserved until {@code cma_init_reserved_areas()} and leave the figure
 * from 3.19, when the line got {@code cma-reserved}.
 */
final class MemblockReserved {
  private static final Pattern FREEING = Pattern.compile("Freeing .+ memory: (\\d{1,9})K");

  private MemblockReserved() {}

  /**
   * The figure, or why it cannot be had.
   *
   * @param reservedKb the figure in kB, when known
   * @param why the reason it is not, naming the missing input
   */
  record Result(OptionalLong reservedKb, String why) {}

  /**
   * The figure from the log's memblock list, else from {@code model} when it misses no input,
   * else empty with the missing inputs named.
   */
  static Result of(MemoryLayout layout, List<String> lines, BootReservations model) {
    KernelVersion v = layout.description().kernel();
    Optional<MemblockDump> dump = MemblockDump.parse(lines);
    if (dump.isEmpty()) {
      if (model.reservedKb().isPresent()) {
        return new Result(model.reservedKb(), "");
      }
      return new Result(OptionalLong.empty(), "input missing: memblock's reserved list"
          + " (/sys/kernel/debug/memblock/reserved), or for the model: " + String.join("; ", model.missing()));
    }
    boolean removesFreed = v.atLeast(7, 2);
    if (v.atLeast(6, 13) && !removesFreed) {
      return new Result(OptionalLong.empty(), "memblock's reserved list after boot: the release from which"
          + " free_reserved_area() removes freed init memory from it (6.13..7.2) is not pinned");
    }
    long pages = dump.get().reservedPages();
    if (removesFreed) {
      for (String l : lines) {
        Matcher m = FREEING.matcher(l);
        if (m.matches()) {
          pages += Long.parseLong(m.group(1)) / 4;
        }
      }
    }
    long cmaKb = v.atLeast(3, 19) ? layout.machine().cma().stream().mapToLong(RamRange::size).sum() >> 10 : 0;
    return new Result(OptionalLong.of(pages * 4 - cmaKb), "");
  }
}

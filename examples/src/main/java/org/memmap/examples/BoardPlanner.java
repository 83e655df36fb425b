package org.memmap.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.Region;
import org.memmap.api.ZoneType;
import org.memmap.core.MemMap;

/**
 * Plan a board: the same RAM under different VMSPLIT choices, {@code vmalloc=} sizes and kernel
 * releases, side by side — how lowmem, highmem and vmalloc change.
 *
 * <pre>
 * java -p examples/target/classes:memmap-cli/target/mods -m org.memmap.examples/org.memmap.examples.BoardPlanner
 * </pre>
 */
public final class BoardPlanner {
  private BoardPlanner() {}

  /** One variant of the board. */
  record Variant(String label, Machine machine) {}

  /** Prints the comparison table for the default ARM board (1 GiB with a 4 MiB hole). */
  public static void main(String[] args) {
    Machine board = MemMap.board("arm").withSymbols(java.util.Map.of());
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("3.18, 3G split", board));
    variants.add(new Variant("3.18, vmalloc=400M", board.withCommandLine(new KernelCommandLine("vmalloc=400M"))));
    variants.add(new Variant("3.18, vmalloc=96M", board.withCommandLine(new KernelCommandLine("vmalloc=96M"))));
    variants.add(new Variant("3.18, 2G split", board.withConfig(board.config().with("VMSPLIT_2G", "y"))));
    variants.add(new Variant("4.14, 3G split", board.withKernel(KernelVersion.of(4, 14))));
    variants.add(new Variant("5.15, vmalloc=400M", board.withKernel(KernelVersion.of(5, 15))
        .withCommandLine(new KernelCommandLine("vmalloc=400M"))));
    variants.add(new Variant("6.1, 3G_OPT split", board.withKernel(KernelVersion.of(6, 1))
        .withConfig(board.config().with("VMSPLIT_3G_OPT", "y"))));
    System.out.println(String.format(Locale.ROOT, "%-20s %-23s %9s %9s %9s %-23s",
        "variant", "lowmem", "lowmem", "highmem", "vmalloc", "vmalloc range"));
    for (Variant v : variants) {
      MemoryLayout l = MemMap.layout(v.machine());
      Region lowmem = l.region("lowmem").orElseThrow();
      Region vmalloc = l.region("vmalloc").orElseThrow();
      long highMb = l.zone(ZoneType.HIGHMEM).map(z -> z.presentPages() >> 8).orElse(0L);
      System.out.println(String.format(Locale.ROOT, "%-20s 0x%08x-0x%08x %6d MB %6d MB %6d MB 0x%08x-0x%08x",
          v.label(), lowmem.start(), lowmem.end(), lowmem.size() >> 20, highMb, vmalloc.size() >> 20,
          vmalloc.start(), vmalloc.end()));
      l.warnings().forEach(w -> System.out.println("    kernel warns: " + w));
    }
  }
}

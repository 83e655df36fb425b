package org.memmap.api.spi;

import java.util.Optional;

/**
 * The constants of the mapping mechanisms: {@code mm/highmem.c}'s pkmap window and kmap_local
 * slots, {@code mm/vmalloc.c}'s architecture constants, and the page-table format.
 *
 * @param pkmap the pkmap window; empty without {@code CONFIG_HIGHMEM}
 * @param kmapLocal where kmap_atomic / kmap_local slots live
 * @param vmalloc the plugin's vmalloc / ioremap / module_alloc constants; empty for the generic
 *     kernel's over the vmalloc region ({@link VmallocSpec#generic})
 * @param pageTables the page-table format
 */
public record Mechanisms(
    Optional<PkmapSpec> pkmap,
    KmapLocalSpec kmapLocal,
    Optional<VmallocSpec> vmalloc,
    PageTableFormat pageTables) {
  /** Checks that no part is null. */
  public Mechanisms {
    java.util.Objects.requireNonNull(pkmap, "pkmap");
    java.util.Objects.requireNonNull(kmapLocal, "kmapLocal");
    java.util.Objects.requireNonNull(vmalloc, "vmalloc");
    java.util.Objects.requireNonNull(pageTables, "pageTables");
  }

  /** A kernel without {@code CONFIG_HIGHMEM} and with the generic vmalloc constants. */
  public static Mechanisms of(KmapLocalSpec kmapLocal, PageTableFormat pageTables) {
    return new Mechanisms(Optional.empty(), kmapLocal, Optional.empty(), pageTables);
  }

  /** The same mechanisms with a pkmap window ({@code CONFIG_HIGHMEM}). */
  public Mechanisms withPkmap(PkmapSpec p) {
    return new Mechanisms(Optional.of(p), kmapLocal, vmalloc, pageTables);
  }

  /** The same mechanisms without a pkmap window ({@code !CONFIG_HIGHMEM}). */
  public Mechanisms withoutPkmap() {
    return new Mechanisms(Optional.empty(), kmapLocal, vmalloc, pageTables);
  }

  /** The same mechanisms with the architecture's own vmalloc constants. */
  public Mechanisms withVmalloc(VmallocSpec v) {
    return new Mechanisms(pkmap, kmapLocal, Optional.of(v), pageTables);
  }

  /** The same mechanisms with other kmap_local slots. */
  public Mechanisms withKmapLocal(KmapLocalSpec k) {
    return new Mechanisms(pkmap, k, vmalloc, pageTables);
  }

  /** The same mechanisms with another page-table format. */
  public Mechanisms withPageTables(PageTableFormat p) {
    return new Mechanisms(pkmap, kmapLocal, vmalloc, p);
  }
}

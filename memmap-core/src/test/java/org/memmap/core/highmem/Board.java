package org.memmap.core.highmem;

import static org.memmap.api.Addresses.GB;

import java.util.List;
import org.memmap.api.spi.LinearMap;
import org.memmap.api.RamRange;
import org.memmap.api.spi.KmapLocalSpec;
import org.memmap.api.spi.PkmapSpec;

/**
 * The machines the highmem tests run on, with every constant taken from the kernel source or a
 * real boot log (core cannot see the plugins, so the values are written out here).
 */
enum Board {
  /**
   * ARM, 3G split, 1 GiB of RAM at 0, VMALLOC_END 0xff800000, 5.10 (per-CPU kmap_atomic stacks).
   * PKMAP_BASE = PAGE_OFFSET - PMD_SIZE = 0xbfe00000 and LAST_PKMAP = PTRS_PER_PTE = 512
   * (arch/arm/include/asm/highmem.h); lowmem ends at 0x30000000 (spec §1.13, 768 MiB, real logs).
   * FIXADDR_TOP = FIXADDR_END - PAGE_SIZE = 0xffeff000, FIX_KMAP_BEGIN = 1 (after
   * FIX_EARLYCON_MEM_BASE), KM_TYPE_NR = 16 (arch/arm/include/asm/fixmap.h, kmap_types.h, 5.10).
   * ARCH_NEEDS_KMAP_HIGH_GET is defined.
   */
  ARM(new PkmapSpec(0xbfe00000L, 512, true),
      new KmapLocalSpec(0xffeff000L, 1, 16, 4, false),
      new LinearMap(0xc0000000L, 0, 0x30000000L, List.of(new RamRange(0, GB)))),
  /**
   * x86-32 non-PAE, Debian 6.1 686: PKMAP_BASE 0xfec00000 and MAXMEM 0x36bfe000 from the boot
   * log arithmetic in research/x86-61.md §2; LAST_PKMAP = 1024 (asm/pgtable_32_areas.h).
   * FIXADDR_TOP 0xfffff000; FIX_KMAP_BEGIN = 68 (FIX_HOLE, FIX_DBGP_BASE, FIX_EARLYCON_MEM_BASE,
   * FIX_APIC_BASE, 64 FIX_IO_APIC_BASE entries; asm/fixmap.h, x86-61.md §1); KM_MAX_IDX 16,
   * NR_CPUS 32; per-task kmap_local (5.11+). No ARCH_NEEDS_KMAP_HIGH_GET.
   */
  X86(new PkmapSpec(0xfec00000L, 1024, false),
      new KmapLocalSpec(0xfffff000L, 68, 16, 32, true),
      new LinearMap(0xc0000000L, 0, 0x36bfe000L, List.of(new RamRange(0, 2 * GB)))),
  /**
   * x86-32 PAE, Debian 6.1 686-pae: PKMAP_BASE 0xff000000, MAXMEM 0x36ffe000 (x86-61.md §2),
   * LAST_PKMAP = 512; fixmap as for 686.
   */
  X86_PAE(new PkmapSpec(0xff000000L, 512, false),
      new KmapLocalSpec(0xfffff000L, 68, 16, 32, true),
      new LinearMap(0xc0000000L, 0, 0x36ffe000L, List.of(new RamRange(0, 3 * GB))));

  final PkmapSpec pkmap;
  final KmapLocalSpec kmapLocal;
  final LinearMap lowmem;

  Board(PkmapSpec pkmap, KmapLocalSpec kmapLocal, LinearMap lowmem) {
    this.pkmap = pkmap;
    this.kmapLocal = kmapLocal;
    this.lowmem = lowmem;
  }

  /** The first highmem pfn: {@code max_low_pfn}. */
  long firstHighPfn() {
    return lowmem.lowmemLimit() >>> 12;
  }

  /** A fresh simulated kernel: its MMU and its kmap machinery. */
  Machine boot() {
    FakeMmu mmu = new FakeMmu(lowmem);
    return new Machine(mmu, new Highmem(java.util.Optional.of(pkmap), kmapLocal, lowmem, mmu));
  }

  /** One booted machine. */
  record Machine(FakeMmu mmu, Highmem highmem) {}
}

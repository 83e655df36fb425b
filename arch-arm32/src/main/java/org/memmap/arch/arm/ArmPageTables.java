package org.memmap.arch.arm;

import static org.memmap.api.spi.DescriptorKind.BLOCK;
import static org.memmap.api.spi.DescriptorKind.PAGE;
import static org.memmap.api.spi.DescriptorKind.TABLE;

import java.util.List;
import org.memmap.api.spi.DescriptorFormat;
import org.memmap.api.spi.EntryField;
import org.memmap.api.spi.HardwareFormat;
import org.memmap.api.spi.HardwareLevel;
import org.memmap.api.spi.OutputBits;
import org.memmap.api.spi.PageTableFormat;
import org.memmap.api.spi.PageTableLevel;

/**
 * ARM page-table formats as data: the short-descriptor format of the classic 2-level kernel
 * ({@code arch/arm/include/asm/pgtable-2level-hwdef.h}, {@code pgtable-2level.h}) and the LPAE
 * long-descriptor format ({@code pgtable-3level-hwdef.h}, {@code pgtable-3level.h}), with the
 * protection bits an ARMv7 SMP kernel (Debian armmp, armmp-lpae) writes.
 */
final class ArmPageTables {
  private ArmPageTables() {}

  private static EntryField f(String name, int shift, int width) {
    return new EntryField(name, shift, width);
  }

  private static EntryField f(String name, int shift) {
    return new EntryField(name, shift, 1);
  }

  /**
   * Short descriptors. Level 1: {@code PMD_TYPE_MASK} bits 1:0, {@code PMD_TYPE_FAULT} 0, {@code
   * PMD_TYPE_TABLE} 1, {@code PMD_TYPE_SECT} 2 (3: section with PXN on LPAE-capable cores), {@code
   * PMD_SECT_SUPER} bit 18, {@code PMD_DOMAIN(x)} bits 8:5, {@code PMD_SECT_BUFFERABLE} 2, {@code
   * CACHEABLE} 3, {@code XN} 4, {@code AP_WRITE} 10, {@code AP_READ} 11, {@code TEX} 14:12,
   * {@code APX} 15, {@code S} 16, {@code nG} 17. Level 2: {@code PTE_TYPE_LARGE} 1, {@code
   * PTE_TYPE_SMALL} 2 (bit 0 {@code PTE_EXT_XN}), {@code PTE_EXT_AP} 5:4, {@code PTE_EXT_TEX}
   * 8:6, {@code APX} 9, {@code SHARED} 10, {@code NG} 11.
   */
  static PageTableFormat shortDescriptor() {
    List<EntryField> sectFields = List.of(f("PXN", 0), f("B", 2), f("C", 3), f("XN", 4), f("domain", 5, 4),
        f("AP", 10, 2), f("TEX", 12, 3), f("APX", 15), f("S", 16), f("nG", 17));
    List<EntryField> superFields = List.of(f("PXN", 0), f("B", 2), f("C", 3), f("XN", 4),
        f("AP", 10, 2), f("TEX", 12, 3), f("APX", 15), f("S", 16), f("nG", 17));
    HardwareLevel l1 = new HardwareLevel("pgd", 20, 4096, 4, List.of(
        DescriptorFormat.fault("fault", 0x3, 0x0),
        new DescriptorFormat("page-table", TABLE, 0x3, 0x1, List.of(new OutputBits(10, 22, 10)), 10,
            List.of(f("PXN", 2), f("domain", 5, 4))),
        // Supersection: PA[31:24] in bits 31:24, PA[35:32] in bits 23:20, PA[39:36] in bits 8:5.
        new DescriptorFormat("supersection", BLOCK, 0x40002, 0x40002, List.of(
            new OutputBits(24, 8, 24), new OutputBits(20, 4, 32), new OutputBits(5, 4, 36)), 24, superFields),
        new DescriptorFormat("section", BLOCK, 0x40002, 0x00002, List.of(new OutputBits(20, 12, 20)), 20,
            sectFields)),
        // _PAGE_KERNEL_TABLE = PMD_TYPE_TABLE | PMD_BIT4 | PMD_DOMAIN(DOMAIN_KERNEL) (asm/pgalloc.h)
        0x11,
        // MT_MEMORY_RW on ARMv7 SMP: PMD_TYPE_SECT | PMD_SECT_AP_WRITE | PMD_SECT_WBWA | PMD_SECT_S
        // | PMD_SECT_XN (arch/arm/mm/mmu.c build_mem_type_table)
        0x2 | 0x400 | 0x100c | 0x10000 | 0x10,
        0);
    List<EntryField> smallFields = List.of(f("XN", 0), f("B", 2), f("C", 3), f("AP", 4, 2), f("TEX", 6, 3),
        f("APX", 9), f("S", 10), f("nG", 11));
    List<EntryField> largeFields = List.of(f("B", 2), f("C", 3), f("AP", 4, 2), f("APX", 9), f("S", 10),
        f("nG", 11), f("TEX", 12, 3), f("XN", 15));
    HardwareLevel l2 = new HardwareLevel("pte", 12, 256, 4, List.of(
        DescriptorFormat.fault("fault", 0x3, 0x0),
        new DescriptorFormat("large", PAGE, 0x3, 0x1, List.of(new OutputBits(16, 16, 16)), 16, largeFields),
        new DescriptorFormat("small", PAGE, 0x2, 0x2, List.of(new OutputBits(12, 20, 12)), 12, smallFields)),
        0, 0,
        // cpu_v7_set_pte_ext (arch/arm/mm/proc-v7-2level.S) of PAGE_KERNEL: small page | AP0 |
        // TEX(1) (L_PTE_MT_WRITEALLOC) | B | C | SHARED | XN
        0x2 | 0x10 | 0x40 | 0x4 | 0x8 | 0x400 | 0x1);
    HardwareFormat hw = new HardwareFormat(List.of(l1, l2),
        // PTE_HWTABLE_OFF = PTE_HWTABLE_PTRS * sizeof(pte_t) = 512 * 4 (asm/pgtable-2level.h)
        2048,
        // PAGE_KERNEL: L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_DIRTY | L_PTE_MT_WRITEALLOC | L_PTE_SHARED
        // | L_PTE_XN (pgtable-2level.h bits 0, 1, 6, 5:2 = 7, 10, 9)
        0x1 | 0x2 | 0x40 | 0x1c | 0x400 | 0x200,
        // swapper_pg_dir = KERNEL_RAM_VADDR - PG_DIR_SIZE, TEXT_OFFSET 0x8000, PG_DIR_SIZE 0x4000
        // (arch/arm/kernel/head.S)
        0x8000 - 0x4000,
        0,
        false)
        // ioremap(): mem_types[MT_DEVICE].prot_pte = PROT_PTE_DEVICE (L_PTE_PRESENT | YOUNG |
        // DIRTY | XN) | L_PTE_MT_DEV_SHARED (4 << 2) | L_PTE_SHARED = 0x653 (arch/arm/mm/mmu.c);
        // cpu_v7_set_pte_ext: small page | AP0 | TEX(1) (bit 4 of the Linux pte) | SHARED | XN,
        // B = C = 0 (bits 3:2 of the Linux pte) = 0x453
        .withIoremapProt(0x2 | 0x10 | 0x40 | 0x400 | 0x1, 0x1 | 0x2 | 0x40 | 0x200 | 0x10 | 0x400);
    return new PageTableFormat("arm-short",
        List.of(new PageTableLevel("pgd", 21, 2048, 8), new PageTableLevel("pte", 12, 512, 4)), 20, 32, hw);
  }

  /**
   * Long descriptors (LPAE). Bits 1:0: {@code PMD_TYPE_TABLE} 3, {@code PMD_TYPE_SECT} 1, bit 0
   * clear: fault; level 3 {@code PTE_TYPE_PAGE} 3. AttrIndx 4:2, AP 7:6, SH 9:8 ({@code
   * PMD_SECT_S}), AF 10, nG 11, PXN 53, XN 54; output address bits 39:12 ({@code PHYS_MASK_SHIFT}
   * 40).
   */
  static PageTableFormat lpae() {
    List<EntryField> attrs = List.of(f("AttrIndx", 2, 3), f("NS", 5), f("AP", 6, 2), f("SH", 8, 2),
        f("AF", 10), f("nG", 11), f("PXN", 53), f("XN", 54));
    HardwareLevel pgd = new HardwareLevel("pgd", 30, 4, 8, List.of(
        DescriptorFormat.fault("invalid", 0x1, 0x0),
        new DescriptorFormat("table", TABLE, 0x3, 0x3, List.of(new OutputBits(12, 28, 12)), 12,
            List.of(f("PXNTable", 59), f("APTable", 61, 2))),
        new DescriptorFormat("block", BLOCK, 0x3, 0x1, List.of(new OutputBits(30, 10, 30)), 30, attrs)),
        // pud_populate(): __pa(pmd) | PMD_TYPE_TABLE (asm/pgalloc.h)
        0x3, 0, 0);
    // MT_MEMORY_RW: PMD_TYPE_SECT | PMD_SECT_WBWA (7 << 2) | PMD_SECT_S (3 << 8) | PMD_SECT_AF |
    // PMD_SECT_XN (arch/arm/mm/mmu.c build_mem_type_table, pgtable-3level-hwdef.h)
    long lowmemBlock = 0x1 | 0x1c | 0x300 | 0x400 | (1L << 54);
    HardwareLevel pmd = new HardwareLevel("pmd", 21, 512, 8, List.of(
        DescriptorFormat.fault("invalid", 0x1, 0x0),
        new DescriptorFormat("table", TABLE, 0x3, 0x3, List.of(new OutputBits(12, 28, 12)), 12,
            List.of(f("PXNTable", 59), f("APTable", 61, 2))),
        new DescriptorFormat("block", BLOCK, 0x3, 0x1, List.of(new OutputBits(21, 19, 21)), 21, attrs)),
        // _PAGE_KERNEL_TABLE = PMD_TYPE_TABLE (PMD_BIT4 and PMD_DOMAIN are 0 with LPAE)
        0x3, lowmemBlock, 0);
    // PAGE_KERNEL: L_PTE_PRESENT (3) | L_PTE_MT_WRITEALLOC (7 << 2) | L_PTE_SHARED (3 << 8) |
    // L_PTE_YOUNG (1 << 10) | L_PTE_XN (1 << 54) | L_PTE_DIRTY (1 << 55) (asm/pgtable-3level.h)
    long pageKernel = 0x3 | 0x1c | 0x300 | 0x400 | (1L << 54) | (1L << 55);
    HardwareLevel pte = new HardwareLevel("pte", 12, 512, 8, List.of(
        DescriptorFormat.fault("invalid", 0x1, 0x0),
        DescriptorFormat.fault("reserved", 0x3, 0x1),
        new DescriptorFormat("page", PAGE, 0x3, 0x3, List.of(new OutputBits(12, 28, 12)), 12, attrs)),
        0, 0, pageKernel);
    // ioremap(): MT_DEVICE's PROT_PTE_DEVICE (L_PTE_PRESENT | L_PTE_YOUNG | L_PTE_DIRTY |
    // L_PTE_XN) | L_PTE_MT_DEV_SHARED (AttrIndx 4 << 2) | L_PTE_SHARED (arch/arm/mm/mmu.c)
    long device = 0x3 | 0x10 | 0x300 | 0x400 | (1L << 54) | (1L << 55);
    HardwareFormat hw = new HardwareFormat(List.of(pgd, pmd, pte), 0, pageKernel,
        // PG_DIR_SIZE 0x5000 with LPAE: the pgd page and the four pmd tables below TEXT_OFFSET
        0x8000 - 0x5000, 0, false).withIoremapProt(device, device);
    return new PageTableFormat("arm-lpae",
        List.of(new PageTableLevel("pgd", 30, 4, 8), new PageTableLevel("pmd", 21, 512, 8),
            new PageTableLevel("pte", 12, 512, 8)),
        21, 40, hw);
  }
}

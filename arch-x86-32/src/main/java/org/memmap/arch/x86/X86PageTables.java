package org.memmap.arch.x86;

import static org.memmap.api.spi.DescriptorKind.BLOCK;
import static org.memmap.api.spi.DescriptorKind.PAGE;
import static org.memmap.api.spi.DescriptorKind.TABLE;

import java.util.ArrayList;
import java.util.List;
import org.memmap.api.Addresses;
import org.memmap.api.spi.DescriptorFormat;
import org.memmap.api.spi.EntryField;
import org.memmap.api.spi.HardwareFormat;
import org.memmap.api.spi.HardwareLevel;
import org.memmap.api.spi.OutputBits;
import org.memmap.api.spi.PageTableFormat;
import org.memmap.api.spi.PageTableLevel;

/**
 * x86-32 page-table formats as data ({@code arch/x86/include/asm/pgtable_types.h}): {@code
 * _PAGE_BIT_PRESENT} 0, {@code RW} 1, {@code USER} 2, {@code PWT} 3, {@code PCD} 4, {@code
 * ACCESSED} 5, {@code DIRTY} 6, {@code PSE} 7 (PAT on a 4 KiB PTE), {@code GLOBAL} 8, {@code
 * PAT_LARGE} 12, {@code NX} 63 (PAE only).
 */
final class X86PageTables {
  /** {@code _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY}: {@code _PAGE_TABLE}. */
  static final long PAGE_TABLE = 0x67;
  /** {@code __PAGE_KERNEL}: present, RW, accessed, dirty, global. */
  static final long PAGE_KERNEL = 0x163;
  /** {@code _PAGE_PSE}. */
  static final long PSE = 0x80;
  /** {@code _PAGE_NX}. */
  static final long NX = 1L << 63;
  /**
   * {@code _PAGE_PCD}: what {@code cachemode2protval(_PAGE_CACHE_MODE_UC_MINUS)} gives, with or
   * without PAT (asm/pgtable_types.h, arch/x86/mm/pat/memtype.c); {@code ioremap()} ORs it into
   * {@code PAGE_KERNEL_IO} = {@code __PAGE_KERNEL} (arch/x86/mm/ioremap.c {@code __ioremap_caller}).
   */
  static final long PCD = 0x10;

  private X86PageTables() {}

  private static List<EntryField> fields(boolean large, boolean nx) {
    List<EntryField> f = new ArrayList<>(List.of(new EntryField("P", 0, 1), new EntryField("RW", 1, 1),
        new EntryField("US", 2, 1), new EntryField("PWT", 3, 1), new EntryField("PCD", 4, 1),
        new EntryField("A", 5, 1), new EntryField("D", 6, 1),
        new EntryField(large ? "PS" : "PAT", 7, 1), new EntryField("G", 8, 1)));
    if (nx) {
      f.add(new EntryField("NX", 63, 1));
    }
    return f;
  }

  private static List<EntryField> tableFields(boolean nx) {
    List<EntryField> f = new ArrayList<>(List.of(new EntryField("P", 0, 1), new EntryField("RW", 1, 1),
        new EntryField("US", 2, 1), new EntryField("A", 5, 1)));
    if (nx) {
      f.add(new EntryField("NX", 63, 1));
    }
    return f;
  }

  /**
   * 2-level: 1024 PDEs of 4 MiB ({@code PGDIR_SHIFT} 22), 4 MiB PSE pages (PA[31:22] in bits
   * 31:22, PSE-36 PA[39:32] in bits 20:13), 1024 PTEs.
   */
  static PageTableFormat twoLevel() {
    HardwareLevel pgd = new HardwareLevel("pgd", 22, 1024, 4, List.of(
        DescriptorFormat.fault("not-present", 0x1, 0x0),
        new DescriptorFormat("4M", BLOCK, PSE | 0x1, PSE | 0x1,
            List.of(new OutputBits(22, 10, 22), new OutputBits(13, 8, 32)), 22, fields(true, false)),
        new DescriptorFormat("table", TABLE, PSE | 0x1, 0x1, List.of(new OutputBits(12, 20, 12)), 12,
            tableFields(false))),
        // one_page_table_init() / pmd_populate_kernel(): __pa(pte) | _PAGE_TABLE (arch/x86/mm/init_32.c)
        PAGE_TABLE,
        // kernel_physical_mapping_init(): PAGE_KERNEL_LARGE(_EXEC) = __PAGE_KERNEL(_EXEC) | _PAGE_PSE
        PAGE_KERNEL | PSE, 0);
    HardwareLevel pte = new HardwareLevel("pte", 12, 1024, 4, List.of(
        DescriptorFormat.fault("not-present", 0x1, 0x0),
        new DescriptorFormat("4K", PAGE, 0x1, 0x1, List.of(new OutputBits(12, 20, 12)), 12, fields(false, false))),
        0, 0, PAGE_KERNEL);
    HardwareFormat hw = new HardwareFormat(List.of(pgd, pte), 0, PAGE_KERNEL, -1, Addresses.MB, true)
        .withIoremapProt(PAGE_KERNEL | PCD, PAGE_KERNEL | PCD);
    return new PageTableFormat("x86-2level",
        List.of(new PageTableLevel("pgd", 22, 1024, 4), new PageTableLevel("pte", 12, 1024, 4)), 22, 32, hw);
  }

  /**
   * PAE: 4 PDPTEs (present bit only; address bits 51:12), 512 PMDs with 2 MiB pages (PA in bits
   * 51:21), 512 PTEs; NX in bit 63. The kernel's PAE physical space is 36 bits ({@code
   * __PHYSICAL_MASK_SHIFT} 36 on x86-32 before 4.17, then 52; RAM the model accepts stays below 64 GiB).
   */
  static PageTableFormat pae() {
    HardwareLevel pgd = new HardwareLevel("pgd", 30, 4, 8, List.of(
        DescriptorFormat.fault("not-present", 0x1, 0x0),
        new DescriptorFormat("pdpte", TABLE, 0x1, 0x1, List.of(new OutputBits(12, 40, 12)), 12,
            List.of(new EntryField("P", 0, 1), new EntryField("PWT", 3, 1), new EntryField("PCD", 4, 1)))),
        // one_md_table_init(): __pa(pmd_table) | _PAGE_PRESENT (arch/x86/mm/init_32.c)
        0x1, 0, 0);
    HardwareLevel pmd = new HardwareLevel("pmd", 21, 512, 8, List.of(
        DescriptorFormat.fault("not-present", 0x1, 0x0),
        new DescriptorFormat("2M", BLOCK, PSE | 0x1, PSE | 0x1, List.of(new OutputBits(21, 31, 21)), 21,
            fields(true, true)),
        new DescriptorFormat("table", TABLE, PSE | 0x1, 0x1, List.of(new OutputBits(12, 40, 12)), 12,
            tableFields(true))),
        // PAGE_KERNEL_LARGE with NX (__supported_pte_mask has _PAGE_NX on NX-capable CPUs)
        PAGE_TABLE, PAGE_KERNEL | PSE | NX, 0);
    HardwareLevel pte = new HardwareLevel("pte", 12, 512, 8, List.of(
        DescriptorFormat.fault("not-present", 0x1, 0x0),
        new DescriptorFormat("4K", PAGE, 0x1, 0x1, List.of(new OutputBits(12, 40, 12)), 12, fields(false, true))),
        0, 0, PAGE_KERNEL | NX);
    HardwareFormat hw = new HardwareFormat(List.of(pgd, pmd, pte), 0, PAGE_KERNEL | NX, -1,
        Addresses.MB, true)
        // pmd_set_huge() (arch/x86/mm/pgtable.c): protval_4k_2_large(prot) | _PAGE_PSE; the UC-
        // bits have no PAT bit to move
        .withIoremapProt(PAGE_KERNEL | PCD | NX, PAGE_KERNEL | PCD | NX, PAGE_KERNEL | PCD | PSE | NX);
    return new PageTableFormat("x86-pae",
        List.of(new PageTableLevel("pgd", 30, 4, 8), new PageTableLevel("pmd", 21, 512, 8),
            new PageTableLevel("pte", 12, 512, 8)),
        21, 36, hw);
  }
}

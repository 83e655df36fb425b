package org.memmap.arch.x86;

import static org.memmap.api.Addresses.PAGE_SIZE;

import java.util.List;
import java.util.Optional;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;

/**
 * The x86-32 fixmap ({@code enum fixed_addresses} of {@code asm/fixmap.h}) and cpu_entry_area
 * sizes of one build: the permanent part (the banner's {@code fixmap} line), the boot-time
 * part (early_ioremap slots) below it, and the cpu_entry_area below that.
 *
 * @param fixaddrStart {@code FIXADDR_START}
 * @param fixaddrTotStart {@code FIXADDR_TOT_START} ({@code FIXADDR_BOOT_START} before 4.15)
 * @param cpuEntryAreaBase the {@code cpu_entry} base when the input gives it
 * @param cpuEntryAreaBasePages {@code CPU_ENTRY_AREA_PAGES} as the base formula uses it
 * @param cpuEntryAreaMapPages {@code CPU_ENTRY_AREA_MAP_SIZE} in pages (the banner's size)
 * @param kmapBegin {@code FIX_KMAP_BEGIN}
 */
record Fixmap(
    long fixaddrStart,
    long fixaddrTotStart,
    Optional<Long> cpuEntryAreaBase,
    long cpuEntryAreaBasePages,
    long cpuEntryAreaMapPages,
    int kmapBegin) {

  static Fixmap of(Machine m, KernelConfig cfg, KernelVersion v, boolean pae, List<String> notes) {
    FixmapModel model = FixmapModel.of(cfg, v, pae, notes);
    long nPerm = model.nPerm();
    if (m.boardFact("fixaddr_start").isPresent()) {
      long start = m.boardSize("fixaddr_start").get();
      if (start >= X86Layouts.FIXADDR_TOP || !Addresses.isAligned(start, PAGE_SIZE)
          || start < 0xff000000L) {
        throw new InputException(InputException.Input.BOARD_FACT, "board fact fixaddr_start "
            + Addresses.hex(start) + ": expected a page-aligned address between 0xff000000 and 0xfffff000");
      }
      nPerm = (X86Layouts.FIXADDR_TOP - start) / PAGE_SIZE;
    }
    long ptrsPerPte = pae ? 512 : 1024;
    long totalBtmaps = model.totalBtmaps();
    // FIX_BTMAP_END: the early_ioremap slots must not cross a page-table boundary.
    long btmapEnd = ((nPerm ^ (nPerm + totalBtmaps - 1)) & -ptrsPerPte) != 0
        ? nPerm + totalBtmaps - (nPerm & (totalBtmaps - 1))
        : nPerm;
    long nAll = btmapEnd + totalBtmaps + model.afterBtmaps();
    long fixaddrStart = X86Layouts.FIXADDR_TOP - nAll * PAGE_SIZE;
    // The cpu_entry_area sits below the fixmap and above PAGE_OFFSET (0xc0000000 at most).
    Optional<Long> ceaBase = m.boardSize("cpu_entry_area_base", 0x40000000L, fixaddrStart - PAGE_SIZE);
    if (ceaBase.isPresent() && !Addresses.isAligned(ceaBase.get(), PAGE_SIZE)) {
      throw new InputException(InputException.Input.BOARD_FACT, "board fact cpu_entry_area_base "
          + Addresses.hex(ceaBase.get()) + ": must be page-aligned (a multiple of 0x1000)");
    }
    long ceaPages = m.boardSize("cpu_entry_area_size", PAGE_SIZE, 64 * Addresses.MB)
        .map(s -> Addresses.alignUp(s, PAGE_SIZE) / PAGE_SIZE)
        .orElse(model.cpuEntryAreaMapPages());
    if (ceaBase.isPresent() && ceaBase.get() + ceaPages * PAGE_SIZE > fixaddrStart) {
      throw new InputException(InputException.Input.BOARD_FACT, "board facts cpu_entry_area_base "
          + Addresses.hex(ceaBase.get()) + " + cpu_entry_area_size " + ceaPages * PAGE_SIZE
          + " bytes: the area must end at or below the fixmap start " + Addresses.hex(fixaddrStart));
    }
    return new Fixmap(
        X86Layouts.FIXADDR_TOP - nPerm * PAGE_SIZE,
        fixaddrStart,
        ceaBase,
        model.cpuEntryAreaBasePages(),
        ceaPages,
        model.kmapBegin());
  }
}

package org.memmap.core.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.memmap.api.Addresses;
import org.memmap.api.MemoryLayout;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;
import org.memmap.api.Zone;
import org.memmap.core.proc.ProcModules;
import org.memmap.core.proc.VmallocInfo;
import org.memmap.core.vmalloc.VmallocinfoLine;

/**
 * What a virtual address is on a machine, as {@code memmap explain} prints it.
 *
 * <pre>{@code
 * MemoryLayout layout = MemMap.layout("arm");
 * Explain.explain(layout, 0xc0008000L);
 * // 0xc0008000: lowmem+0x8000 (0xc0000000-0xef800000); phys 0x00008000, pfn 0x8, zone Normal
 * }</pre>
 */
public final class Explain {
  private Explain() {}

  /**
   * One line about {@code vaddr} on the layout's machine: the regions that hold it with the
   * offset into each (smallest first); for lowmem and the kernel image the physical address, pfn
   * and zone. As {@code memmap explain ADDRESS} prints it.
   */
  public static String explain(MemoryLayout layout, long vaddr) {
    return explain(layout, vaddr, null, null);
  }

  /**
   * One line about {@code vaddr}, as {@link #explain(MemoryLayout, long)}, and also the module
   * that holds it ({@code name+0xoff/0xsize}, as an oops prints it) or its neighbours, and the
   * vmalloc area that holds it and its caller.
   *
   * @param modules the machine's {@code /proc/modules}, or {@code null}
   * @param vmallocinfo the machine's {@code /proc/vmallocinfo}, or {@code null}
   */
  public static String explain(MemoryLayout layout, long vaddr, ProcModules modules, VmallocInfo vmallocinfo) {
    StringBuilder sb = new StringBuilder(Addresses.hex(vaddr)).append(':');
    List<Region> hits = layout.regions().stream().filter(r -> r.contains(vaddr)).toList();
    if (hits.isEmpty()) {
      sb.append(" in no region of the layout");
      if (vaddr < layout.pageOffset()) {
        sb.append(" (below PAGE_OFFSET ").append(Addresses.hex(layout.pageOffset())).append(": user space)");
      }
    }
    // The most specific region first: kernel image sections before lowmem.
    List<Region> ordered = new ArrayList<>(hits);
    ordered.sort(java.util.Comparator.comparingLong(Region::size));
    List<String> parts = new ArrayList<>();
    for (Region r : ordered) {
      parts.add(String.format(Locale.ROOT, "%s+0x%x (%s-%s)", r.name(), vaddr - r.start(),
          Addresses.hex(r.start()), Addresses.hex(r.end())));
    }
    if (!parts.isEmpty()) {
      sb.append(' ').append(String.join(", ", parts));
    }
    boolean linear = hits.stream().anyMatch(r -> r.kind() == RegionKind.LOWMEM || r.kind() == RegionKind.KERNEL_IMAGE);
    if (linear && vaddr >= layout.pageOffset() && vaddr < layout.highMemory()) {
      long paddr = layout.virtToPhys(vaddr);
      long pfn = Addresses.pfnDown(paddr);
      Optional<Zone> zone = layout.zones().stream()
          .filter(z -> pfn >= z.startPfn() && pfn < z.endPfn()).findFirst();
      sb.append(String.format(Locale.ROOT, "; phys 0x%08x, pfn 0x%x, zone %s", paddr, pfn,
          zone.map(z -> z.type().kernelName()).orElse("none (a hole)")));
    }
    boolean inModules = hits.stream().anyMatch(r -> r.kind() == RegionKind.MODULES)
        || (modules != null && modules.find(vaddr).isPresent());
    if (modules != null && inModules) {
      Optional<ProcModules.Module> m = modules.find(vaddr);
      if (m.isPresent()) {
        sb.append("; module ").append(m.get().decode(vaddr));
      } else {
        sb.append("; in the module area but in no loaded module");
        modules.below(vaddr).ifPresent(b -> sb.append(String.format(Locale.ROOT,
            ", after %s (%s-%s, +0x%x past its end)", b.name(), Addresses.hex(b.address()),
            Addresses.hex(b.end()), vaddr - b.end())));
        modules.above(vaddr).ifPresent(a -> sb.append(String.format(Locale.ROOT,
            ", before %s (%s, 0x%x below it)", a.name(), Addresses.hex(a.address()), a.address() - vaddr)));
      }
    }
    if (vmallocinfo != null) {
      Optional<VmallocinfoLine> e = vmallocinfo.find(vaddr);
      if (e.isPresent()) {
        VmallocinfoLine a = e.get();
        sb.append(String.format(Locale.ROOT, "; vmalloc area %s-%s +0x%x", Addresses.hex(a.start()),
            Addresses.hex(a.end()), vaddr - a.start()));
        if (a.kind() == VmallocinfoLine.Kind.UNPURGED) {
          sb.append(" (lazily freed: unpurged vm_area)");
        } else if (a.kind() == VmallocinfoLine.Kind.VM_MAP_RAM) {
          sb.append(" (vm_map_ram)");
        } else {
          sb.append(a.caller().isEmpty() ? " (no caller)" : " caller " + a.caller());
          if (!a.flags().isEmpty()) {
            sb.append(' ').append(String.join(" ", a.flags()));
          }
          if (a.phys() > 0) {
            sb.append(String.format(Locale.ROOT, " phys 0x%08x", a.phys() + (vaddr - a.start())));
          }
          if (a.inGuardPage(vaddr)) {
            sb.append(" (in its guard page: an overrun)");
          }
        }
      } else if (hits.stream().anyMatch(r -> r.kind() == RegionKind.VMALLOC)) {
        sb.append("; in no area of the vmallocinfo given");
      }
    }
    return sb.toString();
  }
}

package org.memmap.examples;

import java.util.ArrayList;
import java.util.List;
import org.memmap.api.Addresses;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.core.MemMap;
import org.memmap.core.render.Renderers;
import org.memmap.core.sim.SimKernel;
import org.memmap.core.vmalloc.VmStruct;

/**
 * The library in a few statements each, written against the public API alone (no {@code
 * org.memmap.api.spi}): lay out the default board and a 2 GiB PAE PC, read {@code VMALLOC_START}
 * and {@code PKMAP_BASE}, kmap a highmem page and translate its address, vmalloc an area, render
 * JSON and SVG. Prints one {@code name=value} line per result.
 *
 * <pre>
 * java -p examples/target/classes:memmap-cli/target/mods -m org.memmap.examples/org.memmap.examples.LibraryTour
 * java -cp memmap-cli/target/memmap.jar:examples/target/classes org.memmap.examples.LibraryTour
 * </pre>
 */
public final class LibraryTour {
  private LibraryTour() {}

  /** The results, one {@code name=value} line each. */
  public static List<String> tour() {
    List<String> out = new ArrayList<>();

    // The default board, and a PC with 2 GiB (a qemu e820 map) and PAE.
    MemoryLayout board = MemMap.layout("arm");
    Machine pc = MemMap.board("x86").withRam(List.of(RamRange.parse("0x9f000@0x1000"), RamRange.parse("0x7fee0000@0x100000")));
    MemoryLayout pae = MemMap.layout(pc.withConfig(pc.config().with("CONFIG_X86_PAE", "y")));

    // VMALLOC_START and PKMAP_BASE, as the boot banner prints them.
    out.add("board.vmallocStart=" + Addresses.hex(board.vmallocStart()));
    out.add("board.pkmapBase=" + Addresses.hex(board.pkmapBase().orElseThrow()));
    out.add("pc.lowmemLimit=" + Addresses.hex(pae.lowmemLimit()));
    out.add("pc.vmallocTotalKb=" + pae.vmallocTotalKb());
    out.add("pc.highmemKb=" + pae.highmemFreePages() * 4);

    // kmap a highmem page of our own, and translate the address kmap gave.
    SimKernel kernel = SimKernel.boot(board);
    long page = kernel.pageAllocator().allocPage(true);
    long vaddr = kernel.highmem().kmap(page);
    out.add("kmap.page=" + Addresses.hex(Addresses.pfnToPhys(page)));
    out.add("kmap.vaddr=" + Addresses.hex(vaddr));
    out.add("kmap.translated=" + Addresses.hex(kernel.translate(vaddr)));

    // vmalloc an area.
    VmStruct area = kernel.vmalloc().vmalloc(64 * 1024, "tour");
    out.add("vmalloc.area=" + Addresses.hex(area.addr()) + "-" + Addresses.hex(area.end()));

    // JSON and SVG.
    String json = Renderers.json(board);
    String svg = Renderers.svg(pae);
    out.add("json.pageOffset=" + json.contains("\"pageOffset\" : 3221225472"));
    out.add("svg=" + (svg.startsWith("<svg") && svg.strip().endsWith("</svg>")));
    return out;
  }

  /** Prints the results. */
  public static void main(String[] args) {
    tour().forEach(System.out::println);
  }
}

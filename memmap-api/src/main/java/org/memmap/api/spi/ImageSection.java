package org.memmap.api.spi;

import java.util.ArrayList;
import java.util.List;
import org.memmap.api.Machine;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;

/**
 * A kernel image section as a banner prints it: a name and the two {@code System.map} symbols
 * that bound it, e.g. {@code .text} = {@code _text .. _etext}.
 *
 * @param name the banner's name, {@code .text}
 * @param startSymbol the symbol of the first byte
 * @param endSymbol the symbol of the exclusive end
 */
public record ImageSection(String name, String startSymbol, String endSymbol) {
  /**
   * The sections whose two symbols {@code machine} knows, as {@link RegionKind#KERNEL_IMAGE}
   * regions in the given order; sections with an unknown symbol are left out.
   */
  public static List<Region> regions(Machine machine, List<ImageSection> sections) {
    List<Region> out = new ArrayList<>();
    for (ImageSection s : sections) {
      var start = machine.symbol(s.startSymbol());
      var end = machine.symbol(s.endSymbol());
      if (start.isPresent() && end.isPresent() && end.get() >= start.get()) {
        out.add(new Region(s.name(), RegionKind.KERNEL_IMAGE, start.get(), end.get()));
      }
    }
    return out;
  }
}

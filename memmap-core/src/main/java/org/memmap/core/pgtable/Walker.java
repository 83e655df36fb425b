package org.memmap.core.pgtable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.memmap.api.spi.DescriptorFormat;
import org.memmap.api.spi.DescriptorKind;
import org.memmap.api.spi.EntryField;
import org.memmap.api.spi.HardwareFormat;
import org.memmap.api.spi.HardwareLevel;
import org.memmap.api.spi.UnmappedSegment;

/**
 * The MMU's table walk, generic over the hardware formats plugins describe: an address in one of
 * the format's unmapped windows (MIPS32 KSEG0 / KSEG1) is translated by the window's offset
 * without reading a table; otherwise read the entry the address indexes at each level, decode it
 * by its type bits, descend through tables, and stop at a block, a page or a fault.
 */
public final class Walker {
  private Walker() {}

  /**
   * Walks {@code vaddr} from the top-level table at {@code pgdPaddr}, recording every level.
   */
  public static Walk walk(HardwareFormat format, long pgdPaddr, TableMemory memory, long vaddr) {
    UnmappedSegment segment = format.unmappedSegment(vaddr);
    if (segment != null) {
      return Walk.unmapped(vaddr, segment);
    }
    List<WalkStep> steps = new ArrayList<>();
    long table = pgdPaddr;
    List<HardwareLevel> levels = format.levels();
    for (int i = 0; i < levels.size(); i++) {
      HardwareLevel level = levels.get(i);
      int index = level.index(vaddr);
      long entryPaddr = table + (long) index * level.entryBytes();
      long entry = memory.readEntry(entryPaddr, level.entryBytes());
      DescriptorFormat d = level.decode(entry);
      steps.add(new WalkStep(level.name(), index, entryPaddr, entry, level.entryBytes(), d.name(), d.kind(),
          fields(d, entry)));
      switch (d.kind()) {
        case FAULT -> {
          return new Walk(vaddr, steps, -1, level.name(),
              String.format(Locale.ROOT, "%s[%d] = 0x%x is a %s descriptor, no translation", level.name(), index, entry, d.name()));
        }
        case TABLE -> {
          if (i == levels.size() - 1) {
            return new Walk(vaddr, steps, -1, level.name(), level.name() + " entry points at a table below the last level");
          }
          table = d.outputAddress(entry);
        }
        case BLOCK, PAGE -> {
          long mask = (1L << d.blockShift()) - 1;
          return new Walk(vaddr, steps, (d.outputAddress(entry) & ~mask) | (vaddr & mask), null, null);
        }
        default -> throw new AssertionError(d.kind());
      }
    }
    throw new AssertionError("walk fell off the last level");
  }

  /**
   * The physical address {@code vaddr} reaches, or -1 on a fault; the walk without its record,
   * allocating nothing.
   */
  public static long translate(HardwareFormat format, long pgdPaddr, TableMemory memory, long vaddr) {
    UnmappedSegment segment = format.unmappedSegment(vaddr);
    if (segment != null) {
      return segment.paddr(vaddr);
    }
    return translateMapped(format, pgdPaddr, memory, vaddr);
  }

  /**
   * {@link #translate} of an address the caller knows lies outside the format's unmapped
   * segments: the table walk alone.
   */
  public static long translateMapped(HardwareFormat format, long pgdPaddr, TableMemory memory,
      long vaddr) {
    long table = pgdPaddr;
    List<HardwareLevel> levels = format.levels();
    for (int i = 0, n = levels.size(); i < n; i++) {
      HardwareLevel level = levels.get(i);
      long entry = memory.readEntry(table + level.index(vaddr) * level.entryBytes(), level.entryBytes());
      DescriptorFormat d = level.decode(entry);
      DescriptorKind kind = d.kind();
      if (kind == DescriptorKind.FAULT || (kind == DescriptorKind.TABLE && i == n - 1)) {
        return -1;
      }
      if (kind == DescriptorKind.TABLE) {
        table = d.outputAddress(entry);
      } else {
        long mask = (1L << d.blockShift()) - 1;
        return (d.outputAddress(entry) & ~mask) | (vaddr & mask);
      }
    }
    return -1;
  }

  private static String fields(DescriptorFormat d, long entry) {
    StringBuilder sb = new StringBuilder();
    if (d.kind() != DescriptorKind.FAULT) {
      sb.append(d.kind() == DescriptorKind.TABLE ? "table=" : "base=")
          .append(String.format(Locale.ROOT, "0x%08x", d.outputAddress(entry)));
    }
    for (EntryField f : d.fields()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(f.name()).append('=').append(f.width() == 1 ? Long.toString(f.get(entry))
          : String.format(Locale.ROOT, "0x%x", f.get(entry)));
    }
    return sb.toString();
  }
}

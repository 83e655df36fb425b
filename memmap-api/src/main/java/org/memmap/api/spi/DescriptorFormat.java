package org.memmap.api.spi;

import java.util.List;

/**
 * One kind of descriptor a level may hold, recognised by its type bits: {@code (entry & typeMask)
 * == typeValue}. A level lists its kinds in the order the hardware tells them apart; the first
 * that matches decides.
 *
 * @param name the manual's name ({@code fault}, {@code page-table}, {@code section}, {@code
 *     supersection}, {@code small}, {@code large}, {@code block}, {@code 4M}, ...)
 * @param kind what the walk does with it
 * @param typeMask the type bits
 * @param typeValue their value for this kind
 * @param address where the output (table or memory) address lies in the entry; empty for faults
 * @param blockShift for {@link DescriptorKind#BLOCK} and {@link DescriptorKind#PAGE}: log2 of the
 *     size mapped (20 for a 1 MiB section, 16 for a 64 KiB large page, 12 for a 4 KiB page);
 *     for a table, log2 of the alignment of the table it points at; 0 for faults
 * @param fields the fields decoded for display
 */
public record DescriptorFormat(
    String name, DescriptorKind kind, long typeMask, long typeValue, List<OutputBits> address,
    int blockShift, List<EntryField> fields) {
  /** Copies the lists and checks the kind's needs. */
  public DescriptorFormat {
    address = List.copyOf(address);
    fields = List.copyOf(fields);
    if ((typeValue & ~typeMask) != 0) {
      throw new IllegalArgumentException("descriptor " + name + ": type value outside its mask");
    }
    if (kind != DescriptorKind.FAULT && address.isEmpty()) {
      throw new IllegalArgumentException("descriptor " + name + " (" + kind + ") has no address bits");
    }
    if (blockShift < 0 || blockShift > 40) {
      throw new IllegalArgumentException("descriptor " + name + ": block shift " + blockShift);
    }
  }

  /** A fault descriptor. */
  public static DescriptorFormat fault(String name, long typeMask, long typeValue) {
    return new DescriptorFormat(name, DescriptorKind.FAULT, typeMask, typeValue, List.of(), 0, List.of());
  }

  /** Whether {@code entry} is of this kind. */
  public boolean matches(long entry) {
    return (entry & typeMask) == typeValue;
  }

  /** The output address the entry holds (a table's or a block's / page's base). */
  public long outputAddress(long entry) {
    long a = 0;
    for (OutputBits b : address) {
      a |= b.extract(entry);
    }
    return a;
  }

  /** The entry bits for output address {@code paddr}. */
  public long encodeAddress(long paddr) {
    long e = 0;
    for (OutputBits b : address) {
      e |= b.insert(paddr);
    }
    return e;
  }
}

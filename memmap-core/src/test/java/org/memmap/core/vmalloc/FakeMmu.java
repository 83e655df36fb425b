package org.memmap.core.vmalloc;

import java.util.HashMap;
import java.util.Map;
import org.memmap.api.Addresses;
import org.memmap.core.mm.Mmu;

/** A page table as a map and a TLB as another map; records flushes. Test fake. */
final class FakeMmu implements Mmu {
  final Map<Long, Long> ptes = new HashMap<>();
  final Map<Long, Long> tlb = new HashMap<>();
  final java.util.List<long[]> flushes = new java.util.ArrayList<>();

  @Override
  public void setPte(long vaddr, long pfn) {
    if (ptes.putIfAbsent(vaddr, pfn) != null) {
      throw new IllegalStateException("already mapped " + Addresses.hex(vaddr));
    }
  }

  @Override
  public void clearPte(long vaddr) {
    if (ptes.remove(vaddr) == null) {
      throw new IllegalStateException("not mapped " + Addresses.hex(vaddr));
    }
  }

  @Override
  public void flushTlbRange(long start, long end) {
    flushes.add(new long[] {start, end});
    tlb.keySet().removeIf(v -> v >= start && v < end);
  }

  @Override
  public void flushTlbAll() {
    tlb.clear();
  }

  @Override
  public long translate(long vaddr) {
    long page = vaddr & -Addresses.PAGE_SIZE;
    Long pfn = tlb.get(page);
    if (pfn == null) {
      pfn = ptes.get(page);
      if (pfn == null) {
        return -1;
      }
      tlb.put(page, pfn);
    }
    return (pfn << Addresses.PAGE_SHIFT) | (vaddr & (Addresses.PAGE_SIZE - 1));
  }

  @Override
  public void write(long vaddr, byte[] data) {
    throw new UnsupportedOperationException();
  }

  @Override
  public byte[] read(long vaddr, int length) {
    throw new UnsupportedOperationException();
  }
}

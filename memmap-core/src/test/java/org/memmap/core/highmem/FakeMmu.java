package org.memmap.core.highmem;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.memmap.api.spi.LinearMap;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.core.mm.Mmu;

/**
 * A small MMU for the highmem tests: kernel PTEs as a map vaddr page to pfn, the linear map as a
 * fixed translation, one TLB that caches every translation it makes and keeps an entry after
 * {@link #clearPte} (and after a new {@link #setPte} of the same page) until a flush drops it, and
 * sparse physical memory, one byte array per pfn.
 */
final class FakeMmu implements Mmu {
  /** A TLB flush the code under test issued. */
  record Flush(long start, long end) {}

  private final long pageOffset;
  private final long highMemory;
  private final long physOffset;
  private final Map<Long, Long> pte = new HashMap<>();
  private final Map<Long, Long> tlb = new HashMap<>();
  private final Map<Long, byte[]> memory = new HashMap<>();
  private final List<Flush> flushes = new ArrayList<>();

  FakeMmu(LinearMap lowmem) {
    this.pageOffset = lowmem.pageOffset();
    this.highMemory = lowmem.highMemory();
    this.physOffset = lowmem.physOffset();
  }

  @Override
  public synchronized void setPte(long vaddr, long pfn) {
    long page = page(vaddr);
    if (pte.containsKey(page)) {
      throw new IllegalStateException("set_pte_at: " + Addresses.hex(page) + " is already mapped");
    }
    pte.put(page, pfn);
  }

  @Override
  public synchronized void clearPte(long vaddr) {
    if (pte.remove(page(vaddr)) == null) {
      throw new IllegalStateException("pte_clear: " + Addresses.hex(vaddr) + " is not mapped");
    }
  }

  @Override
  public synchronized void flushTlbRange(long start, long end) {
    flushes.add(new Flush(start, end));
    for (Iterator<Long> it = tlb.keySet().iterator(); it.hasNext(); ) {
      long page = it.next();
      if (page >= start && page < end) {
        it.remove();
      }
    }
  }

  @Override
  public synchronized void flushTlbAll() {
    flushes.add(new Flush(0, Addresses.ADDRESS_LIMIT));
    tlb.clear();
  }

  @Override
  public synchronized long translate(long vaddr) {
    long pfn = pfn(vaddr);
    return pfn < 0 ? -1 : (pfn << Addresses.PAGE_SHIFT) | (vaddr & (Addresses.PAGE_SIZE - 1));
  }

  @Override
  public synchronized void write(long vaddr, byte[] data) {
    for (int i = 0; i < data.length; i++) {
      page(vaddr + i, true)[(int) ((vaddr + i) & 0xfff)] = data[i];
    }
  }

  @Override
  public synchronized byte[] read(long vaddr, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = page(vaddr + i, false)[(int) ((vaddr + i) & 0xfff)];
    }
    return out;
  }

  /** The PTE of the page at {@code vaddr}, -1 for none (ignores the TLB). */
  synchronized long pte(long vaddr) {
    return pte.getOrDefault(page(vaddr), -1L);
  }

  /** Installed PTEs. */
  synchronized int pteCount() {
    return pte.size();
  }

  /** The flushes so far. */
  synchronized List<Flush> flushes() {
    return List.copyOf(flushes);
  }

  /** Reads physical memory directly. */
  synchronized byte[] readPhys(long pfn, int offset, int length) {
    byte[] page = memory.computeIfAbsent(pfn, p -> new byte[(int) Addresses.PAGE_SIZE]);
    byte[] out = new byte[length];
    System.arraycopy(page, offset, out, 0, length);
    return out;
  }

  private byte[] page(long vaddr, boolean write) {
    long pfn = pfn(vaddr);
    if (pfn < 0) {
      throw new InputException((write ? "write" : "read") + " " + Addresses.hex(vaddr) + ": fault");
    }
    return memory.computeIfAbsent(pfn, p -> new byte[(int) Addresses.PAGE_SIZE]);
  }

  /** TLB first, then the PTEs (filling the TLB), then the linear map. */
  private long pfn(long vaddr) {
    long page = page(vaddr);
    Long cached = tlb.get(page);
    if (cached != null) {
      return cached;
    }
    Long mapped = pte.get(page);
    if (mapped != null) {
      tlb.put(page, mapped);
      return mapped;
    }
    if (vaddr >= pageOffset && vaddr < highMemory) {
      return (vaddr - pageOffset + physOffset) >>> Addresses.PAGE_SHIFT;
    }
    return -1;
  }

  private static long page(long vaddr) {
    return vaddr & -Addresses.PAGE_SIZE;
  }
}

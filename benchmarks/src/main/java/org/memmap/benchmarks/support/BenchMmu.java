package org.memmap.benchmarks.support;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import org.memmap.api.Addresses;
import org.memmap.api.spi.LinearMap;
import org.memmap.core.mm.Mmu;

/**
 * A lean {@link Mmu} for the kmap benchmarks, shared by the library's code and the faithful
 * baseline so both pay the same for every PTE write and TLB flush: one {@code int} PTE per 4 KiB
 * page of the 4 GiB space (pfn + 1, 0 for {@code pte_none}), a 256-entry direct-mapped TLB of
 * packed (vpn, pfn) words, and sparse physical memory for {@link #read}/{@link #write}.
 *
 * <p>PTE ownership is exclusive by construction in both kmap implementations (pkmap slots change
 * under their pool's lock, fixmap slots belong to one CPU), so PTE writes are release stores, not
 * CAS: the kernel's {@code set_pte_at} is a plain store too.
 */
public final class BenchMmu implements Mmu {
  private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final int TLB_BITS = 8;
  private static final int TLB_MASK = (1 << TLB_BITS) - 1;

  private final long pageOffset;
  private final long highMemory;
  private final long physOffset;
  private final int[] pte = new int[1 << 20];
  /** Entry: (vpn + 1) << 32 | pfn; 0 for an empty entry. */
  private final long[] tlb = new long[1 << TLB_BITS];
  private final ConcurrentHashMap<Long, byte[]> memory = new ConcurrentHashMap<>();

  /** An MMU whose linear map is {@code lowmem}'s. */
  public BenchMmu(LinearMap lowmem) {
    this.pageOffset = lowmem.pageOffset();
    this.highMemory = lowmem.highMemory();
    this.physOffset = lowmem.physOffset();
  }

  @Override
  public void setPte(long vaddr, long pfn) {
    int i = (int) (vaddr >>> Addresses.PAGE_SHIFT);
    if ((int) INTS.getAcquire(pte, i) != 0) {
      throw new IllegalStateException("set_pte_at: " + Addresses.hex(vaddr) + " is already mapped");
    }
    INTS.setRelease(pte, i, (int) (pfn + 1));
  }

  @Override
  public void clearPte(long vaddr) {
    int i = (int) (vaddr >>> Addresses.PAGE_SHIFT);
    if ((int) INTS.getAcquire(pte, i) == 0) {
      throw new IllegalStateException("pte_clear: " + Addresses.hex(vaddr) + " is not mapped");
    }
    INTS.setRelease(pte, i, 0);
  }

  @Override
  public void flushTlbRange(long start, long end) {
    long first = start >>> Addresses.PAGE_SHIFT;
    long last = (end + Addresses.PAGE_SIZE - 1) >>> Addresses.PAGE_SHIFT;
    if (last - first <= TLB_MASK) {
      for (long vpn = first; vpn < last; vpn++) {
        int i = (int) vpn & TLB_MASK;
        long e = (long) LONGS.getAcquire(tlb, i);
        if ((e >>> 32) == vpn + 1) {
          LONGS.compareAndSet(tlb, i, e, 0L);
        }
      }
      return;
    }
    for (int i = 0; i < tlb.length; i++) {
      long e = (long) LONGS.getAcquire(tlb, i);
      long vpn = (e >>> 32) - 1;
      if (e != 0 && vpn >= first && vpn < last) {
        LONGS.compareAndSet(tlb, i, e, 0L);
      }
    }
  }

  /** {@inheritDoc} The PTE store and the one TLB entry of that page, as the two calls do. */
  @Override
  public void ptepClearFlush(long vaddr) {
    int i = (int) (vaddr >>> Addresses.PAGE_SHIFT);
    if ((int) INTS.getAcquire(pte, i) == 0) {
      throw new IllegalStateException("pte_clear: " + Addresses.hex(vaddr) + " is not mapped");
    }
    INTS.setRelease(pte, i, 0);
    int t = i & TLB_MASK;
    long e = (long) LONGS.getAcquire(tlb, t);
    if ((e >>> 32) == i + 1L) {
      LONGS.compareAndSet(tlb, t, e, 0L);
    }
  }

  @Override
  public void flushTlbAll() {
    for (int i = 0; i < tlb.length; i++) {
      LONGS.setRelease(tlb, i, 0L);
    }
  }

  @Override
  public long translate(long vaddr) {
    long pfn = pfn(vaddr);
    return pfn < 0 ? -1 : pfn << Addresses.PAGE_SHIFT | (vaddr & (Addresses.PAGE_SIZE - 1));
  }

  @Override
  public void write(long vaddr, byte[] data) {
    for (int i = 0; i < data.length; i++) {
      page(vaddr + i)[(int) ((vaddr + i) & 0xfff)] = data[i];
    }
  }

  @Override
  public byte[] read(long vaddr, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = page(vaddr + i)[(int) ((vaddr + i) & 0xfff)];
    }
    return out;
  }

  /** The pfn the PTE of {@code vaddr} maps, -1 for none (ignores the TLB). */
  public long ptePfn(long vaddr) {
    return (int) INTS.getAcquire(pte, (int) (vaddr >>> Addresses.PAGE_SHIFT)) - 1L;
  }

  private byte[] page(long vaddr) {
    long pfn = pfn(vaddr);
    if (pfn < 0) {
      throw new org.memmap.api.InputException("access " + Addresses.hex(vaddr) + ": fault");
    }
    return memory.computeIfAbsent(pfn, p -> new byte[(int) Addresses.PAGE_SIZE]);
  }

  /** TLB, then the PTE (filling the TLB), then the linear map; -1 on a fault. */
  private long pfn(long vaddr) {
    long vpn = vaddr >>> Addresses.PAGE_SHIFT;
    int i = (int) vpn & TLB_MASK;
    long e = (long) LONGS.getAcquire(tlb, i);
    if ((e >>> 32) == vpn + 1) {
      return e & 0xffffffffL;
    }
    int p = (int) INTS.getAcquire(pte, (int) vpn);
    if (p != 0) {
      LONGS.setRelease(tlb, i, (vpn + 1) << 32 | (p - 1L));
      return p - 1L;
    }
    if (vaddr >= pageOffset && vaddr < highMemory) {
      return (vaddr - pageOffset + physOffset) >>> Addresses.PAGE_SHIFT;
    }
    return -1;
  }
}

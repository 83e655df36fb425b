package org.memmap.core.sim;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.RamRange;
import org.memmap.core.pgtable.TableMemory;

/**
 * Sparse simulated physical memory over the machine's RAM ranges: a page costs memory only once
 * written (an 8 GiB machine costs a few kB until used); untouched pages read as zeroes. Addressed
 * by physical address; every access outside RAM fails with a message naming the address.
 * Little-endian, as ARM and x86 kernels run. Thread-safe.
 */
public final class PhysMemory implements TableMemory {
  private static final int CHUNK_SHIFT = 10;
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** Elements of {@code chunks[r]}: a chunk's page array, published with a release store. */
  private static final VarHandle CHUNK = MethodHandles.arrayElementVarHandle(byte[][][].class);
  /** Elements of a chunk: a page's bytes, published with a release store. */
  private static final VarHandle PAGE = MethodHandles.arrayElementVarHandle(byte[][].class);

  private final long[] basePfn;
  private final long[] endPfn;
  private final byte[][][][] chunks;
  private final List<RamRange> ram;

  /** Memory for {@code ram}, all zero. */
  public PhysMemory(List<RamRange> ram) {
    this.ram = List.copyOf(ram);
    int n = ram.size();
    basePfn = new long[n];
    endPfn = new long[n];
    chunks = new byte[n][][][];
    for (int i = 0; i < n; i++) {
      RamRange r = ram.get(i);
      basePfn[i] = Addresses.pfnUp(r.base());
      endPfn[i] = Addresses.pfnDown(r.end());
      long pages = Math.max(0, endPfn[i] - basePfn[i]);
      chunks[i] = new byte[(int) ((pages + (1 << CHUNK_SHIFT) - 1) >>> CHUNK_SHIFT)][][];
    }
  }

  /** The RAM ranges. */
  public List<RamRange> ram() {
    return ram;
  }

  /** Whether {@code pfn} is a page of RAM. */
  public boolean isRam(long pfn) {
    return rangeOf(pfn) >= 0;
  }

  /** How many pages have been written to (what the simulation costs). */
  public synchronized long touchedPages() {
    long n = 0;
    for (byte[][][] range : chunks) {
      for (byte[][] chunk : range) {
        if (chunk != null) {
          for (byte[] p : chunk) {
            n += p == null ? 0 : 1;
          }
        }
      }
    }
    return n;
  }

  private int rangeOf(long pfn) {
    for (int i = 0; i < basePfn.length; i++) {
      if (pfn >= basePfn[i] && pfn < endPfn[i]) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The page's bytes, or null if never written and {@code create} is false. Finding a page takes
   * no lock (acquire loads; every table walk step comes here); creating one is serialized and
   * published with release stores.
   */
  private byte[] page(long paddr, boolean create) {
    long pfn = paddr >>> Addresses.PAGE_SHIFT;
    int r = paddr < 0 ? -1 : rangeOf(pfn);
    if (r < 0) {
      throw new InputException(String.format(Locale.ROOT,
          "physical address 0x%08x is not RAM (RAM is %s)", paddr, ram));
    }
    long i = pfn - basePfn[r];
    byte[][] chunk = (byte[][]) CHUNK.getAcquire(chunks[r], (int) (i >>> CHUNK_SHIFT));
    if (chunk != null) {
      byte[] p = (byte[]) PAGE.getAcquire(chunk, (int) (i & ((1 << CHUNK_SHIFT) - 1)));
      if (p != null || !create) {
        return p;
      }
    } else if (!create) {
      return null;
    }
    return createPage(r, i);
  }

  private synchronized byte[] createPage(int r, long i) {
    int c = (int) (i >>> CHUNK_SHIFT);
    byte[][] chunk = (byte[][]) CHUNK.getAcquire(chunks[r], c);
    if (chunk == null) {
      chunk = new byte[1 << CHUNK_SHIFT][];
      CHUNK.setRelease(chunks[r], c, chunk);
    }
    int k = (int) (i & ((1 << CHUNK_SHIFT) - 1));
    byte[] p = (byte[]) PAGE.getAcquire(chunk, k);
    if (p == null) {
      p = new byte[(int) Addresses.PAGE_SIZE];
      PAGE.setRelease(chunk, k, p);
    }
    return p;
  }

  @Override
  public long readEntry(long paddr, int bytes) {
    checkEntry(paddr, bytes);
    byte[] p = page(paddr, false);
    if (p == null) {
      return 0;
    }
    int off = (int) (paddr & (Addresses.PAGE_SIZE - 1));
    return bytes == 8 ? (long) LONG.getVolatile(p, off) : Integer.toUnsignedLong((int) INT.getVolatile(p, off));
  }

  @Override
  public void writeEntry(long paddr, int bytes, long value) {
    checkEntry(paddr, bytes);
    byte[] p = page(paddr, true);
    int off = (int) (paddr & (Addresses.PAGE_SIZE - 1));
    if (bytes == 8) {
      LONG.setVolatile(p, off, value);
    } else {
      INT.setVolatile(p, off, (int) value);
    }
  }

  private static void checkEntry(long paddr, int bytes) {
    if ((bytes != 4 && bytes != 8) || (paddr & (bytes - 1)) != 0) {
      throw new IllegalArgumentException("entry of " + bytes + " bytes at " + Addresses.hex(paddr) + " is misaligned");
    }
  }

  /**
   * Reads {@code length} bytes at {@code paddr}; the range may cross pages.
   *
   * @throws InputException naming the first address that is not RAM
   */
  public byte[] read(long paddr, int length) {
    byte[] out = new byte[length];
    int done = 0;
    while (done < length) {
      long a = paddr + done;
      int off = (int) (a & (Addresses.PAGE_SIZE - 1));
      int n = (int) Math.min(length - done, Addresses.PAGE_SIZE - off);
      byte[] p = page(a, false);
      if (p != null) {
        synchronized (p) {
          System.arraycopy(p, off, out, done, n);
        }
      }
      done += n;
    }
    return out;
  }

  /**
   * Writes {@code data} at {@code paddr}; the range may cross pages.
   *
   * @throws InputException naming the first address that is not RAM
   */
  public void write(long paddr, byte[] data) {
    for (long a = paddr; a < paddr + data.length; a = (a | (Addresses.PAGE_SIZE - 1)) + 1) {
      page(a, false);
    }
    int done = 0;
    while (done < data.length) {
      long a = paddr + done;
      int off = (int) (a & (Addresses.PAGE_SIZE - 1));
      int n = (int) Math.min(data.length - done, Addresses.PAGE_SIZE - off);
      byte[] p = page(a, true);
      synchronized (p) {
        System.arraycopy(data, done, p, off, n);
      }
      done += n;
    }
  }

  /** Fills the page {@code pfn} with zeroes. */
  public void clearPage(long pfn) {
    byte[] p = page(pfn << Addresses.PAGE_SHIFT, false);
    if (p != null) {
      synchronized (p) {
        java.util.Arrays.fill(p, (byte) 0);
      }
    }
  }
}

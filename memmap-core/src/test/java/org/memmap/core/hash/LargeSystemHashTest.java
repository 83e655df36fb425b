package org.memmap.core.hash;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.memmap.api.KernelVersion;
import org.memmap.core.hash.LargeSystemHash.Request;

/**
 * {@code alloc_large_system_hash()} on the figures of real boots. The seed board (3.18): Normal
 * 193536 present pages less 1520 of memmap, less the 528 pages of the HighMem memmap charged from
 * 3.9, gives {@code nr_kernel_pages} 191488, and the board printed the three lines below.
 */
class LargeSystemHashTest {
  private static final KernelVersion V318 = KernelVersion.of(3, 18);
  private static final long SEED_KERNEL = 191488;
  private static final long SEED_ALL = 259600;

  @Test
  void seedBoardEarlyTables() {
    assertEquals("PID hash table entries: 4096 (order: 2, 16384 bytes)", LargeSystemHash.alloc(
        Request.of("PID", 4, 0, 18, 0, 4096).hashEarly().hashSmall(4), SEED_KERNEL, SEED_ALL, V318).line());
    assertEquals("Dentry cache hash table entries: 131072 (order: 7, 524288 bytes)", LargeSystemHash.alloc(
        Request.of("Dentry cache", 4, 0, 13, 2, 0).hashEarly(), SEED_KERNEL, SEED_ALL, V318).line());
    assertEquals("Inode-cache hash table entries: 65536 (order: 6, 262144 bytes)", LargeSystemHash.alloc(
        Request.of("Inode-cache", 4, 0, 14, 0, 0).hashEarly(), SEED_KERNEL, SEED_ALL, V318).line());
  }

  /** Debian 5.10.223 armmp, 1 GiB: a 12-byte listener bucket gives 512 buckets, 6144 bytes, printed as order 0 ({@code ilog2(size) - PAGE_SHIFT}). */
  @Test
  void aBucketNotAPowerOfTwoPrintsTheFloorOrderBefore618() {
    HashTable t = LargeSystemHash.alloc(Request.of("tcp_listen_portaddr_hash", 12, 0, 21, 0, 64 * 1024),
        190000, 250000, KernelVersion.of(5, 10, 223));
    assertEquals("tcp_listen_portaddr_hash hash table entries: 512 (order: 0, 6144 bytes, linear)", t.line());
  }

  /** Debian 7.2.12 armmp, 1 GiB: 56-byte UDP slots, 28672 bytes, printed with {@code get_order()} as order 3. */
  @Test
  void getOrderRoundsUpFrom618() {
    HashTable t = LargeSystemHash.alloc(Request.of("UDP", 56, 0, 21, 256, 64 * 1024), 186000, 250000,
        KernelVersion.of(7, 2, 12));
    assertEquals("UDP hash table entries: 512 (order: 3, 28672 bytes, linear)", t.line());
  }

  /** {@code roundup_pow_of_two()} and {@code get_order()} as include/linux/log2.h and asm-generic/getorder.h define them. */
  @Test
  void kernelHelpers() {
    assertEquals(131072, LargeSystemHash.roundupPowOfTwo(95744));
    assertEquals(4096, LargeSystemHash.roundupPowOfTwo(4096));
    assertEquals(0, LargeSystemHash.getOrder(4096));
    assertEquals(1, LargeSystemHash.getOrder(6144));
    assertEquals(13, LargeSystemHash.ilog2(12288));
  }
}

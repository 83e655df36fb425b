package org.memmap.core.vmalloc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The kernel helpers of mm/vmalloc.c. */
class VmallocTest {
  @Test
  void flsAndCountOrderAsTheKernelDefinesThem() {
    // include/asm-generic/bitops/fls.h: fls(0) = 0, fls(1) = 1, fls(0x80000000) = 32.
    assertEquals(0, Vmalloc.fls(0));
    assertEquals(1, Vmalloc.fls(1));
    assertEquals(32, Vmalloc.fls(0x80000000L));
    // fls(0x1000) = 13: before 4.9 a one-page ioremap was aligned to 8 KiB.
    assertEquals(13, Vmalloc.fls(0x1000));
    // get_count_order_long(0x1000) = 12, (0x1001) = 13.
    assertEquals(12, Vmalloc.countOrder(0x1000));
    assertEquals(13, Vmalloc.countOrder(0x1001));
  }
}

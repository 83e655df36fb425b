package org.memmap.core.vmalloc;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.memmap.api.MemmapException;
import org.memmap.core.mm.PageAllocator;

/** LinearMap pfns from 0x100, highmem pfns from 0x40000, a limited number of each. Test fake. */
final class FakePageAllocator implements PageAllocator {
  private final Deque<Long> low = new ArrayDeque<>();
  private final Deque<Long> high = new ArrayDeque<>();
  final Set<Long> inUse = new HashSet<>();

  FakePageAllocator(int lowPages, int highPages) {
    for (int i = 0; i < lowPages; i++) {
      low.add(0x100L + i);
    }
    for (int i = 0; i < highPages; i++) {
      high.add(0x40000L + i);
    }
  }

  @Override
  public long allocPage(boolean highmem) {
    Deque<Long> from = highmem && !high.isEmpty() ? high : low;
    Long pfn = from.pollFirst();
    if (pfn == null) {
      throw new MemmapException("out of memory");
    }
    inUse.add(pfn);
    return pfn;
  }

  @Override
  public void freePage(long pfn) {
    if (!inUse.remove(pfn)) {
      throw new IllegalStateException("double free of pfn " + pfn);
    }
    (pfn >= 0x40000L ? high : low).addFirst(pfn);
  }
}

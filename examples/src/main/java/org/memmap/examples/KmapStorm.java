package org.memmap.examples;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.memmap.api.Addresses;
import org.memmap.core.MemMap;
import org.memmap.core.highmem.Highmem;
import org.memmap.core.highmem.PkmapStats;
import org.memmap.core.sim.SimKernel;

/**
 * A small kmap storm on the default board: four Java threads each take highmem pages from the
 * simulated kernel's page allocator, {@code kmap()} them, write a line through the mapping, read
 * it back and {@code kunmap()}. More pages than pkmap slots make the pool wrap around and flush.
 * The full storm, with held mappings, sleepers and a final re-check, is {@code memmap kmap}.
 *
 * <pre>
 * java -p examples/target/classes:memmap-cli/target/mods -m org.memmap.examples/org.memmap.examples.KmapStorm
 * </pre>
 */
public final class KmapStorm {
  private KmapStorm() {}

  /** Runs 4 threads of 1000 kmaps each and prints the pkmap counters. */
  public static void main(String[] args) throws InterruptedException {
    SimKernel kernel = SimKernel.boot(MemMap.layout("arm"));
    Highmem highmem = kernel.highmem();
    AtomicLong lost = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      // pages of our own: kmap maps a page its caller owns
      long[] pages = new long[1000];
      for (int i = 0; i < pages.length; i++) {
        pages[i] = kernel.pageAllocator().allocPage(true);
      }
      Thread th = new Thread(() -> {
        for (long pfn : pages) {
          long vaddr = highmem.kmap(pfn);
          byte[] line = String.format(Locale.ROOT, "thread %d page %d", id, pfn)
              .getBytes(StandardCharsets.US_ASCII);
          kernel.write(vaddr, line);
          if (!Arrays.equals(kernel.read(vaddr, line.length), line)) {
            lost.incrementAndGet();
          }
          highmem.kunmap(pfn);
        }
      });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      th.join();
    }
    PkmapStats s = highmem.stats();
    System.out.printf(Locale.ROOT, "pkmap at %s: %d maps, %d wrap-arounds, %d flushes, %d lost%n",
        Addresses.hex(kernel.layout().pkmapBase().orElseThrow()), s.maps(), s.wrapArounds(),
        s.flushes(), lost.get());
  }
}

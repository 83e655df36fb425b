package org.memmap.examples;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.memmap.api.Addresses;
import org.memmap.api.MemoryLayout;
import org.memmap.core.MemMap;
import org.memmap.core.highmem.Highmem;
import org.memmap.core.highmem.PkmapStats;
import org.memmap.core.sim.SimKernel;

/**
 * A small kmap storm on the default board: a few Java threads each {@code kmap()} highmem pages
 * of a simulated kernel, write a line through the mapping, read it back and {@code kunmap()}.
 * More pages than pkmap slots make the pool wrap around and flush. The full storm, with held
 * mappings, sleepers and a final re-check, is {@code memmap kmap}.
 *
 * <pre>
 * java -p examples/target/classes:memmap-cli/target/mods -m org.memmap.examples/org.memmap.examples.KmapStorm
 * </pre>
 */
public final class KmapStorm {
  private KmapStorm() {}

  /** Runs 4 threads of 1000 kmaps each and prints the pkmap counters. */
  public static void main(String[] args) throws InterruptedException {
    MemoryLayout layout = MemMap.layout(MemMap.installed().defaultMachine("arm"));
    SimKernel kernel = SimKernel.boot(layout);
    Highmem highmem = Highmem.of(layout.description(), kernel);
    long firstHighPfn = highmem.lowmem().maxLowPfn();
    AtomicLong lost = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int id = t;
      Thread th = new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          long pfn = firstHighPfn + id * 1000L + i;
          long vaddr = highmem.kmap(pfn);
          byte[] line = String.format(Locale.ROOT, "thread %d page %d", id, pfn)
              .getBytes(StandardCharsets.US_ASCII);
          kernel.write(vaddr, line);
          if (!java.util.Arrays.equals(kernel.read(vaddr, line.length), line)) {
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
        Addresses.hex(highmem.pkmapSpec().orElseThrow().pkmapBase()), s.maps(), s.wrapArounds(),
        s.flushes(), lost.get());
  }
}

package org.memmap.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
public class ScratchCas {
  static final VarHandle L = MethodHandles.arrayElementVarHandle(long[].class);
  long[] a = new long[64 * 8];
  int i;
  @Benchmark public long twoCas() {
    int k = (i = (i + 1) & 63) * 8;
    long w = (long) L.getOpaque(a, k);
    L.compareAndSet(a, k, w, w + 1);
    long v = (long) L.getOpaque(a, k);
    L.compareAndSet(a, k, v, v - 1);
    return v;
  }
  @Benchmark public long plain() {
    int k = (i = (i + 1) & 63) * 8;
    a[k]++;
    a[k]--;
    return a[k];
  }
}

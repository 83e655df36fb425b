package org.memmap.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * What the machine charges for the primitives the kmap pair cannot avoid: {@link #twoCas} is two
 * uncontended compare-and-sets on one cache line (a lock-free kmap + kunmap pair is at least
 * this), {@link #twoPlain} the same two updates as plain stores. Reported next to the kmap
 * results so that an absolute goal below the machine's floor is visible as such.
 *
 * <p>{@link #twoCasShared2}: the same pair by two threads over the same 64 words (each a slot
 * both CPUs pin, as in K2's hot set): the floor of K2's two-thread scaling; {@link
 * #twoCasPrivate2}: two threads on words of their own, its ceiling. {@link #fillFence}:
 * a TLB-entry store, a full fence and a volatile re-read, what a lock-free TLB fill must add to
 * a walk (T3).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CalibrationBench {
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private final long[] words = new long[64 * 8];
  private int next;

  /** Two CAS (increment, then decrement) on one of 64 padded words. */
  @Benchmark
  public long twoCas() {
    int k = (next = (next + 1) & 63) * 8;
    long w = (long) LONGS.getOpaque(words, k);
    LONGS.compareAndSet(words, k, w, w + 1);
    long v = (long) LONGS.getOpaque(words, k);
    LONGS.compareAndSet(words, k, v, v - 1);
    return v;
  }

  /**
   * {@link #twoCas} by two threads, each on 64 words of its own: what two CPUs that never share a
   * line (per-CPU pin counts, at best) get from this machine; its aggregate over {@link #twoCas}
   * is the machine's two-thread scaling when nothing is shared (K2's ceiling).
   */
  @Benchmark
  @Threads(2)
  public long twoCasPrivate2() {
    return twoCas();
  }

  /** The same two updates as plain stores. */
  @Benchmark
  public long twoPlain() {
    int k = (next = (next + 1) & 63) * 8;
    words[k]++;
    words[k]--;
    return words[k];
  }

  /** 64 padded words both threads of {@link #twoCasShared2} update. */
  @State(Scope.Benchmark)
  public static class Shared {
    final long[] words = new long[64 * 8];
  }

  /** {@link #twoCas} by two threads on the same 64 words. */
  @Benchmark
  @Threads(2)
  public long twoCasShared2(Shared shared) {
    int k = (next = (next + 1) & 63) * 8;
    long w = (long) LONGS.getOpaque(shared.words, k);
    LONGS.compareAndSet(shared.words, k, w, w + 1);
    long v = (long) LONGS.getOpaque(shared.words, k);
    LONGS.compareAndSet(shared.words, k, v, v - 1);
    return v;
  }

  private final long[] tlb = new long[4096];
  private volatile long generation;

  /** A TLB-entry store, {@code VarHandle.fullFence()} and a volatile read (the fill's check). */
  @Benchmark
  public boolean fillFence() {
    int k = (next = (next + 1) & 4095);
    tlb[k] = k;
    VarHandle.fullFence();
    return generation != 0;
  }
}

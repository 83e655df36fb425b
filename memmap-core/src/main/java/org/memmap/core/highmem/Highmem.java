package org.memmap.core.highmem;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;
import static org.memmap.api.Addresses.PAGE_SHIFT;
import static org.memmap.api.Addresses.PAGE_SIZE;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.memmap.api.Addresses;
import org.memmap.api.InputException;
import org.memmap.api.RamRange;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.KmapLocalSpec;
import org.memmap.api.spi.LinearMap;
import org.memmap.api.spi.PkmapSpec;
import org.memmap.core.mm.Mmu;

/**
 * The kmap machinery of one simulated kernel ({@code mm/highmem.c}, {@code include/linux/
 * highmem.h}, {@code arch/arm/mm/highmem.c} up to 5.10): {@code kmap} / {@code kunmap} over the
 * permanent pkmap pool, {@code kmap_atomic} / {@code kmap_local_page} over the fixmap slot stacks,
 * {@code page_address}, {@code kmap_to_page}, {@code kmap_flush_unused}. Mappings are installed
 * and removed through the {@link Mmu}, with the TLB flushes the kernel issues.
 *
 * <p>Thread-safe for real Java threads except that one {@link KmapCtrl} is used by one thread at
 * a time (threads use distinct CPUs). {@link #kmap(long)} blocks, like a task in
 * TASK_UNINTERRUPTIBLE, while every pkmap slot is in use, and wakes when a {@link #kunmap(long)}
 * drops a slot to count 1. A scripted, single-threaded simulation uses {@link #tryKmap(long,
 * int)} and {@link #takeWoken()} instead, which never block.
 *
 * <p>A simulated kernel owns one: {@link org.memmap.core.sim.SimKernel#highmem()}. Build one
 * yourself only over an {@link Mmu} of your own; two over one MMU would share its pkmap PTEs.
 *
 * <pre>{@code
 * Highmem highmem = kernel.highmem();
 * long vaddr = highmem.kmap(pfn);          // first highmem kmap after boot: PKMAP_ADDR(1)
 * mmu.write(vaddr, data);
 * highmem.kunmap(pfn);                     // count 1: mapped until the next wrap-around flush
 * KmapCtrl cpu0 = highmem.kmapCtrl(0);
 * long local = highmem.kmapLocal(cpu0, pfn);
 * highmem.kunmapLocal(cpu0, local);        // strictly LIFO
 * }</pre>
 */
public final class Highmem {
  private final LinearMap linearMap;
  private final Mmu mmu;
  /** The pkmap pool, or {@code null} without {@code CONFIG_HIGHMEM}. */
  private final Pkmap pkmap;
  private final boolean kmapHighGet;
  private final KmapLocalSpec kmapLocalSpec;
  private final long maxLowPfn;

  // kmap_local / kmap_atomic
  private final int slotsPerCpu;
  private final int nrCpus;
  private final boolean perTask;
  /** The deepest stack: KM_TYPE_NR per CPU (up to 5.10), KM_MAX_IDX - 1 per task (5.11+). */
  private final int maxDepth;
  /** {@code CONFIG_DEBUG_KMAP_LOCAL_FORCE_MAP}: lowmem pages take a slot too. */
  private final boolean forceMap;
  /** Per-CPU stacks (up to 5.10), or the task whose mappings the CPU's slots hold (5.11+). */
  private final KmapCtrl[] cpuCtrl;
  /**
   * The end (exclusive) of the RAM range that holds {@code max_low_pfn}: pfns in {@code
   * [max_low_pfn, highFastEnd)} are highmem pages of RAM without a search of the RAM list.
   */
  private final long highFastEnd;
  private final long fixKmapLow;
  private final long fixKmapHigh;

  /**
   * A kmap machinery over explicit values.
   *
   * @param pkmapWindow the pkmap window; empty for a kernel without {@code CONFIG_HIGHMEM} (then
   *     every page must be lowmem)
   * @param kmapLocalSpec where the kmap_atomic / kmap_local slots live
   * @param linearMap the linear map and RAM
   * @param mmu the simulated MMU the mappings go through
   */
  public Highmem(
      Optional<PkmapSpec> pkmapWindow, KmapLocalSpec kmapLocalSpec, LinearMap linearMap, Mmu mmu) {
    this.linearMap = requireNonNull(linearMap, "linearMap");
    this.mmu = requireNonNull(mmu, "mmu");
    this.kmapLocalSpec = requireNonNull(kmapLocalSpec, "kmapLocalSpec");
    List<RamRange> ram = linearMap.memory();
    checkArgument(!ram.isEmpty(), "no RAM");
    checkArgument(linearMap.lowmemLimit() > linearMap.physOffset(),
        "lowmem limit %s must lie above PHYS_OFFSET %s", Addresses.hex(linearMap.lowmemLimit()),
        Addresses.hex(linearMap.physOffset()));
    checkArgument(linearMap.highMemory() <= Addresses.ADDRESS_LIMIT,
        "lowmem %s does not fit above PAGE_OFFSET", linearMap);
    PkmapSpec pkmapSpec = requireNonNull(pkmapWindow, "pkmapWindow").orElse(null);
    if (pkmapSpec != null) {
      long end = pkmapSpec.pkmapEnd();
      checkArgument(pkmapSpec.pkmapBase() >= 0 && end <= Addresses.ADDRESS_LIMIT,
          "pkmap window %s must lie inside 4 GiB", pkmapSpec);
      checkArgument(end <= linearMap.pageOffset() || pkmapSpec.pkmapBase() >= linearMap.highMemory(),
          "pkmap window %s overlaps lowmem", pkmapSpec);
    }
    this.pkmap = pkmapSpec == null ? null : new Pkmap(pkmapSpec, mmu);
    this.kmapHighGet = pkmapSpec != null && pkmapSpec.kmapHighGet();
    this.maxLowPfn = linearMap.maxLowPfn();
    long fastEnd = maxLowPfn;
    for (RamRange r : ram) {
      long lo = Addresses.pfnUp(r.base());
      long hi = Math.min(Addresses.pfnDown(r.end()), Addresses.PHYS_LIMIT >>> PAGE_SHIFT);
      if (maxLowPfn >= lo && maxLowPfn < hi) {
        fastEnd = hi;
      }
    }
    this.highFastEnd = fastEnd;
    if (pkmapSpec == null) {
      checkArgument(Addresses.pfnDown(ram.get(ram.size() - 1).end()) <= maxLowPfn,
          "RAM above the lowmem limit %s needs a pkmap window (CONFIG_HIGHMEM)",
          Addresses.hex(linearMap.lowmemLimit()));
    }

    this.slotsPerCpu = kmapLocalSpec.slotsPerCpu();
    this.nrCpus = kmapLocalSpec.nrCpus();
    this.perTask = kmapLocalSpec.perTask();
    // Up to 5.10: kmap_atomic_idx_push() hands out types 0 .. KM_TYPE_NR - 1 (include/linux/
    // highmem.h). 5.11+: kmap_local_idx_push() adds KM_INCR (1; 2 with DEBUG_KMAP_LOCAL) to
    // kmap_ctrl.idx and BUGs once it reaches KM_MAX_IDX (mm/highmem.c): KmapLocalSpec.maxDepth().
    this.maxDepth = kmapLocalSpec.maxDepth();
    this.forceMap = kmapLocalSpec.forceMap();
    this.cpuCtrl = new KmapCtrl[nrCpus];
    if (!perTask) {
      for (int cpu = 0; cpu < nrCpus; cpu++) {
        cpuCtrl[cpu] = newCtrl(cpu);
      }
    }
    long first = kmapLocalSpec.slotAddress(0, 0);
    long last = kmapLocalSpec.slotAddress(nrCpus - 1, slotsPerCpu - 1);
    this.fixKmapLow = Math.min(first, last);
    this.fixKmapHigh = Math.max(first, last);
    checkArgument(fixKmapLow >= 0 && fixKmapHigh < Addresses.ADDRESS_LIMIT,
        "kmap_local slots %s must lie inside 4 GiB", kmapLocalSpec);
  }

  /**
   * The kmap machinery of a described machine over an MMU of your own. For a {@link
   * org.memmap.core.sim.SimKernel} use its own, {@link org.memmap.core.sim.SimKernel#highmem()}.
   */
  public static Highmem of(ArchDescription description, Mmu mmu) {
    return new Highmem(description.pkmapSpec(), description.kmapLocal(), description.linearMap(), mmu);
  }

  /** The pkmap window, when the kernel has {@code CONFIG_HIGHMEM}. */
  public Optional<PkmapSpec> pkmapSpec() {
    return pkmap == null ? Optional.empty() : Optional.of(pkmap.spec());
  }

  /** Where the kmap_atomic / kmap_local slots live. */
  public KmapLocalSpec kmapLocalSpec() {
    return kmapLocalSpec;
  }

  /** The linear map and RAM. */
  public LinearMap linearMap() {
    return linearMap;
  }

  // ---------------------------------------------------------------------------------------------
  // kmap / kunmap

  /**
   * {@code kmap(page)}: a lowmem page's linear address (the pool is not touched), or {@code
   * kmap_high(page)} for a highmem page. Blocks while every pkmap slot is in use.
   *
   * @throws InputException if no page of RAM has this pfn
   */
  public long kmap(long pfn) {
    if (isLowmem(checkPfn(pfn, "kmap"))) {
      return linearMap.lowmemPageAddress(pfn);
    }
    return pkmap.kmapHigh(pfn);
  }

  /**
   * {@link #kmap(long)} that gives up after {@code timeout} asleep on the pkmap wait queue.
   *
   * @return the address, or empty if the timeout passed before a slot became free
   */
  public OptionalLong kmap(long pfn, Duration timeout) {
    requireNonNull(timeout, "timeout");
    if (isLowmem(checkPfn(pfn, "kmap"))) {
      return OptionalLong.of(linearMap.lowmemPageAddress(pfn));
    }
    long nanos = timeout.isNegative() ? 0 : timeout.compareTo(Duration.ofDays(1)) > 0
        ? Duration.ofDays(1).toNanos() : timeout.toNanos();
    long vaddr = pkmap.kmapHigh(pfn, nanos);
    return vaddr == 0 ? OptionalLong.empty() : OptionalLong.of(vaddr);
  }

  /**
   * {@code kmap(page)} for simulated {@code task} that never blocks: if the kernel would put the
   * task to sleep, the pool's state changes exactly as the kernel's does up to that point (the
   * search advanced {@code last_pkmap_nr} and may have flushed), the task is put on the wait
   * queue and the result is {@link KmapAttempt#blocked() blocked}. Once a kunmap has woken it
   * ({@link #takeWoken()}), call this again: the kernel's woken task also starts over (returning
   * the page's address if somebody else mapped it meanwhile).
   *
   * @throws InputException if no page of RAM has this pfn, or the task is asleep
   */
  public KmapAttempt tryKmap(long pfn, int task) {
    checkArgument(task >= 0, "task (%s) must not be negative", task);
    if (isLowmem(checkPfn(pfn, "kmap"))) {
      return KmapAttempt.mapped(linearMap.lowmemPageAddress(pfn));
    }
    long vaddr = pkmap.tryKmapHigh(pfn, task);
    return vaddr == 0 ? KmapAttempt.asleep() : KmapAttempt.mapped(vaddr);
  }

  /**
   * {@code kunmap(page)}: nothing for a lowmem page, else {@code kunmap_high(page)}: one user
   * fewer; on reaching count 1 every waiter is woken. The mapping stays until the next
   * wrap-around flush.
   *
   * @throws InputException if no page of RAM has this pfn, or the highmem page is not kmapped;
   *     nothing changes
   * @throws IllegalStateException if the page has more kunmaps than kmaps (the kernel's BUG in
   *     {@code kunmap_high}); nothing changes
   */
  public void kunmap(long pfn) {
    if (isLowmem(checkPfn(pfn, "kunmap"))) {
      return;
    }
    pkmap.kunmapHigh(pfn);
  }

  /**
   * The simulated tasks that kunmaps (and {@link #kunmapLocal} of kmap_high_get mappings) have
   * woken since the last call, in wake-up order; clears the list.
   */
  public List<Integer> takeWoken() {
    return pkmap == null ? List.of() : pkmap.takeWoken();
  }

  /** The simulated tasks asleep on the pkmap wait queue, in queue order. */
  public List<Integer> sleepers() {
    return pkmap == null ? List.of() : pkmap.sleepers();
  }

  /**
   * {@code kmap_high_get(page)} on architectures with {@code ARCH_NEEDS_KMAP_HIGH_GET}: if the
   * highmem page has a pkmap mapping, pin it (count + 1, undone by {@link #kunmap}) and return its
   * address; otherwise, and on other architectures, empty. Never maps.
   */
  public OptionalLong kmapHighGet(long pfn) {
    checkPfn(pfn, "kmap_high_get");
    if (!kmapHighGet || isLowmem(pfn)) {
      return OptionalLong.empty();
    }
    long vaddr = pkmap.kmapHighGet(pfn);
    return vaddr == 0 ? OptionalLong.empty() : OptionalLong.of(vaddr);
  }

  /**
   * {@code kmap_flush_unused()}: {@code flush_all_zero_pkmaps()} under the lock. Slots at count 1
   * become free, their PTEs are cleared, and one TLB flush covers the pkmap range if any was.
   */
  public void kmapFlushUnused() {
    if (pkmap != null) {
      pkmap.kmapFlushUnused();
    }
  }

  /**
   * {@code page_address(page)}: a lowmem page's linear address; a highmem page's pkmap address
   * (from the {@code page_address} hash), or empty when it has none.
   *
   * @throws InputException if no page of RAM has this pfn
   */
  public OptionalLong pageAddress(long pfn) {
    if (isLowmem(checkPfn(pfn, "page_address"))) {
      return OptionalLong.of(linearMap.lowmemPageAddress(pfn));
    }
    long vaddr = pkmap.pageAddress(pfn);
    return vaddr == 0 ? OptionalLong.empty() : OptionalLong.of(vaddr);
  }

  /**
   * {@code kmap_to_page(vaddr)}: the pfn a pkmap address's PTE maps, the pfn of a kmap_local slot,
   * or {@code virt_to_page} of a linear-map address.
   *
   * @throws InputException if the address is none of these, or its slot maps nothing
   */
  public long kmapToPage(long vaddr) {
    Addresses.checkVirtual(vaddr, "kmap_to_page address ");
    long page = vaddr & -PAGE_SIZE;
    if (pkmap != null && pkmap.contains(page)) {
      long pfn = pkmap.ptePfn(page);
      if (pfn < 0) {
        throw new InputException("kmap_to_page: pkmap slot " + pkmap.pkmapNr(page) + " at "
            + Addresses.hex(page) + " maps no page");
      }
      return pfn;
    }
    if (isFixKmap(page)) {
      int index = fixKmapIndex(page);
      KmapCtrl holder = cpuCtrl[index / slotsPerCpu];
      int raw = index % slotsPerCpu;
      int incr = kmapLocalSpec.kmIncr();
      int type = (raw + 1) % incr == 0 ? (raw + 1) / incr - 1 : -1; // a guard slot maps nothing
      long pfn = holder != null && type >= 0 && type < holder.idx ? holder.pteval[type] : -1;
      if (pfn < 0) {
        throw new InputException("kmap_to_page: kmap_local slot " + Addresses.hex(page)
            + " maps no page");
      }
      return pfn;
    }
    if (linearMap.isLinear(vaddr)) {
      return linearMap.virtToPfn(vaddr);
    }
    throw new InputException("kmap_to_page: " + Addresses.hex(vaddr)
        + " is neither a pkmap, a kmap_local nor a lowmem address");
  }

  /** The busy pkmap slots (count not 0) in slot order: {@code show pkmap}. */
  public List<PkmapSlot> showPkmap() {
    return pkmap == null ? List.of() : pkmap.showPkmap();
  }

  /** A snapshot of the pkmap counters. */
  public PkmapStats stats() {
    return pkmap == null ? new PkmapStats(0, 0, 0, 0, 0, 0) : pkmap.stats();
  }

  // ---------------------------------------------------------------------------------------------
  // kmap_atomic / kmap_local

  /**
   * The slot stack a task running on {@code cpu} uses. Up to 5.10 ({@link KmapLocalSpec#perTask()}
   * false) that is the CPU's own stack, the same object on every call. From 5.11 it is a new stack
   * of its own for one task, pinned to {@code cpu}; its mappings are swapped out of the CPU's
   * slots when another task's stack uses them ({@link #switchTo}).
   *
   * @throws InputException if {@code cpu} is not below {@code NR_CPUS}
   */
  public KmapCtrl kmapCtrl(int cpu) {
    if (cpu < 0 || cpu >= nrCpus) {
      throw new InputException("cpu " + cpu + ": expected 0 .. " + (nrCpus - 1)
          + " (NR_CPUS = " + nrCpus + ")");
    }
    return perTask ? newCtrl(cpu) : cpuCtrl[cpu];
  }

  private KmapCtrl newCtrl(int cpu) {
    // Stack depth d uses idx (d + 1) * KM_INCR - 1: every slot with KM_INCR 1, every other one
    // (a guard slot below each) with CONFIG_DEBUG_KMAP_LOCAL.
    long[] slotAddr = new long[maxDepth];
    for (int depth = 0; depth < maxDepth; depth++) {
      slotAddr[depth] = kmapLocalSpec.slotAddress(cpu, kmapLocalSpec.depthIdx(depth));
    }
    return new KmapCtrl(this, cpu, perTask, slotAddr);
  }

  /**
   * {@code kmap_atomic(page)} / {@code kmap_local_page(page)}: a lowmem page's linear address (no
   * slot used); on ARM a highmem page's existing pkmap address, pinned ({@code kmap_high_get});
   * else the next slot of the stack, {@code fix_to_virt(FIX_KMAP_BEGIN + type + slots * cpu)},
   * mapped to the page.
   *
   * @throws InputException if no page of RAM has this pfn
   * @throws IllegalStateException if the stack is full (the kernel's {@code BUG_ON(idx >=
   *     KM_MAX_IDX)}); nothing changes
   */
  public long kmapLocal(KmapCtrl ctrl, long pfn) {
    // The trusted fast path: a highmem page of RAM, a stack of this kernel that runs on its CPU
    // (validated when it was handed out and when it was made current) with a level free. The
    // effects are those of the general path below.
    if (ctrl != null && ctrl.owner == this && pfn >= maxLowPfn && pfn < highFastEnd
        && !kmapHighGet) {
      int type = ctrl.idx;
      if (type < maxDepth && cpuCtrl[ctrl.cpu] == ctrl) {
        long vaddr = ctrl.slotAddr[type];
        mmu.setPte(vaddr, pfn);
        ctrl.pteval[type] = pfn;
        ctrl.idx = type + 1;
        return vaddr;
      }
    }
    return kmapLocalChecked(ctrl, pfn);
  }

  private long kmapLocalChecked(KmapCtrl ctrl, long pfn) {
    if (isLowmem(checkPfn(pfn, "kmap_local")) && !forceMap) {
      return linearMap.lowmemPageAddress(pfn);
    }
    if (kmapHighGet) {
      long vaddr = pkmap.kmapHighGet(pfn);
      if (vaddr != 0) {
        return vaddr;
      }
    }
    checkCtrl(ctrl);
    int type = ctrl.idx;
    if (type >= maxDepth) {
      throw stackFull(ctrl, type);
    }
    makeCurrent(ctrl);
    long vaddr = ctrl.slotAddr[type];
    mmu.setPte(vaddr, pfn);
    ctrl.pteval[type] = pfn;
    ctrl.idx = type + 1;
    return vaddr;
  }

  // Cold paths out of line, so that the hot kmap_local / kunmap_local stay small enough to inline.

  private IllegalStateException stackFull(KmapCtrl ctrl, int type) {
    return new IllegalStateException(String.format(Locale.ROOT,
        "kmap_local: the %s of cpu %d already holds %d mappings, the most it can (BUG_ON(idx >= %s))",
        perTask ? "task's stack" : "stack", ctrl.cpu, type, perTask ? "KM_MAX_IDX" : "KM_TYPE_NR"));
  }

  /** kunmap_local of an address outside the fixmap slots: a kmap_high_get pkmap or a lowmem one. */
  private void kunmapLocalNotFixmap(long vaddr, long addr) {
    if (kmapHighGet && pkmap.contains(addr)) {
      long pfn = pkmap.ptePfnUnlocked(addr);
      if (pfn < 0) {
        throw new InputException("kunmap_local: pkmap address " + Addresses.hex(vaddr)
            + " maps no page");
      }
      pkmap.kunmapHigh(pfn);
      return;
    }
    if (linearMap.isLinear(addr)) {
      return; // kmap_local of a lowmem page used no slot
    }
    throw new InputException("kunmap_local: " + Addresses.hex(vaddr)
        + " is not an address kmap_local returns");
  }

  private InputException kunmapLocalBadOrder(KmapCtrl ctrl, long vaddr, long top) {
    if (ctrl.idx == 0) {
      return new InputException("kunmap_local: " + Addresses.hex(vaddr) + ": the "
          + (perTask ? "task's" : "cpu " + ctrl.cpu) + " kmap_local stack is empty");
    }
    return new InputException("kunmap_local: " + Addresses.hex(vaddr)
        + " is out of order: the most recent kmap_local on cpu " + ctrl.cpu + " is "
        + Addresses.hex(top) + " (mappings are released in reverse order)");
  }

  /**
   * {@code kunmap_local(vaddr)} / {@code kunmap_atomic(vaddr)}: releases the top slot of the stack
   * (clear the PTE, flush that page from the TLB); a pkmap address obtained through {@code
   * kmap_high_get} is released with {@code kunmap_high}; a lowmem address needs nothing.
   *
   * @throws InputException if {@code vaddr} is not the stack's most recent mapping (strict LIFO),
   *     or no kmap_local address at all; nothing changes
   */
  public void kunmapLocal(KmapCtrl ctrl, long vaddr) {
    // The trusted fast path: the top slot of a stack of this kernel that runs on its CPU (an
    // address that matches a slot address lies inside 4 GiB and in the fixmap). One combined
    // clear + flush, as the general path below issues them.
    if (ctrl != null && ctrl.owner == this) {
      int type = ctrl.idx - 1;
      if (type >= 0 && (vaddr & -PAGE_SIZE) == ctrl.slotAddr[type] && cpuCtrl[ctrl.cpu] == ctrl) {
        mmu.ptepClearFlush(ctrl.slotAddr[type]);
        ctrl.idx = type;
        return;
      }
    }
    kunmapLocalChecked(ctrl, vaddr);
  }

  private void kunmapLocalChecked(KmapCtrl ctrl, long vaddr) {
    Addresses.checkVirtual(vaddr, "kunmap_local address ");
    long addr = vaddr & -PAGE_SIZE;
    if (!isFixKmap(addr)) {
      kunmapLocalNotFixmap(vaddr, addr);
      return;
    }
    checkCtrl(ctrl);
    int type = ctrl.idx - 1;
    long top = type < 0 ? -1 : ctrl.slotAddr[type];
    if (addr != top) {
      throw kunmapLocalBadOrder(ctrl, vaddr, top);
    }
    makeCurrent(ctrl);
    // pte_clear, then arch_kmap_local_post_unmap: x86 flush_tlb_one_kernel, ARM
    // local_flush_tlb_kernel_page.
    mmu.ptepClearFlush(addr);
    ctrl.idx = type;
  }

  /**
   * A context switch on {@code next}'s CPU (5.11+): {@code __kmap_local_sched_out} of the task
   * whose mappings the CPU's slots hold (PTEs cleared, each page flushed from the TLB), then
   * {@code __kmap_local_sched_in} of {@code next} (its PTEs restored). Nothing happens for the
   * per-CPU stacks of kernels up to 5.10, or when {@code next} already runs there. {@link
   * #kmapLocal} and {@link #kunmapLocal} switch by themselves; call this when a task that does
   * neither starts to run (e.g. to read through its own mapping).
   */
  public void switchTo(KmapCtrl next) {
    checkCtrl(next);
    makeCurrent(next);
  }

  private void makeCurrent(KmapCtrl next) {
    if (!perTask) {
      return;
    }
    int cpu = next.cpu;
    KmapCtrl prev = cpuCtrl[cpu];
    if (prev == next) {
      return;
    }
    if (prev != null) {
      for (int i = 0; i < prev.idx; i++) {
        mmu.ptepClearFlush(prev.slotAddr[i]);
      }
    }
    for (int i = 0; i < next.idx; i++) {
      mmu.setPte(next.slotAddr[i], next.pteval[i]);
    }
    cpuCtrl[cpu] = next;
  }

  private void checkCtrl(KmapCtrl ctrl) {
    requireNonNull(ctrl, "ctrl");
    if (ctrl.owner != this) {
      throw foreignCtrl(ctrl);
    }
  }

  private static IllegalArgumentException foreignCtrl(KmapCtrl ctrl) {
    return new IllegalArgumentException(ctrl + " does not belong to this kernel");
  }

  private boolean isFixKmap(long addr) {
    return addr >= fixKmapLow && addr <= fixKmapHigh;
  }

  /** {@code cpu * slots + type} of a kmap_local slot address. */
  private int fixKmapIndex(long addr) {
    long first = kmapLocalSpec.slotAddress(0, 0);
    return (int) (Math.abs(first - addr) >>> PAGE_SHIFT);
  }

  // ---------------------------------------------------------------------------------------------

  private boolean isLowmem(long pfn) {
    return pfn < maxLowPfn;
  }

  /**
   * Checks a pfn a caller passed ({@code pfn_valid}).
   *
   * @throws InputException naming the pfn and the RAM if no page of RAM has it
   */
  private long checkPfn(long pfn, String what) {
    if (!linearMap.pfnValid(pfn)) {
      throw new InputException(String.format(Locale.ROOT,
          "%s: pfn %#x is not a page of RAM (RAM is %s)", what, pfn, linearMap.memory()));
    }
    return pfn;
  }

  /** Checks the pkmap pool's invariants (tests). */
  void checkInvariants() {
    if (pkmap != null) {
      pkmap.checkInvariants();
    }
  }

  /** {@code pkmap_count[nr]} (tests). */
  int pkmapCount(int nr) {
    return pkmap.pkmapCount(nr);
  }

  /** {@code last_pkmap_nr} (tests). */
  int lastPkmapNr() {
    return pkmap.lastPkmapNr();
  }
}

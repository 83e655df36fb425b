package org.memmap.core.hash;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.memmap.api.Addresses;
import org.memmap.api.KernelCommandLine;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.api.Zone;
import org.memmap.api.ZoneType;
import org.memmap.core.hash.LargeSystemHash.Request;

/**
 * Every boot-time hash table of a layout's release, in the order its boot prints them, each sized
 * by its caller's rule. The callers, as a table walked top to bottom (release range, config
 * condition, bucket size on a 32-bit kernel, size source, scale, limits):
 *
 * <pre>
 * PID               kernel/pid.c pidhash_init()      2.6.22-2.6.31 own printk, 2.6.32-4.14 ptr, 0, 18, EARLY|SMALL(4), max 4096
 * Dentry cache      fs/dcache.c dcache_init_early()  ptr, dhash_entries=, 13, EARLY
 * Inode-cache       fs/inode.c inode_init_early()    ptr, ihash_entries=, 14, EARLY
 * Mount-cache       fs/namespace.c mnt_init()        up to 3.13 one page of list_heads (512, own printk);
 *                                                    3.14+ ptr, mhash_entries=, 19 (and Mountpoint-cache, mphash_entries=)
 * posixtimers       kernel/time/posix-timers.c       6.15+ CONFIG_POSIX_TIMERS: 512 * possible CPUs, spinlock + ptr
 * futex             kernel/futex futex_init()        3.13+ CONFIG_FUTEX: 256 * possible CPUs, buckets
 *                                                    ____cacheline_aligned_in_smp; 6.16+ its own line
 * Dquot-cache       fs/quota/dquot.c dquot_init()    CONFIG_QUOTA: one page of hlist_heads (own printk)
 * IP route cache    net/ipv4/route.c ip_rt_init()    up to 3.5, CONFIG_INET: ptr, rhash_entries=, 15 (17 under 512 MiB)
 * IP idents         net/ipv4/route.c                 5.13+ (stable 5.12.13, 5.10.46, 5.4.128, 4.19.196) CONFIG_INET: 8, 0, 16, low 2048, high 256K
 * tcp_listen_portaddr_hash  inet_hashinfo2_init()    4.16+ CONFIG_INET: 12 (8 from 5.19), thash_entries=, 21, high 64K
 * Table-perturb     inet_hashinfo2_init()            5.18+ CONFIG_INET (5.10.223 keeps a static table: no line): u32, 2^CONFIG_INET_TABLE_PERTURB_ORDER (16)
 * TCP established   net/ipv4/tcp.c tcp_init()        CONFIG_INET: 8 (4 from 3.14), thash_entries=, 13 (15 under
 *                                                    512 MiB) up to 3.6 then 17 (the switch release is not
 *                                                    confirmed by a log), high 512K unless thash_entries=
 * TCP bind          tcp_init()                       CONFIG_INET: spinlock + ptr (twice from 6.1, bhash2), the
 *                                                    established size, same scale, high 64K
 * MPTCP token       net/mptcp/token.c                5.6+ CONFIG_MPTCP: spinlock + int + 2 ptr, 0, 20, high 64K
 * UDP, UDP-Lite     net/ipv4/udp.c udp_table_init()  2.6.33+ CONFIG_INET: 2 udp_hslot (hash2), uhash_entries=, 21,
 *                                                    low 256 (128 BASE_SMALL), high 64K; UDP-Lite until 6.x
 * </pre>
 *
 * <p>Options a {@code .config} does not mention are taken as a distribution kernel sets them: NET,
 * INET, FUTEX, POSIX_TIMERS, QUOTA and MPTCP on, BASE_SMALL off. Release boundaries not confirmed
 * by a real log are marked "(from the source history)" in the javadoc of the method that applies
 * them. Not modelled: {@code stackdepot} (only with {@code stack_depot_early_init}), lockdep and
 * spinlock debugging (they grow every bucket holding a lock), NUMA {@code hashdist}.
 */
public final class SystemHashes {
  private static final int PTR = 4;

  private final MemoryLayout layout;
  private final KernelVersion v;
  private final KernelConfig config;
  private final KernelCommandLine cmdline;
  private final int l1CacheBytes;
  private final long nrKernelPages;
  private final long nrAllPages;
  private final long cpus;

  private SystemHashes(MemoryLayout layout, KernelConfig config, int l1CacheShift) {
    this.layout = layout;
    this.v = layout.description().kernel();
    this.config = config;
    this.cmdline = layout.machine().commandLine();
    this.l1CacheBytes = 1 << l1CacheShift;
    long[] pages = kernelPages(layout);
    this.nrKernelPages = pages[0];
    this.nrAllPages = pages[1];
    this.cpus = layout.machine().boardFact("nr_cpus").map(Long::parseLong).orElse(1L);
  }

  /**
   * The hash tables of {@code layout}'s kernel, in the order it prints them.
   *
   * @param config the effective {@code .config} (the plugin's defaults merged with the user's)
   * @param l1CacheShift {@code L1_CACHE_SHIFT} of the architecture for that config
   * @throws org.memmap.api.InputException if a board fact or command-line size is malformed
   */
  public static List<HashTable> of(MemoryLayout layout, KernelConfig config, int l1CacheShift) {
    return new SystemHashes(layout, config, l1CacheShift).tables();
  }

  /**
   * {@code nr_kernel_pages} and {@code nr_all_pages} as {@code free_area_init()} leaves them.
   * Up to 6.8, {@code free_area_init_core()}: every zone's present pages less its memmap, lowmem
   * zones counted in {@code nr_kernel_pages}; from 3.9 the highmem zone is not charged its memmap
   * but {@code nr_kernel_pages} is, when it holds more than twice that. From 6.9, {@code
   * calc_nr_kernel_pages()}: the pages memblock still has free, which this model takes as the
   * present pages less the memmap (allocated from lowmem), CMA areas and the kernel image when its
   * symbols are known; the early reservations it does not see (initrd, DTB, page tables) move the
   * figure by less than a megabyte of buckets, which rounding to a power of two absorbs except
   * right at a boundary.
   */
  static long[] kernelPages(MemoryLayout layout) {
    KernelVersion v = layout.description().kernel();
    long kernel = 0;
    long all = 0;
    if (v.atLeast(6, 9)) {
      long lowEnd = Addresses.pfnDown(layout.description().lowmemLimit());
      long memmap = 0;
      long lowPresent = 0;
      for (Zone z : layout.zones()) {
        memmap += z.memmapPages();
        all += z.presentPages();
        if (z.type() != ZoneType.HIGHMEM) {
          lowPresent += z.presentPages();
        }
      }
      long reserved = memmap + imagePages(layout);
      long cmaLow = 0;
      long cmaAll = 0;
      for (RamRange c : layout.machine().cma()) {
        long s = Addresses.pfnUp(c.base());
        long e = Addresses.pfnDown(c.end());
        cmaAll += Math.max(0, e - s);
        cmaLow += Math.max(0, Math.min(e, lowEnd) - s);
      }
      return new long[] {lowPresent - reserved - cmaLow, all - reserved - cmaAll};
    }
    long highMemmap = 0;
    for (Zone z : layout.zones()) {
      if (z.type() == ZoneType.HIGHMEM) {
        highMemmap = z.memmapPages();
      } else {
        kernel += z.managedPages();
      }
      all += z.managedPages();
    }
    if (v.atLeast(3, 9) && kernel > highMemmap * 2) {
      kernel -= highMemmap;
    }
    return new long[] {kernel, all};
  }

  private static long imagePages(MemoryLayout layout) {
    Optional<Long> text = layout.machine().symbol("_text").or(() -> layout.machine().symbol("_stext"));
    Optional<Long> end = layout.machine().symbol("_end").or(() -> layout.machine().symbol("__bss_stop"));
    if (text.isEmpty() || end.isEmpty() || end.get() <= text.get()) {
      return 0;
    }
    return Addresses.pfnUp(end.get()) - Addresses.pfnDown(text.get());
  }

  private List<HashTable> tables() {
    List<HashTable> out = new ArrayList<>();
    pid(out);
    out.add(alloc(Request.of("Dentry cache", PTR, entries("dhash_entries"), 13, v.atLeast(3, 4) ? 2 : 0, 0).hashEarly()));
    out.add(alloc(Request.of("Inode-cache", PTR, entries("ihash_entries"), 14, 0, 0).hashEarly()));
    mounts(out);
    posixTimers(out);
    futex(out);
    dquot(out);
    if (enabled("NET") && enabled("INET")) {
      inet(out);
    }
    return out;
  }

  /**
   * {@code pidhash_init()}: up to 2.6.29 its own sizing, {@code max(4, fls(MB * 4))} capped at 12
   * and its own line, whose "order" is the shift (a 2.6.31 Ubuntu boot prints {@code order: 12});
   * from 2.6.32 (Jan Beulich's "use alloc_large_system_hash() for the PID hash") a {@code
   * HASH_EARLY | HASH_SMALL} large system hash of at most 4096 buckets; gone in 4.15 (pids are
   * found through an IDR).
   */
  private void pid(List<HashTable> out) {
    if (v.atLeast(4, 15)) {
      return;
    }
    if (!v.atLeast(2, 6, 32)) {
      long megabytes = nrKernelPages >> (20 - Addresses.PAGE_SHIFT);
      int shift = Math.min(12, Math.max(4, 64 - Long.numberOfLeadingZeros(megabytes * 4)));
      long size = 1L << shift;
      out.add(new HashTable("PID", size, size * PTR, true, String.format(Locale.ROOT,
          "PID hash table entries: %d (order: %d, %d bytes)", size, shift, size * PTR)));
      return;
    }
    out.add(alloc(Request.of("PID", PTR, 0, 18, 0, 4096).hashEarly().hashSmall(4)));
  }

  /**
   * {@code mnt_init()}: up to 3.13 one page of {@code list_head}s and its own line; from 3.14
   * ("resizable namespace.c hashes") two large system hashes, one bucket per 512 KiB.
   */
  private void mounts(List<HashTable> out) {
    if (!v.atLeast(3, 14)) {
      long n = Addresses.PAGE_SIZE / (2 * PTR);
      out.add(new HashTable("Mount-cache", n, Addresses.PAGE_SIZE, false,
          "Mount-cache hash table entries: " + n));
      return;
    }
    out.add(alloc(Request.of("Mount-cache", PTR, entries("mhash_entries"), 19, 0, 0)));
    out.add(alloc(Request.of("Mountpoint-cache", PTR, entries("mphash_entries"), 19, 0, 0)));
  }

  /**
   * {@code futex_init()} (3.13+): {@code roundup_pow_of_two(256 * num_possible_cpus())} buckets
   * (16 with {@code CONFIG_BASE_SMALL}) of {@code struct futex_hash_bucket} (waiters, lock,
   * plist head), cache-line aligned on SMP. From 6.16 (the per-process futex hash series) it
   * prints its own line with the NUMA node count.
   */
  private void futex(List<HashTable> out) {
    if (!v.atLeast(3, 13) || !enabled("FUTEX")) {
      return;
    }
    long bucket = 4 + spinlock() + 2 * PTR;
    if (smp()) {
      bucket = Addresses.alignUp(bucket, l1CacheBytes);
    }
    if (v.atLeast(6, 16)) {
      long hashsize = baseSmall() ? 16 : LargeSystemHash.roundupPowOfTwo(Math.max(4, 256 * cpus));
      long size = bucket * hashsize;
      String kind = LargeSystemHash.getOrder(size) >= LargeSystemHash.MAX_ORDER ? "vmalloc" : "linear";
      out.add(new HashTable("futex", hashsize, size, false, String.format(Locale.ROOT,
          "futex hash table entries: %d (%d bytes on %d NUMA nodes, total %d KiB, %s).",
          hashsize, size, 1, size / 1024, kind)));
      return;
    }
    long hashsize = baseSmall() ? 16 : LargeSystemHash.roundupPowOfTwo(256 * cpus);
    Request r = Request.of("futex", bucket, hashsize, 0, hashsize, hashsize);
    out.add(alloc(hashsize < 256 ? r.hashSmall(0) : r));
  }

  /** {@code posixtimer_init()} (6.15+, from the source history): {@code 512 * num_possible_cpus()} buckets of lock + list head. */
  private void posixTimers(List<HashTable> out) {
    if (!v.atLeast(6, 15) || !enabled("POSIX_TIMERS")) {
      return;
    }
    long size = baseSmall() ? 512 : LargeSystemHash.roundupPowOfTwo(512 * cpus);
    out.add(alloc(Request.of("posixtimers", spinlock() + PTR, size, 0, size, size)));
  }

  /**
   * {@code dquot_init()} with {@code CONFIG_QUOTA}: one page of {@code hlist_head}s, printed in
   * its own words: {@code Dquot-cache ...} from a bare {@code printk}, with a {@code VFS: } prefix
   * once converted to {@code pr_info}, taken here as 3.8 (from the source history), and without
   * the order from 7.2 (Mike Rapoport's "quota: allocate dquot_hash with kmalloc()", queued May
   * 2026; 7.2.12 prints {@code (4096 bytes)}).
   */
  private void dquot(List<HashTable> out) {
    if (!enabled("QUOTA")) {
      return;
    }
    long n = Addresses.PAGE_SIZE / PTR;
    String prefix = v.atLeast(3, 8) ? "VFS: " : "";
    String line = v.atLeast(7, 2)
        ? String.format(Locale.ROOT, "%sDquot-cache hash table entries: %d (%d bytes)", prefix, n, Addresses.PAGE_SIZE)
        : String.format(Locale.ROOT, "%sDquot-cache hash table entries: %d (order 0, %d bytes)", prefix, n,
            Addresses.PAGE_SIZE);
    out.add(new HashTable("Dquot-cache", n, Addresses.PAGE_SIZE, false, line));
  }

  /** The tables of {@code inet_init()}, in the order it allocates them. */
  private void inet(List<HashTable> out) {
    long totalram = layout.physPages();
    if (!v.atLeast(3, 6)) {
      long rhash = entries("rhash_entries");
      out.add(alloc(Request.of("IP route cache", PTR, rhash, totalram >= 128 * 1024 ? 15 : 17, 0,
          rhash != 0 ? 0 : 512 * 1024)));
    }
    if (backported(5, 13, new int[][] {{5, 12, 13}, {5, 10, 46}, {5, 4, 128}, {4, 19, 196}})) {
      out.add(alloc(new Request("IP idents", 8, 0, 16, false, false, 0, 2048, 256 * 1024)));
    }
    long thash = entries("thash_entries");
    if (v.atLeast(4, 16)) {
      long bucket = spinlock() + (v.atLeast(5, 19) ? 0 : 4) + PTR;
      out.add(alloc(Request.of("tcp_listen_portaddr_hash", bucket, thash, 21, 0, 64 * 1024)));
    }
    if (v.atLeast(5, 18)) {
      long n = 1L << config.longValue("INET_TABLE_PERTURB_ORDER", 16);
      out.add(alloc(Request.of("Table-perturb", 4, n, 0, n, n)));
    }
    int scale = v.atLeast(3, 7) ? 17 : totalram >= 128 * 1024 ? 13 : 15;
    long ehashBucket = v.atLeast(3, 14) ? PTR : 2 * PTR;
    HashTable ehash = alloc(Request.of("TCP established", ehashBucket, thash, scale, 0,
        thash != 0 ? 0 : 512 * 1024));
    out.add(ehash);
    long bindBucket = (spinlock() + PTR) * (v.atLeast(6, 1) ? 2 : 1);
    long bindEntries = v.atLeast(2, 6, 25) ? ehash.entries() : ehash.entries() >> 1;
    out.add(alloc(Request.of("TCP bind", bindBucket, bindEntries, scale, 0, 64 * 1024)));
    if (v.atLeast(5, 6) && enabled("MPTCP")) {
      out.add(alloc(Request.of("MPTCP token", spinlock() + 4 + 2 * PTR, 0, 20, 0, 64 * 1024)));
    }
    if (v.atLeast(2, 6, 33)) {
      long uhash = entries("uhash_entries");
      long min = baseSmall() ? 128 : 256;
      if (uhash != 0 && uhash < min) {
        uhash = min;
      }
      out.add(alloc(Request.of("UDP", udpSlots(), uhash, 21, min, 64 * 1024)));
      if (!v.atLeast(6, 13)) {
        out.add(alloc(Request.of("UDP-Lite", udpSlots(), uhash, 21, min, 64 * 1024)));
      }
    }
  }

  /**
   * The bytes per UDP bucket: {@code struct udp_hslot} (list head, count, lock, aligned to two
   * longs) for the port hash and again for the (port, address) hash2; from 6.13 hash2 slots are
   * {@code struct udp_hslot_main} (one more {@code u32}) and, without {@code CONFIG_BASE_SMALL},
   * a third slot for the 4-tuple hash4.
   */
  private long udpSlots() {
    long hslot = Addresses.alignUp(PTR + 4 + spinlock(), 2 * PTR);
    if (!v.atLeast(6, 13)) {
      return 2 * hslot;
    }
    long main = Addresses.alignUp(hslot + (baseSmall() ? 0 : 4), 2 * PTR);
    return hslot + main + (baseSmall() ? 0 : hslot);
  }

  /**
   * Whether a change that reached mainline in {@code major.minor} is in this release, counting
   * the stable releases that took it ({@code {major, minor, first patch}}). Distribution logs
   * name their stable release on the {@code Linux version} line ({@code Debian 5.10.223-1}).
   */
  private boolean backported(int major, int minor, int[][] stable) {
    if (v.atLeast(major, minor)) {
      return true;
    }
    for (int[] s : stable) {
      if (v.major() == s[0] && v.minor() == s[1] && v.patch() >= s[2]) {
        return true;
      }
    }
    return false;
  }

  private HashTable alloc(Request r) {
    return LargeSystemHash.alloc(r, nrKernelPages, nrAllPages, v);
  }

  /** {@code sizeof(spinlock_t)}: 4 on SMP (ticket or queued lock), nothing on UP without spinlock debugging. */
  private long spinlock() {
    return smp() || enabled("DEBUG_SPINLOCK") ? 4 : 0;
  }

  private boolean smp() {
    return config.isEnabled("SMP");
  }

  private boolean baseSmall() {
    // BASE_SMALL was an int (0 or 1) until 6.9 and a bool after: either spelling counts.
    return config.value("BASE_SMALL").map(x -> x.equals("y") || x.equals("1")).orElse(false);
  }

  /** Whether {@code option} is on; an option the config does not mention is taken as a distribution kernel has it. */
  private boolean enabled(String option) {
    return config.mentions(option) ? config.isEnabled(option) : !option.startsWith("DEBUG");
  }

  /**
   * A {@code NAME=} size from the command line, 0 when absent: {@code simple_strtoul(str, .., 0)}
   * (decimal, {@code 0x} hex or {@code 0} octal), which takes the leading digits and ignores the
   * rest, so a value with no digits leaves the table sized from memory, as the kernel does.
   */
  private long entries(String param) {
    return cmdline.param(param).map(SystemHashes::simpleStrtoul).orElse(0L);
  }

  static long simpleStrtoul(String s) {
    String t = s.strip().toLowerCase(Locale.ROOT);
    int base = 10;
    if (t.startsWith("0x")) {
      base = 16;
      t = t.substring(2);
    } else if (t.startsWith("0") && t.length() > 1) {
      base = 8;
      t = t.substring(1);
    }
    long n = 0;
    for (int i = 0; i < t.length() && Character.digit(t.charAt(i), base) >= 0 && n < (1L << 40); i++) {
      n = n * base + Character.digit(t.charAt(i), base);
    }
    return n;
  }
}

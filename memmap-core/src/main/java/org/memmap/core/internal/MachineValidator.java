package org.memmap.core.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.memmap.api.InputException;
import org.memmap.api.InputException.Input;
import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.Printable;
import org.memmap.api.spi.KmapProvider;

/**
 * Checks a {@link Machine} against the plugin that will describe it, before it does: the release
 * is in the plugin's range, every board fact is one the plugin reads, the {@code .config} is of
 * this architecture, names no likely typo of an option the plugin reads, and sets at most one
 * member of each Kconfig choice. Messages speak API terms and say what is allowed.
 */
public final class MachineValidator {
  /**
   * Options that every {@code .config} of one architecture sets and no other does, for
   * architectures memmap has no plugin for (a plugin's own is {@link
   * KmapProvider#archConfigOption()}).
   */
  private static final Map<String, String> OTHER_ARCHES = Map.ofEntries(
      Map.entry("CONFIG_ARM64", "arm64"),
      Map.entry("CONFIG_X86_64", "x86_64"),
      Map.entry("CONFIG_PPC", "powerpc"),
      Map.entry("CONFIG_RISCV", "riscv"),
      Map.entry("CONFIG_S390", "s390"),
      Map.entry("CONFIG_SPARC", "sparc"),
      Map.entry("CONFIG_ALPHA", "alpha"),
      Map.entry("CONFIG_M68K", "m68k"),
      Map.entry("CONFIG_SUPERH", "sh"),
      Map.entry("CONFIG_PARISC", "parisc"),
      Map.entry("CONFIG_LOONGARCH", "loongarch"),
      Map.entry("CONFIG_IA64", "ia64"));

  /**
   * Board facts core itself reads, for every architecture: {@code reserved} (the Memory: line's
   * figure, an override), {@code nr_cpus} (the simulated kernel's possible CPUs) and the boot
   * reservations' inputs {@code initrd_size}, {@code dtb_size}, {@code percpu_static} and {@code
   * early_allocs} ({@code org.memmap.core.memblock.BootReservations}); {@code percpu_static} is
   * also the percpu line's {@code s} figure ({@code org.memmap.core.percpu.Percpu}).
   */
  public static final Set<String> CORE_FACTS =
      Set.of("reserved", "nr_cpus", "initrd_size", "dtb_size", "percpu_static", "early_allocs");

  private MachineValidator() {}

  /**
   * Checks {@code machine} for {@code provider}; {@code all} are the installed plugins (to name
   * the architecture a foreign fact or {@code .config} belongs to).
   *
   * @throws InputException naming the input ({@link InputException#input()}), what was given
   *     and what is allowed
   */
  public static void validate(KmapProvider provider, List<KmapProvider> all, Machine machine) {
    checkRelease(provider, machine.kernel());
    checkBoardFacts(provider, all, machine);
    checkConfig(provider, all, machine.config());
  }

  /**
   * Checks that the kernel image the machine's {@link Machine#symbols() symbols} describe lies in
   * {@code layout}'s lowmem, between {@code PAGE_OFFSET} and {@code high_memory}: a kernel runs
   * from the linear map, so a {@code System.map} of another split or RAM size is not this
   * kernel's. Only {@code _sdata} and {@code _end} are checked (an XIP kernel's text lies below
   * {@code PAGE_OFFSET}).
   *
   * @throws InputException ({@link Input#SYMBOLS}) naming the symbol, its address and lowmem
   */
  public static void validateImage(org.memmap.api.MemoryLayout layout) {
    for (String name : List.of("_sdata", "_end")) {
      Optional<Long> addr = layout.machine().symbol(name);
      if (addr.isPresent()
          && (addr.get() < layout.pageOffset() || addr.get() > layout.highMemory())) {
        throw new InputException(Input.SYMBOLS, String.format(Locale.ROOT,
            "symbol %s = 0x%08x lies outside lowmem 0x%08x-0x%08x (PAGE_OFFSET to high_memory):"
                + " the kernel image must be in the linear map; is the System.map of this"
                + " kernel's VMSPLIT and RAM?",
            name, addr.get(), layout.pageOffset(), layout.highMemory()));
      }
    }
  }

  private static void checkRelease(KmapProvider p, KernelVersion v) {
    if (v.compareTo(p.oldestKernel()) < 0 || v.compareTo(p.newestKernel()) > 0) {
      throw new InputException(Input.KERNEL, "kernel release " + v + " is outside "
          + series(p.oldestKernel()) + ".." + series(p.newestKernel()) + " for " + p.id());
    }
  }

  /** {@code 6.1} for a bound that covers every stable release of a series. */
  static String series(KernelVersion v) {
    return v.patch() >= 999 ? v.major() + "." + v.minor() : v.toString();
  }

  private static void checkBoardFacts(KmapProvider p, List<KmapProvider> all, Machine m) {
    Set<String> known = new TreeSet<>(p.boardFacts());
    known.addAll(CORE_FACTS);
    for (String key : m.boardFacts().keySet()) {
      if (known.contains(key)) {
        continue;
      }
      List<String> owners = new ArrayList<>();
      for (KmapProvider o : all) {
        if (o != p && o.boardFacts().contains(key)) {
          owners.add(o.id());
        }
      }
      String allowed = known.isEmpty() ? "it reads none"
          : "it reads " + String.join(", ", new TreeSet<>(known));
      if (!owners.isEmpty()) {
        throw new InputException(Input.BOARD_FACT, "board fact " + key + "="
            + Printable.escape(m.boardFacts().get(key)) + ": belongs to "
            + String.join(", ", owners) + ", not " + p.id() + "; " + allowed);
      }
      String near = nearest(key, known).map(k -> "did you mean " + k + "? ").orElse("");
      throw new InputException(Input.BOARD_FACT, "board fact " + Printable.escape(key) + "="
          + Printable.escape(m.boardFacts().get(key)) + ": not one " + p.id() + " reads; " + near
          + allowed);
    }
  }

  private static void checkConfig(KmapProvider p, List<KmapProvider> all, KernelConfig cfg) {
    if (cfg.options().isEmpty()) {
      return;
    }
    Optional<String> own = p.archConfigOption();
    if (own.isPresent() && !cfg.isEnabledLenient(own.get())) {
      for (KmapProvider o : all) {
        Optional<String> theirs = o.archConfigOption();
        if (o != p && theirs.isPresent() && !theirs.equals(own) && cfg.isEnabledLenient(theirs.get())) {
          throw foreign(p, theirs.get() + "=y", o.id());
        }
      }
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(OTHER_ARCHES).entrySet()) {
        if (cfg.isEnabledLenient(e.getKey())) {
          throw foreign(p, e.getKey() + "=y", e.getValue());
        }
      }
    }
    // A full .config (it sets the architecture's own option) is Kconfig's output: trusted to
    // name real options. Hand-made partial configurations are checked for typos.
    boolean full = own.isPresent() && cfg.isEnabledLenient(own.get());
    Set<String> known = full ? Set.of() : p.configOptions();
    for (String name : cfg.options().keySet()) {
      if (known.contains(name)) {
        continue;
      }
      for (String k : new TreeSet<>(known)) {
        if (!cfg.mentions(k) && editDistanceIsOne(name, k)) {
          throw new InputException(Input.CONFIG, name + " is not an option " + p.id()
              + " reads; did you mean " + k + "? (an option one letter away from one it reads,"
              + " while that one is absent, is taken for a typo)");
        }
      }
    }
    for (Set<String> group : p.configChoices()) {
      cfg.choice(group);
    }
  }

  private static InputException foreign(KmapProvider p, String evidence, String arch) {
    return new InputException(Input.CONFIG, String.format(Locale.ROOT,
        "the configuration is for %s (%s), not %s%s", arch, evidence, p.id(),
        p.archConfigOption().map(o -> " (which sets " + o + "=y)").orElse("")));
  }

  private static Optional<String> nearest(String key, Set<String> known) {
    return new TreeSet<>(known).stream().filter(k -> editDistanceIsOne(key, k)).findFirst();
  }

  /** Whether one substitution, insertion, deletion or swap of neighbours turns a into b. */
  static boolean editDistanceIsOne(String a, String b) {
    if (a.equals(b) || Math.abs(a.length() - b.length()) > 1) {
      return false;
    }
    int i = 0;
    while (i < Math.min(a.length(), b.length()) && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    if (a.length() == b.length()) {
      if (a.substring(i + 1).equals(b.substring(i + 1))) {
        return true;
      }
      return i + 1 < a.length() && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
          && a.substring(i + 2).equals(b.substring(i + 2));
    }
    String longer = a.length() > b.length() ? a : b;
    String shorter = a.length() > b.length() ? b : a;
    return longer.substring(i + 1).equals(shorter.substring(i));
  }
}

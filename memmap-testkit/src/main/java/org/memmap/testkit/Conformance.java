package org.memmap.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.memmap.api.Addresses;
import org.memmap.api.InvalidArchitectureException;
import org.memmap.api.KernelVersion;
import org.memmap.api.Machine;
import org.memmap.api.MemoryLayout;
import org.memmap.api.RamRange;
import org.memmap.api.Region;
import org.memmap.api.RegionKind;
import org.memmap.api.Zone;
import org.memmap.api.ZoneType;
import org.memmap.api.spi.ArchDescription;
import org.memmap.api.spi.BannerLine;
import org.memmap.api.spi.KmapProvider;
import org.memmap.api.spi.PageTableLevel;
import org.memmap.api.spi.PkmapSpec;
import org.memmap.core.Architectures;
import org.memmap.core.MemMap;
import org.memmap.core.internal.DescriptionValidator;

/**
 * The checks behind the contracts, usable on their own: each returns the problems it found, one
 * message per problem, each starting {@code plugin ID:} and saying what to fix. An empty list
 * means the provider passes.
 *
 * <pre>{@code
 * List<String> problems = Conformance.descriptionProblems(new MyProvider(), machine);
 * }</pre>
 */
public final class Conformance {
  /** The service interface's name, as {@code META-INF/services} and {@code provides} spell it. */
  public static final String SERVICE = KmapProvider.class.getName();

  private Conformance() {}

  // ------------------------------------------------------------------ releases and machines

  /**
   * The releases to check: the oldest and newest the provider claims, each era boundary and the
   * release just before it, inside the claimed range, sorted.
   */
  public static List<KernelVersion> sampleKernels(KmapProvider p, List<KernelVersion> boundaries) {
    KernelVersion oldest = p.oldestKernel();
    KernelVersion newest = p.newestKernel();
    TreeSet<KernelVersion> out = new TreeSet<>();
    out.add(oldest);
    out.add(newest);
    for (KernelVersion b : boundaries) {
      out.add(b);
      previous(b).ifPresent(out::add);
    }
    return out.stream()
        .filter(v -> v.compareTo(oldest) >= 0 && v.compareTo(newest) <= 0)
        .map(v -> KernelVersion.of(v.major(), v.minor(), v.patch()))
        .distinct()
        .collect(Collectors.toList());
  }

  /** The release just before {@code v}: {@code 4.11} for {@code 4.12}, {@code 3.19} for {@code 4.0}. */
  static Optional<KernelVersion> previous(KernelVersion v) {
    if (v.major() == 2) {
      return v.patch() > 0 ? Optional.of(KernelVersion.of(2, v.minor(), v.patch() - 1)) : Optional.empty();
    }
    if (v.patch() > 0) {
      return Optional.of(KernelVersion.of(v.major(), v.minor(), v.patch() - 1));
    }
    if (v.minor() > 0) {
      return Optional.of(KernelVersion.of(v.major(), v.minor() - 1));
    }
    return switch (v.major()) {
      case 3 -> Optional.of(KernelVersion.of(2, 6, 39));
      case 4 -> Optional.of(KernelVersion.of(3, 19));
      case 5 -> Optional.of(KernelVersion.of(4, 20));
      case 6 -> Optional.of(KernelVersion.of(5, 19));
      default -> Optional.empty();
    };
  }

  /** Every machine at every sampled release, with the provider's id as its architecture. */
  public static List<Machine> sample(KmapProvider p, List<Machine> machines, List<KernelVersion> boundaries) {
    List<Machine> out = new ArrayList<>();
    for (Machine m : machines) {
      for (KernelVersion v : sampleKernels(p, boundaries)) {
        out.add(m.withArch(p.id()).withKernel(v));
      }
    }
    return out;
  }

  /** How a message names a machine: {@code kernel 4.14, RAM 448M@0x0 + 64M@0x20000000}. */
  public static String machineName(Machine m) {
    String ram = m.ram().stream()
        .map(r -> size(r.size()) + "@0x" + Long.toHexString(r.base()))
        .collect(Collectors.joining(" + "));
    String extra = (m.config().options().isEmpty() ? "" : ", config " + m.config().options())
        + (m.commandLine().text().isBlank() ? "" : ", cmdline '" + m.commandLine().text() + "'")
        + (m.boardFacts().isEmpty() ? "" : ", board " + m.boardFacts());
    return "kernel " + m.kernel() + ", RAM " + ram + extra;
  }

  private static String size(long bytes) {
    if (bytes % Addresses.GB == 0) {
      return (bytes / Addresses.GB) + "G";
    }
    if (bytes % Addresses.MB == 0) {
      return (bytes / Addresses.MB) + "M";
    }
    return (bytes / Addresses.KB) + "K";
  }

  // ------------------------------------------------------------------ descriptions

  /** Every description problem of {@code p} on {@code m}: the structural checks, core's validation, zones, purity. */
  public static List<String> descriptionProblems(KmapProvider p, Machine m) {
    List<String> out = new ArrayList<>();
    Optional<ArchDescription> d = describe(p, m, out);
    if (d.isEmpty()) {
      return out;
    }
    out.addAll(structureProblems(p, m, d.get()));
    if (out.isEmpty()) {
      out.addAll(validationProblems(p, m));
    }
    if (out.isEmpty()) {
      out.addAll(zoneProblems(p, m));
    }
    out.addAll(purityProblems(p, m));
    return out;
  }

  /** Calls {@code describe()}; a thrown exception or a wrong arch or kernel is a problem. */
  static Optional<ArchDescription> describe(KmapProvider p, Machine m, List<String> out) {
    ArchDescription d;
    try {
      d = p.describe(m);
    } catch (RuntimeException e) {
      out.add(fail(p, m, "describe() threw " + e.getClass().getSimpleName() + " (" + e.getMessage()
          + "); every release between oldestKernel() and newestKernel() must be describable"
          + " on the machines the plugin's test lists"));
      return Optional.empty();
    }
    if (d == null) {
      out.add(fail(p, m, "describe() returned null; return a description"));
      return Optional.empty();
    }
    if (!p.id().equals(d.arch())) {
      out.add(fail(p, m, "the description's arch is '" + d.arch() + "'; it must be the plugin id '" + p.id() + "'"));
    }
    if (d.kernel() == null || d.kernel().compareTo(m.kernel()) != 0) {
      out.add(fail(p, m, "the description is for kernel " + d.kernel() + " but kernel " + m.kernel()
          + " was asked for; pass machine.kernel() through"));
    }
    return out.isEmpty() ? Optional.of(d) : Optional.empty();
  }

  /**
   * The structural checks on one description: every problem core's {@link DescriptionValidator}
   * finds (regions unique, inside 4 GiB, not overlapping; lowmem is {@code [PAGE_OFFSET,
   * high_memory)}; a vmalloc region; the pkmap window in one page table; banner lines naming
   * regions that exist), each naming the plugin and the machine.
   */
  public static List<String> structureProblems(KmapProvider p, Machine m, ArchDescription d) {
    return DescriptionValidator.problems(d).stream().map(msg -> fail(p, m, msg)).toList();
  }

  /** Core's own validation ({@link MemMap#describe}): what core refuses to compute with. */
  public static List<String> validationProblems(KmapProvider p, Machine m) {
    try {
      memmap(p).describe(m);
      return List.of();
    } catch (InvalidArchitectureException e) {
      String prefix = "architecture plugin " + p.id() + " (" + p.getClass().getName() + "): ";
      String msg = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
      return List.of(fail(p, m, msg + " (core's DescriptionValidator)"));
    } catch (RuntimeException e) {
      return List.of(fail(p, m, "core could not describe the machine: " + e.getMessage()));
    }
  }

  /**
   * The zones core computes from the description: DMA, Normal, HighMem in that order, each
   * starting where the previous ends; Normal ends at the lowmem limit (or the end of RAM); page
   * counts add up to {@code Total pages} and the RAM present; without {@code CONFIG_HIGHMEM} no
   * memory lies above the lowmem limit.
   */
  public static List<String> zoneProblems(KmapProvider p, Machine m) {
    List<String> out = new ArrayList<>();
    MemoryLayout layout;
    try {
      layout = memmap(p).layoutOf(m);
    } catch (RuntimeException e) {
      return List.of(fail(p, m, "core could not lay out the machine: " + e.getMessage()));
    }
    ArchDescription d = layout.description();
    List<Zone> zones = layout.zones();
    if (zones.isEmpty()) {
      return List.of(fail(p, m, "core computed no zones"));
    }
    for (int i = 1; i < zones.size(); i++) {
      Zone a = zones.get(i - 1);
      Zone b = zones.get(i);
      if (a.type().ordinal() >= b.type().ordinal()) {
        out.add(fail(p, m, "zones out of order: " + a.type().kernelName() + " before " + b.type().kernelName()));
      }
      if (b.startPfn() != a.endPfn()) {
        out.add(fail(p, m, "zone " + b.type().kernelName() + " starts at pfn 0x" + Long.toHexString(b.startPfn())
            + ", not where " + a.type().kernelName() + " ends (0x" + Long.toHexString(a.endPfn()) + ")"));
      }
    }
    long ramPages = 0;
    long nodeEnd = 0;
    for (RamRange r : d.memory()) {
      long s = Addresses.pfnUp(r.base());
      long e = Addresses.pfnDown(r.end());
      ramPages += Math.max(0, e - s);
      nodeEnd = Math.max(nodeEnd, e);
    }
    long present = zones.stream().mapToLong(Zone::presentPages).sum();
    if (present != ramPages || layout.physPages() != present) {
      out.add(fail(p, m, "the zones hold " + present + " present pages, the description's memory "
          + ramPages + "; every page of RAM must fall in one zone"));
    }
    long managed = zones.stream().mapToLong(Zone::managedPages).sum();
    if (layout.totalPages() != managed) {
      out.add(fail(p, m, "Total pages " + layout.totalPages() + " is not the sum of managed pages " + managed));
    }
    long lowEnd = Math.min(Addresses.pfnDown(d.lowmemLimit()), nodeEnd);
    Optional<Zone> normal = layout.zone(ZoneType.NORMAL);
    if (normal.isPresent() && !normal.get().isEmpty() && normal.get().endPfn() != lowEnd) {
      out.add(fail(p, m, "ZONE_NORMAL ends at pfn 0x" + Long.toHexString(normal.get().endPfn())
          + ", not at the lowmem limit " + Addresses.hex(d.lowmemLimit())));
    }
    if (!d.zoneRules().highmem()) {
      d.memory().stream().filter(r -> r.end() > d.lowmemLimit()).findFirst().ifPresent(r ->
          out.add(fail(p, m, "without CONFIG_HIGHMEM the description keeps " + r + " above the lowmem limit "
              + Addresses.hex(d.lowmemLimit()) + "; drop what the kernel drops")));
    } else if (d.pkmapSpec().isEmpty()) {
      out.add(fail(p, m, "ZoneRules.highmem is set but the description has no PkmapSpec"));
    }
    long highPresent = layout.zone(ZoneType.HIGHMEM).map(Zone::presentPages).orElse(0L);
    if (layout.highTotalPages() != highPresent) {
      out.add(fail(p, m, "HighTotal " + layout.highTotalPages() + " pages is not the HighMem zone's present "
          + highPresent));
    }
    return out;
  }

  /** {@code describe()} is a pure function: two calls, and a second instance, give equal descriptions. */
  public static List<String> purityProblems(KmapProvider p, Machine m) {
    try {
      ArchDescription a = p.describe(m);
      ArchDescription b = p.describe(m);
      if (!a.equals(b)) {
        return List.of(fail(p, m, "describe() is not pure: two calls on the same machine returned different"
            + " descriptions; a plugin keeps no state and reads no clock or environment"));
      }
      Optional<KmapProvider> twin = newInstance(p.getClass());
      if (twin.isPresent() && !a.equals(twin.get().describe(m))) {
        return List.of(fail(p, m, "describe() is not pure: a second instance of the provider returned a"
            + " different description; a plugin keeps no state"));
      }
      return List.of();
    } catch (RuntimeException e) {
      return List.of(fail(p, m, "describe() threw " + e.getClass().getSimpleName() + " (" + e.getMessage() + ")"));
    }
  }

  private static Optional<KmapProvider> newInstance(Class<? extends KmapProvider> cls) {
    try {
      return Optional.of(cls.getConstructor().newInstance());
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static MemMap memmap(KmapProvider p) {
    return MemMap.of(Architectures.of(List.of(p)));
  }

  // ------------------------------------------------------------------ registration

  /**
   * Id, aliases, name and claimed releases: ids and aliases lower case ({@code [a-z][a-z0-9_-]*}),
   * no alias equal to the id, a display name, {@code oldestKernel() <= newestKernel()} inside the
   * releases memmap models.
   */
  public static List<String> identityProblems(KmapProvider p) {
    List<String> out = new ArrayList<>();
    String id = p.id();
    String who = "plugin " + id;
    if (!DescriptionValidator.isValidId(id)) {
      out.add(who + ": id '" + id + "' must be lower case letters, digits, '-' or '_', starting with a letter"
          + " (the kernel's ARCH= name)");
    }
    Set<String> aliases = p.aliases();
    if (aliases == null) {
      out.add(who + ": aliases() returned null; return Set.of() for none");
    } else {
      for (String a : aliases) {
        if (!DescriptionValidator.isValidId(a)) {
          out.add(who + ": alias '" + a + "' must be lower case letters, digits, '-' or '_', starting with a letter");
        } else if (a.equals(id)) {
          out.add(who + ": alias '" + a + "' repeats the id; aliases are other names");
        }
      }
    }
    if (p.displayName() == null || p.displayName().isBlank()) {
      out.add(who + ": displayName() is blank; give a human name such as 'MIPS (32-bit)'");
    }
    KernelVersion oldest = p.oldestKernel();
    KernelVersion newest = p.newestKernel();
    if (oldest == null || newest == null || oldest.compareTo(newest) > 0) {
      out.add(who + ": oldestKernel() " + oldest + " must not be newer than newestKernel() " + newest);
    } else if (oldest.compareTo(KernelVersion.OLDEST) < 0 || newest.compareTo(KernelVersion.NEWEST) > 0) {
      out.add(who + ": claims " + oldest + " .. " + newest + "; memmap models " + KernelVersion.OLDEST
          + " .. " + KernelVersion.NEWEST);
    }
    return out;
  }

  /**
   * What {@link java.util.ServiceLoader} needs of the class: {@code public final}, a public no-arg
   * constructor.
   */
  public static List<String> classProblems(KmapProvider p) {
    List<String> out = new ArrayList<>();
    Class<?> cls = p.getClass();
    String who = "plugin " + p.id();
    int mod = cls.getModifiers();
    if (!Modifier.isPublic(mod) || !Modifier.isFinal(mod) || cls.isAnonymousClass() || cls.getEnclosingClass() != null) {
      out.add(who + ": provider class " + cls.getName() + " must be a public final top-level class");
    }
    try {
      Constructor<?> c = cls.getConstructor();
      if (!Modifier.isPublic(c.getModifiers())) {
        out.add(who + ": provider class " + cls.getName() + " needs a public no-arg constructor");
      }
    } catch (NoSuchMethodException e) {
      out.add(who + ": provider class " + cls.getName() + " needs a public no-arg constructor"
          + " (ServiceLoader instantiates it)");
    }
    return out;
  }

  /**
   * The class-path registration: {@code META-INF/services/org.memmap.api.spi.KmapProvider} in the
   * jar or classes directory the provider was loaded from lists its class.
   */
  public static List<String> servicesFileProblems(KmapProvider p) {
    String who = "plugin " + p.id();
    String cls = p.getClass().getName();
    Optional<Path> location = location(p.getClass());
    if (location.isEmpty()) {
      return List.of(who + ": cannot tell where " + cls + " was loaded from, so its META-INF/services file"
          + " cannot be checked");
    }
    String entry = "META-INF/services/" + SERVICE;
    Optional<String> text = read(location.get(), entry);
    if (text.isEmpty()) {
      return List.of(who + ": " + location.get() + " has no " + entry + "; annotate " + cls
          + " with @AutoService(KmapProvider.class) and put auto-service on the annotation processor path");
    }
    boolean listed = text.get().lines()
        .map(l -> l.replaceAll("#.*", "").strip())
        .anyMatch(cls::equals);
    return listed ? List.of() : List.of(who + ": " + location.get() + "!/" + entry + " does not list " + cls
        + "; annotate the class with @AutoService(KmapProvider.class)");
  }

  /**
   * The module-path registration: the provider's module declares {@code provides
   * org.memmap.api.spi.KmapProvider with} its class. On the module path the loaded module's
   * descriptor is read; on the class path the {@code module-info.class} beside the class.
   */
  public static List<String> moduleProblems(KmapProvider p) {
    String who = "plugin " + p.id();
    Class<?> cls = p.getClass();
    Module module = cls.getModule();
    if (module.isNamed()) {
      return providesProblems(p, module.getDescriptor());
    }
    Optional<Path> location = location(cls);
    Optional<byte[]> bytes = location.flatMap(l -> readBytes(l, "module-info.class"));
    if (bytes.isEmpty()) {
      return List.of(who + ": " + location.map(Path::toString).orElse("the provider's jar") + " has no"
          + " module-info.class; add src/main/java/module-info.java with 'requires org.memmap.api;' and"
          + " 'provides " + SERVICE + " with " + cls.getName() + ";'");
    }
    ModuleDescriptor d;
    try {
      d = ModuleDescriptor.read(java.nio.ByteBuffer.wrap(bytes.get()));
    } catch (RuntimeException e) {
      return List.of(who + ": module-info.class in " + location.get() + " cannot be read: " + e.getMessage());
    }
    return providesProblems(p, d);
  }

  /** Whether descriptor {@code d} provides the service with the provider's class. */
  public static List<String> providesProblems(KmapProvider p, ModuleDescriptor d) {
    String cls = p.getClass().getName();
    boolean provides = d.provides().stream()
        .anyMatch(pr -> pr.service().equals(SERVICE) && pr.providers().contains(cls));
    if (provides) {
      return List.of();
    }
    return List.of("plugin " + p.id() + ": module " + d.name() + " does not declare 'provides " + SERVICE
        + " with " + cls + "'; add it to module-info.java, or the plugin is invisible on the module path"
        + " (./memmap arches will not list it)");
  }

  /** Every registration problem: identity, class shape, services file, module descriptor. */
  public static List<String> registrationProblems(KmapProvider p) {
    List<String> out = new ArrayList<>(identityProblems(p));
    out.addAll(classProblems(p));
    out.addAll(servicesFileProblems(p));
    out.addAll(moduleProblems(p));
    return out;
  }

  private static Optional<Path> location(Class<?> cls) {
    CodeSource cs = cls.getProtectionDomain().getCodeSource();
    if (cs == null || cs.getLocation() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(cs.getLocation().toURI()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> read(Path location, String entry) {
    return readBytes(location, entry).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  private static Optional<byte[]> readBytes(Path location, String entry) {
    try {
      if (Files.isDirectory(location)) {
        Path f = location.resolve(entry);
        return Files.isRegularFile(f) ? Optional.of(Files.readAllBytes(f)) : Optional.empty();
      }
      try (JarFile jar = new JarFile(location.toFile())) {
        var e = jar.getJarEntry(entry);
        if (e == null) {
          return Optional.empty();
        }
        try (InputStream in = jar.getInputStream(e)) {
          return Optional.of(in.readAllBytes());
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static String fail(KmapProvider p, Machine m, String what) {
    return String.format(Locale.ROOT, "plugin %s: %s (%s)", p.id(), what, machineName(m));
  }
}

package org.memmap.core;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.memmap.api.InvalidArchitectureException;
import org.memmap.api.Printable;
import org.memmap.api.UnknownArchitectureException;
import org.memmap.api.spi.KmapProvider;
import org.memmap.core.internal.DescriptionValidator;

/**
 * The immutable registry of architecture plugins: every {@link KmapProvider} found, by id and
 * alias. Ids and aliases are unique; a clash is an error naming both classes.
 *
 * <pre>{@code
 * Architectures arches = Architectures.installed();
 * KmapProvider arm = arches.require("armhf");   // by alias
 * }</pre>
 */
public final class Architectures {

  private final List<KmapProvider> providers;
  private final Map<String, KmapProvider> byName;

  private Architectures(List<KmapProvider> providers, Map<String, KmapProvider> byName) {
    this.providers = List.copyOf(providers);
    this.byName = Map.copyOf(byName);
  }

  /**
   * The plugins visible to this module: on the module path those bound by {@code provides}, on
   * the class path those listed in {@code META-INF/services}.
   *
   * @throws InvalidArchitectureException if a plugin cannot be loaded or two share an id
   */
  public static Architectures installed() {
    return of(load(ServiceLoader.load(KmapProvider.class)));
  }

  /** The plugins of a module layer (and its parents): for plugin layers and tests. */
  public static Architectures load(ModuleLayer layer) {
    return of(load(ServiceLoader.load(layer, KmapProvider.class)));
  }

  /** The plugins a class loader lists in {@code META-INF/services}: for class-path use and tests. */
  public static Architectures load(ClassLoader loader) {
    return of(load(ServiceLoader.load(KmapProvider.class, loader)));
  }

  /**
   * A registry of exactly these providers, validated.
   *
   * @throws InvalidArchitectureException if an id is malformed or an id or alias is taken twice
   */
  public static Architectures of(Iterable<? extends KmapProvider> providers) {
    List<KmapProvider> list = new ArrayList<>();
    Map<String, KmapProvider> byName = new LinkedHashMap<>();
    for (KmapProvider p : providers) {
      String id = p.id();
      if (!DescriptionValidator.isValidId(id)) {
        throw new InvalidArchitectureException(
            "architecture plugin " + p.getClass().getName() + ": id '" + id
                + "' must be lower case letters, digits, '-' or '_'");
      }
      claim(byName, id, p);
      for (String alias : p.aliases()) {
        if (!DescriptionValidator.isValidId(alias)) {
          throw new InvalidArchitectureException(
              "architecture plugin " + id + " (" + p.getClass().getName() + "): alias '" + alias
                  + "' must be lower case letters, digits, '-' or '_'");
        }
        claim(byName, alias, p);
      }
      list.add(p);
    }
    return new Architectures(list, byName);
  }

  private static void claim(Map<String, KmapProvider> byName, String name, KmapProvider p) {
    KmapProvider other = byName.putIfAbsent(name, p);
    if (other != null) {
      throw new InvalidArchitectureException(
          "architecture name '" + name + "' is claimed twice: by " + other.getClass().getName()
              + " (id " + other.id() + ") and by " + p.getClass().getName() + " (id " + p.id() + ")");
    }
  }

  private static List<KmapProvider> load(ServiceLoader<KmapProvider> loader) {
    List<KmapProvider> out = new ArrayList<>();
    Iterator<KmapProvider> it = loader.iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          return out;
        }
        out.add(it.next());
      } catch (ServiceConfigurationError e) {
        throw new InvalidArchitectureException(
            "an architecture plugin could not be loaded: " + e.getMessage());
      }
    }
  }

  /** Every plugin, in discovery order. */
  public List<KmapProvider> all() {
    return providers;
  }

  /** Every id, in discovery order. */
  public List<String> ids() {
    return providers.stream().map(KmapProvider::id).collect(Collectors.toList());
  }

  /** The plugin with this id or alias (case-insensitive). */
  public Optional<KmapProvider> find(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
  }

  /**
   * The plugin with this id or alias.
   *
   * @throws UnknownArchitectureException listing what is installed if none matches
   */
  public KmapProvider require(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new UnknownArchitectureException(
                    "architecture '" + Printable.escape(name) + "': no such plugin; installed: "
                        + (providers.isEmpty()
                            ? "none (no plugin on the module path)"
                            : providers.stream()
                                .map(p -> p.id() + " (" + String.join(", ", new TreeSet<>(p.aliases())) + ")")
                                .collect(Collectors.joining("; ")))));
  }

  /** The JPMS module that holds the plugin, or {@code "(class path)"}. */
  public static String moduleOf(KmapProvider p) {
    Module m = p.getClass().getModule();
    return m.isNamed() ? m.getName() : "(class path)";
  }

  /** The jar or directory the plugin class was loaded from, or {@code "(unknown)"}. */
  public static String locationOf(KmapProvider p) {
    CodeSource cs = p.getClass().getProtectionDomain().getCodeSource();
    if (cs == null || cs.getLocation() == null) {
      return "(unknown)";
    }
    try {
      return Path.of(cs.getLocation().toURI()).toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return cs.getLocation().toString();
    }
  }

  @Override
  public String toString() {
    return "Architectures" + ids();
  }
}

package org.memmap.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Plugins are found three ways, each proving one registration: a module layer over the plugin
 * jars (the {@code provides} clauses), a class loader over the same jars (the AutoService files),
 * and the jars' module descriptors (exports, provides, requires as intended). Jar paths come from
 * the build (maven-dependency-plugin {@code properties}).
 */
class DiscoveryTest {
  private static final String SPI = "org.memmap.api.spi.KmapProvider";

  static Path jar(String key) {
    String p = System.getProperty("memmap.jar." + key);
    assertNotNull(p, "system property memmap.jar." + key + " is set by the build");
    Path path = Path.of(p);
    assertTrue(Files.exists(path), path + " exists");
    return path;
  }

  /** Plugin id -> provider class name, for every provider {@code loader} finds. */
  private static Map<String, String> ids(ServiceLoader<?> loader) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (Object p : loader) {
      out.put((String) p.getClass().getMethod("id").invoke(p), p.getClass().getName());
    }
    return out;
  }

  @Test
  void moduleLayerFindsBothPluginsThroughProvides() throws Exception {
    ModuleFinder finder = ModuleFinder.of(jar("api"), jar("guava"), jar("arm"), jar("x86"));
    Configuration cf = Configuration.resolveAndBind(finder, List.of(ModuleLayer.boot().configuration()),
        ModuleFinder.of(), Set.of("org.memmap.arch.arm", "org.memmap.arch.x86"));
    ModuleLayer layer = ModuleLayer.defineModulesWithOneLoader(
        cf, List.of(ModuleLayer.boot()), ClassLoader.getPlatformClassLoader()).layer();
    Class<?> spi = layer.findLoader("org.memmap.api").loadClass(SPI);
    // This test runs inside the named module org.memmap.examples, which may only load services it uses.
    DiscoveryTest.class.getModule().addUses(spi);
    Map<String, String> found = new TreeMap<>();
    for (ServiceLoader.Provider<?> p : ServiceLoader.load(layer, spi).stream().toList()) {
      if (p.type().getModule().getLayer() == layer) {
        Object provider = p.get();
        found.put((String) spi.getMethod("id").invoke(provider), provider.getClass().getName());
      }
    }
    assertEquals(Map.of("arm", "org.memmap.arch.arm.ArmKmapProvider",
        "x86", "org.memmap.arch.x86.X86KmapProvider"), found,
        "service binding over the plugin jars (a missing 'provides' line loses a plugin)");
  }

  @Test
  void classLoaderFindsBothPluginsThroughAutoServiceFiles() throws Exception {
    URL[] urls = {jar("api").toUri().toURL(), jar("guava").toUri().toURL(),
        jar("arm").toUri().toURL(), jar("x86").toUri().toURL()};
    // Parent: the bootstrap loader, which cannot see the test's own module layer (the platform
    // loader would hand out the boot layer's named plugin modules, which ServiceLoader skips).
    try (URLClassLoader loader = new URLClassLoader(urls, null)) {
      Class<?> spi = loader.loadClass(SPI);
      DiscoveryTest.class.getModule().addUses(spi);
      assertEquals(Map.of("arm", "org.memmap.arch.arm.ArmKmapProvider",
          "x86", "org.memmap.arch.x86.X86KmapProvider"), ids(ServiceLoader.load(spi, loader)),
          "class-path discovery (a missing META-INF/services file loses a plugin)");
    }
  }

  @Test
  void pluginDescriptorsExportNothingAndProvideTheSpi() {
    check(jar("arm"), "org.memmap.arch.arm", "org.memmap.arch.arm.ArmKmapProvider");
    check(jar("x86"), "org.memmap.arch.x86", "org.memmap.arch.x86.X86KmapProvider");
  }

  private static void check(Path jar, String name, String provider) {
    ModuleDescriptor d = ModuleFinder.of(jar).findAll().iterator().next().descriptor();
    assertEquals(name, d.name());
    assertTrue(d.exports().isEmpty(), name + " exports nothing: " + d.exports());
    assertTrue(d.opens().isEmpty(), name + " opens nothing");
    assertEquals(1, d.provides().size(), name + " provides one service");
    ModuleDescriptor.Provides p = d.provides().iterator().next();
    assertEquals(SPI, p.service());
    assertEquals(List.of(provider), p.providers());
    Set<String> requires = d.requires().stream()
        .map(r -> r.name() + (r.modifiers().contains(ModuleDescriptor.Requires.Modifier.STATIC) ? " static" : ""))
        .collect(Collectors.toSet());
    assertEquals(Set.of("java.base", "org.memmap.api", "com.google.auto.service static"), requires,
        name + " depends on the API only (and the compile-time annotation)");
    assertTrue(d.packages().stream().allMatch(pkg -> pkg.startsWith(name)), name + " packages start with the module name");
  }

  @Test
  void apiAndCoreDescriptors() {
    ModuleDescriptor api = ModuleFinder.of(jar("api")).findAll().iterator().next().descriptor();
    assertEquals(Set.of("org.memmap.api", "org.memmap.api.spi"),
        api.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
    assertTrue(api.uses().isEmpty() && api.provides().isEmpty());
    ModuleDescriptor core = org.memmap.core.MemMap.class.getModule().getDescriptor();
    if (core != null) {
      assertEquals(Set.of(SPI), core.uses(), "core uses the SPI");
      assertTrue(core.requires().stream().noneMatch(r -> r.name().startsWith("org.memmap.arch")),
          "core never requires a plugin");
    }
  }
}

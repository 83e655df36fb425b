/**
 * memmap core: the generic algorithms of {@code mm/} — layout assembly and validation, zones and
 * page counts, boot-message rendering, boot-log checking — over descriptions that architecture
 * plugins supply.
 *
 * @uses org.memmap.api.spi.KmapProvider architecture plugins, found with {@link
 *     java.util.ServiceLoader}
 * @since 0.1
 */
@SuppressWarnings("module") // the qualified exports name the kit and the CLI, built after core
module org.memmap.core {
  requires transitive org.memmap.api;
  requires com.google.common;

  exports org.memmap.core;
  exports org.memmap.core.printk;
  exports org.memmap.core.hash;
  exports org.memmap.core.memblock;
  exports org.memmap.core.percpu;
  exports org.memmap.core.check;
  exports org.memmap.core.mm;
  exports org.memmap.core.sim;
  exports org.memmap.core.sim.script to org.memmap.cli;
  exports org.memmap.core.highmem;
  exports org.memmap.core.pgtable;
  exports org.memmap.core.vmalloc;
  exports org.memmap.core.proc;
  exports org.memmap.core.render;
  exports org.memmap.core.internal to org.memmap.testkit;

  uses org.memmap.api.spi.KmapProvider;
}

/**
 * Small programs written against the public memmap library: {@code BoardPlanner}, {@code
 * KmapStorm}, {@code ModuleOops}. Finds architecture plugins through service binding ({@code
 * org.memmap.core} {@code uses} the SPI); never requires a plugin.
 */
module org.memmap.examples {
  requires transitive org.memmap.core;

  exports org.memmap.examples;
}

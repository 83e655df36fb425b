/**
 * The {@code memmap} command line and example programs. Finds architecture plugins through
 * service binding ({@code org.memmap.core} {@code uses} the SPI); never requires a plugin.
 */
module org.memmap.examples {
  requires transitive org.memmap.core;
  requires info.picocli;
  requires com.fasterxml.jackson.databind;

  opens org.memmap.examples.cli to info.picocli;

  exports org.memmap.examples;
}

/**
 * The {@code memmap} command line. Finds architecture plugins through service binding ({@code
 * org.memmap.core} {@code uses} the SPI); never requires a plugin.
 */
module org.memmap.cli {
  requires org.memmap.core;
  requires info.picocli;

  opens org.memmap.cli to info.picocli;
}

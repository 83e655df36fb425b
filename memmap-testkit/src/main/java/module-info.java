/**
 * The memmap plugin conformance kit: JUnit 5 contracts that every {@link
 * org.memmap.api.spi.KmapProvider} must pass. A plugin's test implements {@link
 * org.memmap.testkit.KmapProviderContract} with its provider and the machines it claims; the
 * kit's messages say what to fix.
 */
module org.memmap.testkit {
  requires transitive org.memmap.core;
  requires transitive org.junit.jupiter.api;

  exports org.memmap.testkit;
}

/**
 * The memmap API: immutable value types that describe a 32-bit Linux machine and its virtual
 * memory layout, the error types, and the {@link org.memmap.api.spi.KmapProvider} service-provider
 * interface that architecture plugins implement.
 *
 * <p>This module computes nothing; {@code org.memmap.core} does.
 *
 * @since 0.1
 */
module org.memmap.api {
  requires com.google.common;

  exports org.memmap.api;
  exports org.memmap.api.spi;
}

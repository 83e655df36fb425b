package org.memmap.api.spi;

/** How a banner line prints a region's size. */
public enum SizeUnit {
  /** {@code (%4ld kB)}, {@code size >> 10}. */
  KB,
  /** {@code (%4ld MB)}, {@code size >> 20}. */
  MB,
  /** {@code (%4ld kB)}, {@code DIV_ROUND_UP(size, 1024)} as ARM prints kernel sections. */
  KB_ROUND_UP
}

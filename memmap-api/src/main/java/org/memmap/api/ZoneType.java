package org.memmap.api;

/** The memory zones of a 32-bit kernel, {@code ZONE_DMA}, {@code ZONE_NORMAL}, {@code ZONE_HIGHMEM}. */
public enum ZoneType {
  /** {@code ZONE_DMA}. */
  DMA("DMA"),
  /** {@code ZONE_NORMAL}. */
  NORMAL("Normal"),
  /** {@code ZONE_HIGHMEM}. */
  HIGHMEM("HighMem");

  private final String kernelName;

  ZoneType(String kernelName) {
    this.kernelName = kernelName;
  }

  /** The name the kernel prints ({@code DMA}, {@code Normal}, {@code HighMem}). */
  public String kernelName() {
    return kernelName;
  }
}

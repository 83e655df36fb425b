/**
 * The 32-bit MIPS architecture plugin: {@code arch/mips} layout constants (KSEG0 lowmem, {@code
 * MAP_BASE} vmalloc, the pkmap window below the fixmap) and release eras as data. Written against
 * the public API and SPI only; exports nothing; core finds it through {@code provides}.
 *
 * @provides org.memmap.api.spi.KmapProvider id {@code mips}, aliases {@code mips32}, {@code
 *     mipsel}
 */
module org.memmap.arch.mips {
  requires org.memmap.api;
  requires static com.google.auto.service;

  provides org.memmap.api.spi.KmapProvider with org.memmap.arch.mips.MipsKmapProvider;
}

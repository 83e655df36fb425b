/**
 * The ARM (32-bit) architecture plugin: {@code arch/arm} layout constants, release eras and
 * banner formats as data. Exports nothing; core finds it through {@code provides}.
 *
 * @provides org.memmap.api.spi.KmapProvider id {@code arm}, aliases {@code arm32}, {@code armhf}
 */
module org.memmap.arch.arm {
  requires org.memmap.api;
  requires static com.google.auto.service;

  provides org.memmap.api.spi.KmapProvider with org.memmap.arch.arm.ArmKmapProvider;
}

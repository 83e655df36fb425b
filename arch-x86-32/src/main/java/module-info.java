/**
 * The x86-32 architecture plugin: {@code arch/x86} (i386) layout constants, release eras and
 * banner formats as data. Exports nothing; core finds it through {@code provides}.
 *
 * @provides org.memmap.api.spi.KmapProvider id {@code x86}, aliases {@code x86-32}, {@code
 *     i386}, {@code i686}
 */
module org.memmap.arch.x86 {
  requires org.memmap.api;
  requires static com.google.auto.service;

  provides org.memmap.api.spi.KmapProvider with org.memmap.arch.x86.X86KmapProvider;
}

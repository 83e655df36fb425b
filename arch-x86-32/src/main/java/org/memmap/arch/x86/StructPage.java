package org.memmap.arch.x86;

import org.memmap.api.KernelConfig;
import org.memmap.api.KernelVersion;

/**
 * {@code sizeof(struct page)} of an i386 build ({@code include/linux/mm_types.h}): 32 bytes, plus
 * one word for {@code page->mem_cgroup} / {@code memcg_data} with MEMCG from 3.19 (from 6.10 also
 * {@code _unused_slab_obj_exts} when SLAB_OBJ_EXT is selected without MEMCG), rounded up to 8
 * bytes because x86 selects {@code HAVE_ALIGNED_STRUCT_PAGE} (with SLUB from 3.1; SLUB is the
 * only allocator from 6.8). Debian 6.1 686 prints {@code SIZE(page)=40} in its vmcoreinfo; an
 * allnoconfig 6.1 build has 32. KMEMCHECK (until 4.14) adds a shadow pointer.
 */
final class StructPage {
  private StructPage() {}

  static int size(KernelConfig cfg, KernelVersion v) {
    int raw = 32;
    if (cfg.isEnabled("MEMCG") && v.atLeast(3, 19)
        || cfg.isEnabled("SLAB_OBJ_EXT") && v.atLeast(6, 10)) {
      raw += 4;
    }
    if (cfg.isEnabled("KMEMCHECK") && !v.atLeast(4, 15)) {
      raw += 4;
    }
    if (cfg.isEnabled("SLUB") && v.atLeast(3, 1) || v.atLeast(6, 8)) {
      raw = (raw + 7) & ~7;
    }
    return raw;
  }
}

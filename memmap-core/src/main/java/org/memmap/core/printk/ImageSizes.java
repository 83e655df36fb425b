package org.memmap.core.printk;

import java.util.Optional;
import org.memmap.api.Machine;

/**
 * The kernel image figures of {@code mem_init_print_info()}: code, rwdata, rodata, init and bss
 * in kB (truncated), with the kernel's overlap corrections.
 */
record ImageSizes(long codeKb, long rwKb, long roKb, long initKb, long bssKb) {
  private static final String[] NEEDED = {
    "_stext", "_etext", "_sdata", "_edata", "__start_rodata", "__end_rodata",
    "__init_begin", "__init_end", "_sinittext", "_einittext", "__bss_start", "__bss_stop"
  };

  /** The sizes, if the machine knows every symbol they need. */
  static Optional<ImageSizes> of(Machine m) {
    for (String s : NEEDED) {
      if (m.symbol(s).isEmpty()) {
        return Optional.empty();
      }
    }
    long stext = m.symbol("_stext").get();
    long etext = m.symbol("_etext").get();
    long sdata = m.symbol("_sdata").get();
    long edata = m.symbol("_edata").get();
    long sro = m.symbol("__start_rodata").get();
    long ero = m.symbol("__end_rodata").get();
    long sinit = m.symbol("__init_begin").get();
    long einit = m.symbol("__init_end").get();
    long sinittext = m.symbol("_sinittext").get();
    long einittext = m.symbol("_einittext").get();
    long code = etext - stext;
    long rw = edata - sdata;
    long ro = ero - sro;
    long init = einit - sinit;
    long inittext = einittext - sinittext;
    long bss = m.symbol("__bss_stop").get() - m.symbol("__bss_start").get();
    // adj_init_size(start, end, size, pos, adj) of mm/page_alloc.c
    if (sinit <= sinittext && sinittext < einit) {
      init -= inittext;
    }
    if (stext <= sinittext && sinittext < etext) {
      code -= inittext;
    }
    if (stext <= sro && sro < etext) {
      code -= ro;
    }
    if (sdata <= sro && sro < edata) {
      rw -= ro;
    }
    if (sdata <= sinit && sinit < edata) {
      rw -= init;
    }
    return Optional.of(new ImageSizes(code >> 10, rw >> 10, ro >> 10, (init + inittext) >> 10, bss >> 10));
  }
}

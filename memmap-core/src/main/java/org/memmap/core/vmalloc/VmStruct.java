package org.memmap.core.vmalloc;

import java.util.Set;
import org.memmap.api.Addresses;

/**
 * One busy area, as {@code struct vm_struct} describes it.
 *
 * @param addr the start
 * @param size the size including the guard page, as {@code /proc/vmallocinfo} prints it
 * @param flags the flags
 * @param caller the caller as {@code %pS} prints it ({@code symbol+0xoff/0xsize}), empty if none
 * @param nrPages pages backing a vmalloc area (0 for ioremap)
 * @param physAddr the physical start of an ioremap area, 0 otherwise
 * @param vpages whether the page array was itself vmalloc'ed ({@code VM_VPAGES} /
 *     {@code is_vmalloc_addr(v->pages)}): more than PAGE_SIZE of page pointers
 */
public record VmStruct(
    long addr, long size, Set<VmFlag> flags, String caller, int nrPages, long physAddr, boolean vpages) {
  /** Copies the flags. */
  public VmStruct {
    flags = Set.copyOf(flags);
    caller = caller == null ? "" : caller;
  }

  /** The exclusive end, guard page included. */
  public long end() {
    return addr + size;
  }

  /** Whether {@code vaddr} lies in the area (guard page included). */
  public boolean contains(long vaddr) {
    return vaddr >= addr && vaddr < end();
  }

  /** The size without the guard page ({@code get_vm_area_size()}). */
  public long usableSize() {
    return flags.contains(VmFlag.NO_GUARD) || flags.contains(VmFlag.STATIC) ? size : size - Addresses.PAGE_SIZE;
  }

  @Override
  public String toString() {
    return Addresses.hex(addr) + "-" + Addresses.hex(end()) + " " + flags + (caller.isEmpty() ? "" : " " + caller);
  }
}

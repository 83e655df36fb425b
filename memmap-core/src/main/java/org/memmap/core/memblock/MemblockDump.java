package org.memmap.core.memblock;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * memblock's own lists as {@code /sys/kernel/debug/memblock/memory} and {@code .../reserved} print
 * them after boot ({@code memblock_debug_show()}: {@code "%4d: %pa..%pa"}, with the node and flags
 * from 6.x), on architectures that keep memblock ({@code ARCH_KEEP_MEMBLOCK}: ARM, not x86). The
 * oracle harness appends them to its logs between {@code @@@@@ BEGIN MEMBLOCK_MEMORY @@@@@} and
 * {@code @@@@@ END MEMBLOCK_RESERVED @@@@@} markers.
 *
 * @param memory {@code memblock.memory}
 * @param reserved {@code memblock.reserved}, as it stands after boot
 */
public record MemblockDump(List<MemblockRegion> memory, List<MemblockRegion> reserved) {
  private static final Pattern ENTRY =
      Pattern.compile("\\d+: 0x([0-9a-fA-F]{1,16})\\.\\.0x([0-9a-fA-F]{1,16})(?:\\s.*)?");

  /** Copies the lists. */
  public MemblockDump {
    memory = List.copyOf(memory);
    reserved = List.copyOf(reserved);
  }

  /**
   * The two lists, if {@code lines} (a log's message texts) hold both sections with at least one
   * memory region; an entry that cannot be read makes the dump unusable (empty), never an error.
   */
  public static Optional<MemblockDump> parse(List<String> lines) {
    List<MemblockRegion> memory = new ArrayList<>();
    List<MemblockRegion> reserved = new ArrayList<>();
    List<MemblockRegion> into = null;
    boolean sawMemory = false;
    boolean sawReserved = false;
    for (String l : lines) {
      if (l.startsWith("@@@@@ ")) {
        into = null;
        if (l.equals("@@@@@ BEGIN MEMBLOCK_MEMORY @@@@@") && !sawMemory) {
          into = memory;
          sawMemory = true;
        } else if (l.equals("@@@@@ BEGIN MEMBLOCK_RESERVED @@@@@") && !sawReserved) {
          into = reserved;
          sawReserved = true;
        }
        continue;
      }
      if (into == null) {
        continue;
      }
      Matcher m = ENTRY.matcher(l);
      if (!m.matches()) {
        return Optional.empty();
      }
      long first = Long.parseUnsignedLong(m.group(1), 16);
      long last = Long.parseUnsignedLong(m.group(2), 16);
      if (first < 0 || last < first || last >= 1L << 40) {
        return Optional.empty();
      }
      into.add(MemblockRegion.inclusive(first, last));
    }
    if (!sawMemory || !sawReserved || memory.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new MemblockDump(memory, reserved));
  }

  /** {@link FreeAll#reservedPages} of the two lists. */
  public long reservedPages() {
    return FreeAll.reservedPages(memory, reserved);
  }
}

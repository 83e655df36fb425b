package org.memmap.core.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.memmap.core.hash.HashTable;

/**
 * The hash-table facts of a boot log: each {@code ... hash table entries: ...} line the log prints,
 * compared whole with the line memmap computes for that table; a table memmap computes that the
 * log lacks, and a line memmap does not model, are reported skipped with the reason. Extraction
 * and comparison of this one family of lines, self-contained.
 */
final class HashFacts {
  private static final Pattern HASH_LINE = Pattern.compile("(?:VFS: )?(.+?) hash table entries: \\d+.*");
  /** Tables memmap knows in some release: a log line of one it does not compute is a mismatch. */
  private static final Set<String> MODELLED = Set.of(
      "PID", "Dentry cache", "Inode-cache", "Mount-cache", "Mountpoint-cache", "futex", "posixtimers",
      "Dquot-cache", "IP route cache", "IP idents", "tcp_listen_portaddr_hash", "Table-perturb",
      "TCP established", "TCP bind", "MPTCP token", "UDP", "UDP-Lite");

  private HashFacts() {}

  /** The facts of {@code lines} against the tables memmap computed, in log order. */
  static List<Fact> facts(List<HashTable> computed, List<String> lines) {
    List<Fact> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String l : lines) {
      Matcher m = HASH_LINE.matcher(l);
      if (!m.matches() || !seen.add(m.group(1))) {
        continue;
      }
      String name = m.group(1);
      String fact = "hash table " + name;
      Optional<HashTable> t = computed.stream().filter(h -> h.name().equals(name)).findFirst();
      if (t.isPresent()) {
        out.add(Fact.compare(fact, t.get().line(), l));
      } else if (MODELLED.contains(name)) {
        out.add(Fact.compare(fact, "no such table in this release and configuration", l));
      } else {
        out.add(Fact.skipped(fact, "memmap does not model this table: " + l));
      }
    }
    if (!seen.isEmpty()) {
      for (HashTable h : computed) {
        if (!seen.contains(h.name())) {
          out.add(Fact.skipped("hash table " + h.name(), "this kernel prints it, the log does not have it"
              + " (a truncated log, or an option the .config turns off)"));
        }
      }
    }
    return out;
  }
}

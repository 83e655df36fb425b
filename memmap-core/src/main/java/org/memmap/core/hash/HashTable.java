package org.memmap.core.hash;

/**
 * One boot-time hash table and the line its kernel prints about it, such as {@code Dentry cache
 * hash table entries: 131072 (order: 7, 524288 bytes, linear)}.
 *
 * @param name the table name the kernel prints ({@code Dentry cache}, {@code TCP bind}, ...)
 * @param entries the number of buckets
 * @param bytes the size of the table in bytes
 * @param early whether {@code start_kernel()} allocates it before {@code mm_init()} prints the
 *     {@code Memory:} line ({@code HASH_EARLY} tables); the others follow the banner
 * @param line the line as printed, without timestamp
 */
public record HashTable(String name, long entries, long bytes, boolean early, String line) {
  /** Checks the figures. */
  public HashTable {
    if (entries <= 0 || bytes <= 0) {
      throw new IllegalArgumentException("hash table " + name + " must have entries and bytes");
    }
  }

  @Override
  public String toString() {
    return line;
  }
}

package org.memmap.core.vmalloc;

/**
 * The free blocks of kernel virtual address space, keyed by start address, each subtree
 * augmented with the size of its largest block: {@code free_vmap_area_root} of Linux ≥ 5.2
 * ({@code mm/vmalloc.c}, "augment_tree_propagate_from", {@code subtree_max_size}). Linux uses an
 * augmented red-black tree; this is an augmented treap with deterministic priorities, which
 * gives the same answers (the tree shape never changes which block is found, see {@link
 * #findLowest}) in expected O(log n) per operation.
 *
 * <p>Blocks are disjoint, non-adjacent (neighbours are merged on insert) and {@code [start,
 * end)}. Removed nodes are pooled, so a steady alloc/free workload allocates no objects. Not
 * thread-safe: the caller holds {@code free_vmap_area_lock}.
 */
final class FreeVmapTree {
  /** One free block. */
  static final class Node {
    long start;
    long end;
    long subtreeMaxSize;
    int priority;
    Node left;
    Node right;
  }

  private Node root;
  private Node pool;
  private int count;
  private int seed = 0x2545f491;

  // The search request, kept in fields so that the recursive search allocates nothing.
  private long wantSize;
  private long wantAlign;
  private long wantStart;
  private long wantEnd;

  /** The number of free blocks. */
  int size() {
    return count;
  }

  /** The largest free block, 0 when none ({@code root->subtree_max_size}). */
  long largest() {
    return max(root);
  }

  /**
   * Adds {@code [start, end)}, merging it with the blocks just below and above
   * ({@code merge_or_add_vmap_area()}).
   *
   * @throws IllegalStateException if the range overlaps a free block (a double free)
   */
  void addMerging(long start, long end) {
    if (start >= end) {
      throw new IllegalArgumentException("empty range");
    }
    Node below = floor(start);
    if (below != null && below.end > start) {
      throw new IllegalStateException(
          "freeing an already free range " + Long.toHexString(start) + "-" + Long.toHexString(end));
    }
    Node above = ceiling(start);
    if (above != null && above.start < end) {
      throw new IllegalStateException(
          "freeing an already free range " + Long.toHexString(start) + "-" + Long.toHexString(end));
    }
    boolean mergeBelow = below != null && below.end == start;
    boolean mergeAbove = above != null && above.start == end;
    if (mergeBelow && mergeAbove) {
      long newEnd = above.end;
      root = delete(root, above.start);
      below.end = newEnd;
      fixPath(root, below.start);
    } else if (mergeBelow) {
      below.end = end;
      fixPath(root, below.start);
    } else if (mergeAbove) {
      // Lowering the key keeps the order: nothing lies between below.end and start.
      above.start = start;
      fixPath(root, start);
    } else {
      insert(start, end);
    }
  }

  /**
   * Takes {@code [addr, addr + size)} out of the free block that contains it ({@code
   * adjust_va_to_fit_type()}: full fit, left-edge fit, right-edge fit or a split).
   *
   * @throws IllegalStateException if no free block contains the range
   */
  void take(long addr, long size) {
    Node n = floor(addr);
    if (n == null || n.end < addr + size) {
      throw new IllegalStateException(
          "range " + Long.toHexString(addr) + "+" + Long.toHexString(size) + " is not free");
    }
    long end = addr + size;
    if (n.start == addr && n.end == end) {
      root = delete(root, addr);
    } else if (n.start == addr) {
      n.start = end;
      fixPath(root, end);
    } else if (n.end == end) {
      n.end = addr;
      fixPath(root, n.start);
    } else {
      long oldEnd = n.end;
      n.end = addr;
      fixPath(root, n.start);
      insert(end, oldEnd);
    }
  }

  /**
   * The lowest address {@code a} with {@code a ≡ 0 (mod align)}, {@code vstart ≤ a}, {@code a +
   * size ≤ vend}, and {@code [a, a + size)} inside one free block; -1 if there is none. The
   * subtree maxima prune every subtree without a block of at least {@code size}, so for
   * page-aligned requests the search visits O(log n) nodes.
   */
  long findLowest(long size, long align, long vstart, long vend) {
    wantSize = size;
    wantAlign = align;
    wantStart = vstart;
    wantEnd = vend;
    Node n = find(root);
    return n == null ? -1 : fitAddress(n);
  }

  private Node find(Node t) {
    if (t == null || t.subtreeMaxSize < wantSize) {
      return null;
    }
    if (t.start > wantStart) {
      // Blocks of the left subtree end at or below t.start; some may lie above vstart.
      Node r = find(t.left);
      if (r != null) {
        return r;
      }
    }
    if (t.start >= wantEnd) {
      return null;
    }
    if (fitAddress(t) >= 0) {
      return t;
    }
    return find(t.right);
  }

  private long fitAddress(Node t) {
    long from = Math.max(t.start, wantStart);
    long a = (from + wantAlign - 1) & -wantAlign;
    long limit = Math.min(t.end, wantEnd);
    return a >= from && a + wantSize <= limit ? a : -1;
  }

  /** The block with the largest start ≤ {@code key}. */
  Node floor(long key) {
    Node t = root;
    Node best = null;
    while (t != null) {
      if (t.start <= key) {
        best = t;
        t = t.right;
      } else {
        t = t.left;
      }
    }
    return best;
  }

  /** The block with the smallest start ≥ {@code key}. */
  Node ceiling(long key) {
    Node t = root;
    Node best = null;
    while (t != null) {
      if (t.start >= key) {
        best = t;
        t = t.left;
      } else {
        t = t.right;
      }
    }
    return best;
  }

  /** Calls {@code visitor} for every block in address order. */
  void forEach(java.util.function.LongBinaryOperator visitor) {
    walk(root, visitor);
  }

  private static void walk(Node t, java.util.function.LongBinaryOperator visitor) {
    if (t != null) {
      walk(t.left, visitor);
      visitor.applyAsLong(t.start, t.end);
      walk(t.right, visitor);
    }
  }

  /** Checks the tree invariants; for tests. */
  void verify() {
    long[] last = {-1};
    int[] n = {0};
    check(root, last, n);
    if (n[0] != count) {
      throw new IllegalStateException("count " + count + " but " + n[0] + " nodes");
    }
  }

  private static long check(Node t, long[] lastEnd, int[] n) {
    if (t == null) {
      return 0;
    }
    long l = check(t.left, lastEnd, n);
    if (t.start >= t.end || t.start <= lastEnd[0]) {
      throw new IllegalStateException("blocks out of order or adjacent at " + Long.toHexString(t.start));
    }
    lastEnd[0] = t.end;
    n[0]++;
    long r = check(t.right, lastEnd, n);
    long m = Math.max(t.end - t.start, Math.max(l, r));
    if (m != t.subtreeMaxSize) {
      throw new IllegalStateException("subtree_max_size wrong at " + Long.toHexString(t.start));
    }
    if ((t.left != null && t.left.priority > t.priority)
        || (t.right != null && t.right.priority > t.priority)) {
      throw new IllegalStateException("heap order broken at " + Long.toHexString(t.start));
    }
    return m;
  }

  private void insert(long start, long end) {
    Node n = pool;
    if (n != null) {
      pool = n.right;
    } else {
      n = new Node();
    }
    n.start = start;
    n.end = end;
    n.subtreeMaxSize = end - start;
    n.left = null;
    n.right = null;
    // xorshift32: deterministic priorities, so runs are reproducible.
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    n.priority = seed;
    root = insert(root, n);
    count++;
  }

  private static Node insert(Node t, Node n) {
    if (t == null) {
      return n;
    }
    if (n.start < t.start) {
      t.left = insert(t.left, n);
      if (t.left.priority > t.priority) {
        t = rotateRight(t);
      }
    } else {
      t.right = insert(t.right, n);
      if (t.right.priority > t.priority) {
        t = rotateLeft(t);
      }
    }
    update(t);
    return t;
  }

  private Node delete(Node t, long key) {
    if (t == null) {
      throw new IllegalStateException("no free block at " + Long.toHexString(key));
    }
    if (key < t.start) {
      t.left = delete(t.left, key);
    } else if (key > t.start) {
      t.right = delete(t.right, key);
    } else {
      Node merged = merge(t.left, t.right);
      t.left = null;
      t.right = pool;
      pool = t;
      count--;
      return merged;
    }
    update(t);
    return t;
  }

  private static Node merge(Node a, Node b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    if (a.priority > b.priority) {
      a.right = merge(a.right, b);
      update(a);
      return a;
    }
    b.left = merge(a, b.left);
    update(b);
    return b;
  }

  /** Recomputes the maxima on the path to the block at {@code key} after it changed size. */
  private static void fixPath(Node t, long key) {
    if (t == null) {
      return;
    }
    if (key < t.start) {
      fixPath(t.left, key);
    } else if (key > t.start) {
      fixPath(t.right, key);
    }
    update(t);
  }

  private static Node rotateRight(Node t) {
    Node l = t.left;
    t.left = l.right;
    l.right = t;
    update(t);
    update(l);
    return l;
  }

  private static Node rotateLeft(Node t) {
    Node r = t.right;
    t.right = r.left;
    r.left = t;
    update(t);
    update(r);
    return r;
  }

  private static void update(Node t) {
    t.subtreeMaxSize = Math.max(t.end - t.start, Math.max(max(t.left), max(t.right)));
  }

  private static long max(Node t) {
    return t == null ? 0 : t.subtreeMaxSize;
  }
}

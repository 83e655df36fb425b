/**
 * The large system hash tables a kernel sizes at boot from its memory, and the lines it prints
 * about them: {@code alloc_large_system_hash()} of {@code mm/page_alloc.c} ({@code mm/mm_init.c}
 * from 6.4) and its callers in {@code fs/dcache.c}, {@code fs/inode.c}, {@code fs/namespace.c},
 * {@code kernel/pid.c}, {@code kernel/futex/}, {@code kernel/time/posix-timers.c}, {@code
 * net/ipv4/} and {@code net/mptcp/}, plus the fixed-size tables of {@code fs/quota/dquot.c} that
 * print in the same words.
 */
package org.memmap.core.hash;

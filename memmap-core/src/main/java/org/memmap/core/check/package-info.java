/**
 * Reading what users have — boot logs, {@code System.map} — and {@link
 * org.memmap.core.check.LogCheck}, which recomputes every memory figure a boot log prints from
 * the inputs the log contains and compares.
 */
package org.memmap.core.check;

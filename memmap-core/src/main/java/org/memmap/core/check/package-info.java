/**
 * {@code memmap check}: reading what users have — boot logs ({@link org.memmap.core.check.BootLog}),
 * {@code System.map} ({@link org.memmap.core.check.SystemMap}) — and recomputing every memory
 * figure a boot log prints. {@link org.memmap.core.check.LogInputs} takes the inputs (the plugins
 * parse their firmware maps); a package-private comparison gets only the computed layout and the
 * printed lines; {@link org.memmap.core.check.LogCheck} joins them, finds the facts that depend on
 * a missing input, and names a configuration choice that explains a mismatch.
 */
package org.memmap.core.check;

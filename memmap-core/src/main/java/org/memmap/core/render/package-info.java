/**
 * What memmap prints, usable from Java: a layout's boot lines and banner, table, JSON and SVG
 * ({@link org.memmap.core.render.Renderers}), and what a virtual address is on a machine ({@link
 * org.memmap.core.render.Explain}).
 */
package org.memmap.core.render;

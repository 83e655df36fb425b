/**
 * The simulated kernel, on top of the mechanisms: physical memory, the kernel page tables and TLB
 * behind the interfaces the mapping mechanisms ({@code highmem}, {@code vmalloc}) use to change
 * them ({@link org.memmap.core.mm.Mmu}, {@link org.memmap.core.mm.PageAllocator}), implemented by
 * {@link org.memmap.core.sim.SimKernel} and {@link org.memmap.core.sim.SimPageAllocator}; the
 * script engine and the mechanisms' command adapters ({@link
 * org.memmap.core.sim.HighmemCommands}, {@link org.memmap.core.sim.VmallocCommands}).
 *
 * <p>{@link org.memmap.core.sim.SimScript} runs the {@code sim} scripts of DESIGN.md §6. A
 * mechanism adds its commands with a static {@code register(SimCommands.Builder)} method, keeps
 * its state with {@link org.memmap.core.sim.SimContext#attachment}, and reports sleeping with
 * {@link org.memmap.core.sim.SimResult#blocked}:
 *
 * <pre>{@code
 * static void register(SimCommands.Builder b) {
 *   b.command("kmap", "kmap PFN", (ctx, line) -> {
 *     SimArgs.expect(line, 1, "kmap PFN");
 *     Pkmap pkmap = ctx.attachment(Pkmap.class, Pkmap::new);
 *     long pfn = SimArgs.pfn(line.args().get(0));
 *     SimResult.Wakeup[] again = new SimResult.Wakeup[1];
 *     again[0] = () -> pkmap.tryKmap(pfn).map(v -> SimResult.of(Addresses.hex(v)))
 *         .orElseGet(() -> SimResult.blocked(again[0]));
 *     return again[0].retry();
 *   });
 *   b.show("pkmap", (ctx, args) -> ctx.attachment(Pkmap.class, Pkmap::new).lines());
 * }
 * }</pre>
 *
 * and the CLI's {@code SimCommand.commands()} includes it: {@code
 * SimCommands.builtin().include(HighmemCommands::register).build()}.
 */
package org.memmap.core.sim;

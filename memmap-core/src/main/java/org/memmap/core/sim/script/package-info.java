/**
 * The {@code sim} script engine of {@code memmap sim} (docs/sim.md): {@link
 * org.memmap.core.sim.script.SimScript} runs scripts against one {@link
 * org.memmap.core.sim.SimKernel}, and the mechanisms' command adapters ({@link
 * org.memmap.core.sim.script.HighmemCommands}, {@link org.memmap.core.sim.script.VmallocCommands})
 * add their commands. Exported to the command line module only: it is plumbing, not API.
 *
 * <p>A mechanism adds its commands with a static {@code register(SimCommands.Builder)} method,
 * reaches the kernel's machinery through the {@link org.memmap.core.sim.script.SimContext}, keeps
 * state of its own with {@link org.memmap.core.sim.script.SimContext#attachment}, and reports
 * sleeping with {@link org.memmap.core.sim.script.SimResult#blocked}:
 *
 * <pre>{@code
 * static void register(SimCommands.Builder b) {
 *   b.command("kmap", "kmap PFN", (ctx, line) -> {
 *     SimArgs.expect(line, 1, "kmap PFN");
 *     long pfn = SimArgs.pfn(line.args().get(0));
 *     SimResult.Wakeup[] again = new SimResult.Wakeup[1];
 *     again[0] = () -> {
 *       KmapAttempt a = ctx.kernel().highmem().tryKmap(pfn, line.task());
 *       return a.blocked() ? SimResult.blocked(again[0]) : SimResult.of(Addresses.hex(a.vaddr()));
 *     };
 *     return again[0].retry();
 *   });
 *   b.show("pkmap", (ctx, args) -> ctx.kernel().highmem().showPkmap().stream()
 *       .map(PkmapSlot::toString).toList());
 * }
 * }</pre>
 *
 * and the CLI's {@code SimCommand.commands()} includes it: {@code
 * SimCommands.builtin().include(HighmemCommands::register).build()}.
 */
package org.memmap.core.sim.script;

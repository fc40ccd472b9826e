import { setFlagsFromString } from 'node:v8';

/**
 * How far the JavaScript heap may grow past what its last full collection kept, before V8
 * collects it again (`HEAP_GROWTH_PERCENT`).
 *
 * Left to itself, V8 lets the heap grow up to four times its live size between full
 * collections while the program allocates fast, as a loaded server does. Here about 60 MiB
 * stays live, but every request's objects live long enough to be promoted out of the young
 * generation, so under load the old generation filled with 100–190 MiB of garbage before it
 * was collected, and the process peaked at 305–320 MiB
 * (PERFORMANCE.md "Memory under load"). Growing by at most 100 % keeps the peak near
 * 215 MiB, for about an eighth more CPU on the dashboard (the heaviest read) and no
 * difference measured elsewhere; 50 % keeps it near 190 MiB and costs more.
 *
 * V8 reads the factor each time it sets the next limit, so setting it once the process runs
 * takes effect from the next collection on. It bounds growth, not the heap: a larger live
 * set (a big import, a full response cache) still gets all the memory it needs, unlike
 * `--max-old-space-size`, which ends the process when the live set outgrows it.
 */
export const DEFAULT_HEAP_GROWTH_PERCENT = 100;

/** Sets the heap's growth between full collections; 0 leaves V8's own choice. */
export function applyHeapGrowth(percent: number, setFlags: (flags: string) => void = setFlagsFromString): void {
  if (percent > 0) setFlags(`--heap-growing-percent=${percent}`);
}

/**
 * A large Markdown/HTML batch starts its worker threads first, as a PDF build starts its browser
 * (render/launch.ts): bin/schoolprotocol.js calls startEarlyWorkers before the program is loaded.
 * Each worker then loads its code and the clause library while the main thread loads its own and
 * finds the answers files; it waits for its schools (workers.ts sends them). A worker takes
 * 70-105 ms to be ready; started once the main thread knew the schools, in a profile of 1000
 * schools it began its first one 0.37 s after the start, started early 0.17 s. Light on purpose:
 * the bin loads this before the program.
 *
 * A command that does not use the early workers (bad input, fewer schools than a batch needs,
 * another library) ends them: takeEarlyWorkers ends those that do not fit, the bin ends the rest
 * with endEarlyWorkers on its way out. Until taken they do not keep the process alive.
 */
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { extraThreads, type EarlyBatch } from '../render/makes-pdf.js';
import { clausesDir, threadScript } from '../util/paths.js';

/**
 * V8's optimizing compiler (TurboFan) inlines what the pipeline's large functions call, and
 * compiles them again in every thread: 1000 schools took 1.9-2.2 s of compiling on one thread,
 * half of it buildView, completeAnswers and assemble. Without inlining it is 1.0-1.3 s, and the
 * code is as fast (callgrind, 300 schools on one thread: 5.04 G instructions, 5.77 G with
 * inlining). Peeling the first turn off each loop costs another 15 % of the compiling (1000
 * schools, --trace-opt: 519-532 ms against 579-663) and made no school faster (warm, one thread,
 * 8 runs side by side: the same time per school). With two cores, the compiler's threads take
 * their time from the threads that build: 1000 schools in 1.14 against 1.17 s, and 1.27 against
 * 1.33 s (10 runs side by side each). The flags are the process's; set before the workers start,
 * they hold for them too.
 */
export function batchFlags(): void {
  setFlagsFromString('--no-turbo-inlining');
  setFlagsFromString('--no-turbo-loop-peeling');
}

/** What a batch worker gets at its start: the library's folders, the built-in one first, then the custom ones. */
export interface WorkerStart {
  dirs: string[];
}

/** A worker started early; `ended` is set when it stopped before it was taken (then it failed). */
export interface EarlyWorker {
  worker: Worker;
  script: string;
  dirs: string[];
  ended?: Error;
}

let early: EarlyWorker[] = [];

/** Starts the worker threads (running `script`) of the Markdown/HTML batch a command line asks for (earlyBatch); returns them. */
export function startEarlyWorkers(batch: EarlyBatch, script = threadScript('worker', 'build')): readonly EarlyWorker[] {
  if (early.length > 0) return [];
  const dirs = [clausesDir, ...batch.clauses];
  batchFlags();
  early = Array.from({ length: Math.max(0, extraThreads()) }, () => startWorker(script, dirs));
  for (const item of early) item.worker.unref();
  return [...early];
}

/** One worker thread running `script`, loading the library from `dirs`; it waits for its schools. */
export function startWorker(script: string, dirs: string[]): EarlyWorker {
  const item: EarlyWorker = { worker: new Worker(script, { workerData: { dirs } satisfies WorkerStart }), script, dirs };
  item.worker.once('error', (error) => (item.ended ??= error));
  item.worker.once('exit', (code) => (item.ended ??= new Error(`de worker stopte met code ${code}`)));
  return item;
}

/** Up to `count` early workers that run `script` with the same library; the others are ended. Handed over once. */
export function takeEarlyWorkers(script: string, dirs: readonly string[], count: number): EarlyWorker[] {
  const fits = (item: EarlyWorker) => item.script === script && !item.ended && item.dirs.length === dirs.length && item.dirs.every((dir, i) => dir === dirs[i]);
  const taken = early.filter(fits).slice(0, count);
  for (const item of early) if (!taken.includes(item)) void item.worker.terminate();
  early = [];
  for (const item of taken) item.worker.ref();
  return taken;
}

/** Ends the early workers that nothing took (the command failed on its input, or the batch was small). */
export async function endEarlyWorkers(): Promise<void> {
  const left = early;
  early = [];
  await Promise.all(left.map((item) => item.worker.terminate()));
}

/**
 * A large Markdown/HTML batch spread over worker threads, one per core. Each worker reads the
 * same clause library and takes a contiguous slice of the jobs, in two steps, so that the result
 * is exactly that of one thread:
 *   1. it assembles and renders its schools one by one, writes each one's files to a hidden
 *      folder beside its folder, and reports their output folders;
 *   2. once the main thread has checked those folders across all workers (two schools of one
 *      batch never share a folder: the later one in job order is an error), it swaps the files in.
 * A worker keeps no school in memory, only its result: a batch of 1000 takes little memory.
 * Results come back per school for the progress display, and are returned in job order.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { planSlugs, type SlugClaim } from './outputs.js';
import { failedResult, type BuildOptions, type Result } from './school.js';
import { performance } from 'node:perf_hooks';
import { type Job } from './job.js';
import { packageRoot } from '../util/paths.js';
import { removeOwnTemps } from './write.js';

/** What a worker needs to rebuild the library and write files. */
export interface WorkerInput {
  jobs: Job[];
  /** The library's folders: the built-in one first, then the custom ones. */
  dirs: string[];
  outDir: string;
  formats: BuildOptions['formats'];
  without: NonNullable<BuildOptions['without']>;
  /** Shared with every worker: an Int32Array of [STOP, BUSY]. */
  control: SharedArrayBuffer;
}

/** control[STOP] is 1 once the process is ending; control[BUSY] counts workers writing a school right now. */
export const STOP = 0;
export const BUSY = 1;

/** Step 1's report: per job its folder and school, or nothing when it already failed. */
export type SlugReport = { type: 'slugs'; items: (SlugClaim | null)[] };
export type WorkerMessage = SlugReport | { type: 'result'; index: number; result: Result };
/** Step 2's go-ahead: per job the error that replaces it (a shared folder), or null. */
export interface WriteOrder {
  rejected: (string | null)[];
  /** Per job its folder (the place added when names clash), and the note that says so. */
  slugs: (string | null)[];
  notes: (string | null)[];
}

/** The compiled worker script, or undefined when there is none (then the batch runs on one thread). */
export function workerScript(): string | undefined {
  const file = path.join(packageRoot, 'dist', 'build', 'worker.js');
  return existsSync(file) ? file : undefined;
}

export async function buildInWorkers(jobs: readonly Job[], options: BuildOptions, count: number): Promise<Result[]> {
  const script = workerScript();
  if (!script) throw new Error('dist/build/worker.js ontbreekt');
  const size = Math.ceil(jobs.length / count);
  const slices = Array.from({ length: Math.ceil(jobs.length / size) }, (_, i) => ({ offset: i * size, jobs: jobs.slice(i * size, (i + 1) * size) }));
  const results: Result[] = new Array<Result>(jobs.length);
  const reports: SlugReport['items'][] = new Array(slices.length);
  let done = 0;
  let reported = 0;
  const shared = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const control = new Int32Array(shared);
  const workers = slices.map(
    (slice) =>
      new Worker(script, {
        workerData: { jobs: slice.jobs, dirs: options.library.dirs, outDir: options.outDir, formats: options.formats, without: options.without ?? [], control: shared } satisfies WorkerInput,
      }),
  );

  /** Step 2 for all workers at once, when every worker has reported its folders. */
  const order = () => {
    const claims = slices.flatMap((_, w) => reports[w] ?? []);
    const plan = planSlugs(claims, options.outDir);
    slices.forEach((slice, w) => {
      const part = <T>(list: T[]) => list.slice(slice.offset, slice.offset + slice.jobs.length);
      workers[w]?.postMessage({ rejected: part(plan.errors), slugs: part(plan.slugs), notes: part(plan.notes) } satisfies WriteOrder);
    });
  };

  // If the process ends midway (Ctrl-C, SIGTERM), no worker may leave a half-written or temporary
  // file: the main thread raises STOP, waits (briefly) until no worker is still writing a school,
  // and removes the hidden folders of the schools staged but not yet swapped in.
  const stop = () => {
    Atomics.store(control, STOP, 1);
    const deadline = Date.now() + 2000;
    for (let busy = Atomics.load(control, BUSY); busy !== 0 && Date.now() < deadline; busy = Atomics.load(control, BUSY)) Atomics.wait(control, BUSY, busy, 50);
    removeOwnTemps(options.outDir);
  };
  process.on('exit', stop);
  try {
    await Promise.all(
      workers.map(
        (worker, w) =>
          new Promise<void>((resolve) => {
            const slice = slices[w] as (typeof slices)[number];
            let reportedHere = false;
            worker.on('message', (message: WorkerMessage) => {
              if (message.type === 'slugs') {
                reports[w] = message.items;
                reportedHere = true;
                if (++reported === slices.length) order();
              } else {
                results[slice.offset + message.index] = message.result;
                options.onResult?.(message.result, ++done, jobs.length);
              }
            });
            // A worker that dies takes only its own schools with it: each gets the error, the others go on.
            const died = (error: unknown) => {
              slice.jobs.forEach((job, i) => {
                if (results[slice.offset + i]) return;
                const result = failedResult(job, error, performance.now());
                results[slice.offset + i] = result;
                options.onResult?.(result, ++done, jobs.length);
              });
              if (!reportedHere) {
                reportedHere = true;
                reports[w] = slice.jobs.map(() => null);
                if (++reported === slices.length) order();
              }
              resolve();
            };
            worker.on('error', died);
            worker.on('exit', (code) => (code === 0 ? resolve() : died(new Error(`de worker stopte met code ${code}`))));
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
    process.off('exit', stop);
  }
  return results;
}

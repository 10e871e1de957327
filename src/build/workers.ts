/**
 * A large Markdown/HTML batch spread over threads, one per core: the main thread and a worker
 * thread for each other core. Each worker reads the same clause library. Every thread takes the
 * next school from a shared counter (a worker that starts later, or a thread that runs slower,
 * takes fewer), in two steps, so that the result is exactly that of one thread:
 *   1. it assembles and renders its schools one by one, writes each one's files to a hidden
 *      folder beside its folder, and reports their output folders;
 *   2. once the main thread has checked those folders across all threads (two schools of one
 *      batch never share a folder: the later one in job order is an error), it swaps the files in.
 * The main thread takes part because a worker costs its own start (loading the code and the
 * library) and its own warming up of the code; with two cores, one worker beside the main thread
 * did the same work as two workers with less processor time. A thread keeps no school in memory,
 * only its result: a batch of 1000 takes little memory. Results come back per school for the
 * progress display, and are returned in job order.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { batchFlags, startWorker, takeEarlyWorkers } from './early.js';
import { planSlugs, type SlugClaim } from './outputs.js';
import { failedResult, type BuildOptions, type Result } from './school.js';
import { performance } from 'node:perf_hooks';
import { type Job } from './job.js';
import { threadScript } from '../util/paths.js';
import { removeOwnTemps } from './write.js';
import { BUSY, CONTROL_SLOTS, STOP, claimsOf, commitSteps, stageJobs, type Claims, type Shared, type StageInput, type Step, type WriteOrder } from './stage.js';

/** What a worker gets, after its start (early.ts: WorkerStart), to take schools and write files. */
export interface WorkerInput extends StageInput {
  /** Shared with every thread: an Int32Array of [STOP, BUSY, NEXT] (stage.ts). */
  control: SharedArrayBuffer;
  /** Shared with every thread: per job the number of the thread that took it, plus one. */
  owners: SharedArrayBuffer;
  /** This worker's number among the threads (the main thread is 0). */
  thread: number;
}

/** Step 1's report (the folder claims of the schools a thread staged), and step 2's results, one per school. */
export type WorkerMessage = { type: 'slugs'; claims: Claims } | { type: 'result'; index: number; result: Result };

/** The compiled worker script, or undefined when there is none (then the batch runs on one thread). */
export function workerScript(): string | undefined {
  const file = threadScript('worker', 'build');
  return existsSync(file) ? file : undefined;
}

/** Builds the jobs on `count` threads: the main thread and `count - 1` workers (running `script`: worker.js, or another in a test). */
export async function buildInWorkers(jobs: readonly Job[], options: BuildOptions, count: number, script = workerScript()): Promise<Result[]> {
  if (!script) throw new Error('dist/build/worker.js ontbreekt');
  batchFlags();
  const results: Result[] = new Array<Result>(jobs.length);
  const claims: (SlugClaim | null)[] = jobs.map(() => null);
  let done = 0;
  const finish = (index: number, result: Result) => {
    if (results[index]) return;
    results[index] = result;
    options.onResult?.(result, ++done, jobs.length);
  };
  const control = new SharedArrayBuffer(CONTROL_SLOTS * Int32Array.BYTES_PER_ELEMENT);
  const owners = new SharedArrayBuffer(jobs.length * Int32Array.BYTES_PER_ELEMENT);
  const shared: Shared = { control: new Int32Array(control), owners: new Int32Array(owners) };
  const input: StageInput = { jobs: [...jobs], outDir: options.outDir, formats: options.formats, without: options.without ?? [], articles: options.articles ?? false };
  // The workers the bin started early (early.ts), and new ones for what is missing.
  const early = takeEarlyWorkers(script, options.library.dirs, count - 1);
  const workers = [...early, ...Array.from({ length: count - 1 - early.length }, () => startWorker(script, options.library.dirs))].map(({ worker }) => worker);
  workers.forEach((worker, w) => worker.postMessage({ ...input, control, owners, thread: w + 1 } satisfies WorkerInput));

  // The main thread's own schools, staged in step 1, committed in step 2.
  const mine = new Map<number, Step>();
  const gone = new Set<number>();
  let reported = 0;
  /** Step 2 for all threads at once, when every thread has reported its folders. */
  const order = () => {
    const plan = planSlugs(claims, options.outDir);
    const go: WriteOrder = { rejected: plan.errors, slugs: plan.slugs, notes: plan.notes };
    workers.forEach((worker, w) => {
      if (!gone.has(w)) worker.postMessage(go);
    });
    for (const [index, result] of commitSteps(mine, go, input, shared.control)) finish(index, result);
  };
  const report = (list: Claims) => {
    for (const [index, claim] of list) claims[index] = claim;
    if (++reported === count) order();
  };

  // If the process ends midway (Ctrl-C, SIGTERM), no thread may leave a half-written or temporary
  // file: the main thread raises STOP, waits (briefly) until no worker is still writing a school,
  // and removes the hidden folders of the schools staged but not yet swapped in.
  const stop = () => {
    Atomics.store(shared.control, STOP, 1);
    const deadline = Date.now() + 2000;
    for (let busy = Atomics.load(shared.control, BUSY); busy !== 0 && Date.now() < deadline; busy = Atomics.load(shared.control, BUSY)) Atomics.wait(shared.control, BUSY, busy, 50);
    removeOwnTemps(options.outDir);
  };
  process.on('exit', stop);
  try {
    const finished = workers.map(
      (worker, w) =>
        new Promise<void>((resolve) => {
          let reportedHere = false;
          worker.on('message', (message: WorkerMessage) => {
            if (message.type === 'slugs') {
              reportedHere = true;
              report(message.claims);
            } else {
              finish(message.index, message.result);
            }
          });
          // A worker that dies takes only its own schools with it: each gets the error, the others go on.
          const died = (error: unknown) => {
            gone.add(w);
            shared.owners.forEach((owner, index) => {
              if (owner === w + 2) finish(index, failedResult(jobs[index] as Job, error, performance.now()));
            });
            if (!reportedHere) {
              reportedHere = true;
              report([]);
            }
            resolve();
          };
          worker.on('error', died);
          worker.on('exit', (code) => (code === 0 ? resolve() : died(new Error(`de worker stopte met code ${code}`))));
        }),
    );
    // Meanwhile the main thread takes schools too; between two schools it lets signals and messages through.
    for (const [index, step] of stageJobs(options.library, input, shared, 0)) {
      mine.set(index, step);
      await new Promise((resolve) => setImmediate(resolve));
    }
    report(claimsOf(mine));
    await Promise.all(finished);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
    process.off('exit', stop);
  }
  // A school taken by a worker that died before it noted so has no result yet.
  jobs.forEach((job, index) => {
    if (!results[index]) finish(index, failedResult(job, new Error('de worker die deze school bouwde, stopte'), performance.now()));
  });
  return results;
}

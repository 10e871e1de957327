/**
 * One worker thread of a large Markdown/HTML batch (see workers.ts), in two steps:
 *   1. it renders its slice of the jobs one by one, writes each school's files to a hidden folder
 *      beside its folder (nothing is kept in memory but the result), and reports their folders;
 *   2. at the go-ahead it swaps each school's files in (or, for a folder that another school of
 *      the batch already has, throws them away), and reports each result.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { commitSchool, failedResult, writeSources, type Result } from './school.js';
import { renderJob } from './job.js';
import { inputError } from '../util/errors.js';
import { slugClaim, type SlugClaim } from './outputs.js';
import type { Staging } from './write.js';
import { loadLibrary } from '../library/load.js';
import { BUSY, STOP, type SlugReport, type WorkerInput, type WorkerMessage, type WriteOrder } from './workers.js';

const port = parentPort;
if (!port) throw new Error('worker.js draait alleen als worker thread');
const input = workerData as WorkerInput;
const [base, ...extra] = input.dirs;
const library = loadLibrary(extra, base);
const control = new Int32Array(input.control);

/**
 * Writes to the file system only between announcing it and finishing: the main thread, when the
 * process ends, either sees this worker busy and waits, or this worker sees STOP and writes nothing.
 */
function writing<T>(write: () => T): T | undefined {
  Atomics.add(control, BUSY, 1);
  try {
    if (Atomics.load(control, STOP) === 1) return undefined;
    return write();
  } finally {
    Atomics.sub(control, BUSY, 1);
    Atomics.notify(control, BUSY);
  }
}

/** A school staged in step 1: its result so far, its hidden folder and the names of its documents, and its folder claim. */
type Staged = { result: Result; staging: Staging; names: { name: string }[]; claim: SlugClaim; ms: number };
type Step = Staged | { failed: Result } | undefined;

const steps: Step[] = [];
for (const job of input.jobs) {
  const started = performance.now();
  let step: Step;
  try {
    const doc = renderJob(job, library);
    const claim = slugClaim(job, doc);
    step = writing(() => {
      const { result, staging, outputs } = writeSources(job, doc, input, { commit: false, folderKnown: false });
      return { result, staging, names: outputs.map(({ name }) => ({ name })), claim, ms: performance.now() - started };
    });
  } catch (error) {
    step = { failed: failedResult(job, error, started) };
  }
  // The process is ending: nothing more is written (the main thread removes what was staged).
  if (step === undefined) break;
  steps.push(step);
}
port.postMessage({ type: 'slugs', items: input.jobs.map((_, i) => { const step = steps[i]; return step && 'claim' in step ? step.claim : null; }) } satisfies SlugReport);

port.once('message', ({ rejected, slugs, notes }: WriteOrder) => {
  for (const [index, step] of steps.entries()) {
    const job = input.jobs[index];
    if (!job || !step) continue;
    let result: Result;
    const started = performance.now();
    if ('failed' in step) result = step.failed;
    else {
      const clash = rejected[index];
      const done = writing(() => {
        if (clash) {
          step.staging.discard();
          return failedResult(job, inputError(clash), started);
        }
        const slug = slugs[index] ?? step.result.slug;
        if (slug && slug !== step.result.slug) {
          step.staging.moveTo(path.join(input.outDir, slug));
          step.result.slug = slug;
        }
        try {
          commitSchool(step.result, step.staging, step.names, input);
        } catch (error) {
          return failedResult(job, error, started);
        }
        const note = notes[index];
        if (note) step.result.warnings = [...(step.result.warnings ?? []), note];
        step.result.ms = step.ms + (performance.now() - started);
        return step.result;
      });
      if (done === undefined) break;
      result = done;
    }
    port.postMessage({ type: 'result', index, result } satisfies WorkerMessage);
  }
  port.close();
});

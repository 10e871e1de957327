/**
 * The two steps of a large Markdown/HTML batch (see workers.ts), for one thread: the main thread
 * and each worker thread run them alike.
 *   1. Take the next school nobody has taken yet (a shared counter), render it, write its files to
 *      a hidden folder beside its folder (nothing is kept in memory but the result), and note its
 *      folder claim. Threads that start later or run slower simply take fewer schools.
 *   2. At the go-ahead, swap each staged school's files in (or, for a folder that another school
 *      of the batch already has, throw them away).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { commitSchool, failedResult, writeSources, type BuildOptions, type Result } from './school.js';
import { renderJob, type Job } from './job.js';
import { inputError } from '../util/errors.js';
import { slugClaim, type SlugClaim } from './outputs.js';
import type { Staging } from './write.js';
import type { Library } from '../library/load.js';

/** control[STOP] is 1 once the process is ending; control[BUSY] counts threads writing a school right now; control[NEXT] is the next school to take. */
export const STOP = 0;
export const BUSY = 1;
export const NEXT = 2;
export const CONTROL_SLOTS = 3;

/** What a thread needs to stage and commit schools. */
export interface StageInput {
  /** Every job of the batch; each thread takes the ones it gets from the counter. */
  jobs: Job[];
  outDir: string;
  formats: BuildOptions['formats'];
  without: NonNullable<BuildOptions['without']>;
  /** Whether each result lists the protocol's articles (BuildOptions.articles). */
  articles: boolean;
}

/** Shared between the threads: `control` (STOP, BUSY, NEXT), and per job the number of the thread that took it, plus one (0: not taken). */
export interface Shared {
  control: Int32Array;
  owners: Int32Array;
}

/** A school staged in step 1: its result so far, its hidden folder and the names of its documents, and its folder claim. */
type Staged = { result: Result; staging: Staging; names: { name: string }[]; claim: SlugClaim; ms: number };
export type Step = Staged | { failed: Result };

/** Per job the folder claim of a school staged in step 1, or null when it failed there. */
export type Claims = [index: number, claim: SlugClaim | null][];

/** Step 2's go-ahead, for every job of the batch: the error that replaces it (a shared folder), or null. */
export interface WriteOrder {
  rejected: (string | null)[];
  /** Per job its folder (the place added when names clash), and the note that says so. */
  slugs: (string | null)[];
  notes: (string | null)[];
}

/**
 * Writes to the file system only between announcing it and finishing: the main thread, when the
 * process ends, either sees a thread busy and waits, or the thread sees STOP and writes nothing.
 */
function writing<T>(control: Int32Array, write: () => T): T | undefined {
  Atomics.add(control, BUSY, 1);
  try {
    if (Atomics.load(control, STOP) === 1) return undefined;
    return write();
  } finally {
    Atomics.sub(control, BUSY, 1);
    Atomics.notify(control, BUSY);
  }
}

/** The next job nobody has taken, now this thread's (`thread` counts from 0), or undefined when all are taken. */
export function takeJob(shared: Shared, thread: number): number | undefined {
  const index = Atomics.add(shared.control, NEXT, 1);
  if (index >= shared.owners.length) return undefined;
  Atomics.store(shared.owners, index, thread + 1);
  return index;
}

/**
 * Step 1, school after school from the shared counter, until none is left or the process is ending
 * (then nothing more is written: the main thread removes what was staged). Yields each job's index
 * and step as it is staged.
 */
export function* stageJobs(library: Library, input: StageInput, shared: Shared, thread: number): Generator<[number, Step]> {
  for (let index = takeJob(shared, thread); index !== undefined; index = takeJob(shared, thread)) {
    const job = input.jobs[index];
    if (!job) return;
    const step = stageJob(job, library, input, shared.control);
    if (step === undefined) return;
    yield [index, step];
  }
}

/** Step 1 for one job; undefined when the process is ending (then nothing was written). */
function stageJob(job: Job, library: Library, input: StageInput, control: Int32Array): Step | undefined {
  const started = performance.now();
  try {
    const doc = renderJob(job, library);
    const claim = slugClaim(job, doc);
    return writing(control, () => {
      const { result, staging, outputs } = writeSources(job, doc, input, { commit: false, folderKnown: false });
      return { result, staging, names: outputs.map(({ name }) => ({ name })), claim, ms: performance.now() - started };
    });
  } catch (error) {
    return { failed: failedResult(job, error, started) };
  }
}

/** The folder claims of the staged jobs, to report. */
export function claimsOf(steps: ReadonlyMap<number, Step>): Claims {
  return [...steps].map(([index, step]) => [index, 'claim' in step ? step.claim : null]);
}

/** Step 2 for the staged jobs, in their order: yields each job's index and result, until the process is ending. */
export function* commitSteps(steps: ReadonlyMap<number, Step>, order: WriteOrder, input: StageInput, control: Int32Array): Generator<[number, Result]> {
  for (const [index, step] of steps) {
    const job = input.jobs[index];
    if (!job) continue;
    const result = commitStep(job, index, step, order, input, control);
    if (result === undefined) return;
    yield [index, result];
  }
}

/** Step 2 for one job: its result, or undefined when the process is ending (then nothing was written). */
function commitStep(job: Job, index: number, step: Step, order: WriteOrder, input: StageInput, control: Int32Array): Result | undefined {
  if ('failed' in step) return step.failed;
  const started = performance.now();
  return writing(control, () => {
    const clash = order.rejected[index];
    if (clash) {
      step.staging.discard();
      return failedResult(job, inputError(clash), started);
    }
    const slug = order.slugs[index] ?? step.result.slug;
    if (slug && slug !== step.result.slug) {
      step.staging.moveTo(path.join(input.outDir, slug));
      step.result.slug = slug;
    }
    try {
      commitSchool(step.result, step.staging, step.names, input);
    } catch (error) {
      return failedResult(job, error, started);
    }
    const note = order.notes[index];
    if (note) step.result.warnings = [...(step.result.warnings ?? []), note];
    step.result.ms = step.ms + (performance.now() - started);
    return step.result;
  });
}

/**
 * One worker thread of a large Markdown/HTML batch (see workers.ts and stage.ts), in two steps:
 *   1. it takes schools one by one from the shared counter, renders each, writes its files to a
 *      hidden folder beside its folder (nothing is kept in memory but the result), and, when no
 *      school is left, reports their folders;
 *   2. at the go-ahead it swaps each school's files in (or, for a folder that another school of
 *      the batch already has, throws them away), and reports each result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadLibrary } from '../library/load.js';
import { claimsOf, commitSteps, stageJobs, type WriteOrder } from './stage.js';
import type { WorkerInput, WorkerMessage } from './workers.js';

const port = parentPort;
if (!port) throw new Error('worker.js draait alleen als worker thread');
const input = workerData as WorkerInput;
const [base, ...extra] = input.dirs;
const library = loadLibrary(extra, base);
const shared = { control: new Int32Array(input.control), owners: new Int32Array(input.owners) };

const steps = new Map(stageJobs(library, input, shared, input.thread));
port.postMessage({ type: 'slugs', claims: claimsOf(steps) } satisfies WorkerMessage);

port.once('message', (order: WriteOrder) => {
  for (const [index, result] of commitSteps(steps, order, input, shared.control)) port.postMessage({ type: 'result', index, result } satisfies WorkerMessage);
  port.close();
});

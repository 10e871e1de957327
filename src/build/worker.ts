/**
 * One worker thread of a large Markdown/HTML batch (see workers.ts and stage.ts). It loads the
 * library at its start (workerData: WorkerStart), possibly before the main thread knows the
 * schools (early.ts), then waits for its batch, which it builds in two steps:
 *   1. it takes schools one by one from the shared counter, renders each, writes its files to a
 *      hidden folder beside its folder (nothing is kept in memory but the result), and, when no
 *      school is left, reports their folders;
 *   2. at the go-ahead it swaps each school's files in (or, for a folder that another school of
 *      the batch already has, throws them away), and reports each result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadLibrary } from '../library/load.js';
import { claimsOf, commitSteps, stageJobs, type Step, type WriteOrder } from './stage.js';
import type { WorkerStart } from './early.js';
import type { WorkerInput, WorkerMessage } from './workers.js';

const port = parentPort;
if (!port) throw new Error('worker.js draait alleen als worker thread');
const [base, ...extra] = (workerData as WorkerStart).dirs;
const library = loadLibrary(extra, base);

// One listener for both messages, the batch and then the go-ahead: a listener added while a
// message is handed out can be handed that same message (when the port has other listeners).
let batch: { input: WorkerInput; steps: Map<number, Step>; control: Int32Array } | undefined;
port.on('message', (message: WorkerInput | WriteOrder) => {
  if (!batch) {
    const input = message as WorkerInput;
    const shared = { control: new Int32Array(input.control), owners: new Int32Array(input.owners) };
    batch = { input, steps: new Map(stageJobs(library, input, shared, input.thread)), control: shared.control };
    port.postMessage({ type: 'slugs', claims: claimsOf(batch.steps) } satisfies WorkerMessage);
    return;
  }
  for (const [index, result] of commitSteps(batch.steps, message as WriteOrder, batch.input, batch.control)) port.postMessage({ type: 'result', index, result } satisfies WorkerMessage);
  port.close();
});

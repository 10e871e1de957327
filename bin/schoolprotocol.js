#!/usr/bin/env node
// A command that makes a PDF starts the browser first, before the program is loaded: Chromium
// starts up while Node reads the library and renders the HTML (launch.js is light).
// Other commands (--help, check, Markdown) do not load it: its child_process and worker_threads
// are a fifth of Node's start. dist/app/ is the bundle `npm run build` makes (src/build/bundle.ts).
// A large Markdown/HTML batch likewise starts its worker threads first (early.js).
import { earlyBatch, makesPdf } from '../dist/app/makes-pdf.js';

const launch = makesPdf(process.argv.slice(2)) ? await import('../dist/app/launch.js') : undefined;
launch?.startEarly(process.argv.slice(2));
const batch = earlyBatch(process.argv.slice(2));
const workers = batch ? await import('../dist/app/early.js') : undefined;
workers?.startEarlyWorkers(batch);

// Ctrl-C, SIGTERM and a closed terminal (SIGHUP): end with the usual code (128 + the signal's
// number) through process.exit, so exit handlers remove temporary files, say which schools were
// not built, and the browser's process group is killed.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
process.on('SIGHUP', () => process.exit(129));

// A reader that stops early (`schoolprotocol check | head -1`) closes the pipe: what is still
// written goes nowhere, the command finishes its work, and no stack trace appears.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

try {
  const { main } = await import('../dist/app/program.js');
  process.exitCode = await main(process.argv.slice(2));
} finally {
  // The early browser and workers, when the command ended before using them (bad input, nothing to print, a small batch).
  await Promise.all([launch?.endEarly(), workers?.endEarlyWorkers()]);
}

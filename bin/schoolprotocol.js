#!/usr/bin/env node
import { main } from '../dist/cli/program.js';

// Ctrl-C, SIGTERM and a closed terminal (SIGHUP): end with the usual code (128 + the signal's
// number) through process.exit, so exit handlers remove temporary files, say which schools were
// not built, and puppeteer (which listens for SIGINT too) kills its browser.
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

process.exitCode = await main(process.argv.slice(2));

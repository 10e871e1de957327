#!/usr/bin/env node
// A command that makes a PDF starts the browser first, before the program is loaded: Chromium
// starts up while Node reads the library and renders the HTML (dist/render/launch.js is light).
import { endEarly, startEarly } from '../dist/render/launch.js';

startEarly(process.argv.slice(2));

// Ctrl-C: end with the usual code 130 through process.exit, so exit handlers remove temporary
// files and kill the browser's process group.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));
process.on('SIGHUP', () => process.exit(129));

try {
  const { main } = await import('../dist/cli/program.js');
  process.exitCode = await main(process.argv.slice(2));
} finally {
  // The early browser, when the command ended before using it (bad input, nothing to print).
  await endEarly();
}

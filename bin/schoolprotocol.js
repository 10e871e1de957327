#!/usr/bin/env node
import { main } from '../dist/cli/program.js';

// Ctrl-C: end with the usual code 130 through process.exit, so exit handlers remove temporary
// files and puppeteer (which listens for SIGINT too) kills its browser.
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(143));

process.exitCode = await main(process.argv.slice(2));

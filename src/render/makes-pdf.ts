/**
 * What a command line starts early, decided from its words alone (the command checks everything
 * again): a browser for a PDF, worker threads for a large Markdown/HTML batch. Light on purpose:
 * the bin loads this first; node:fs and node:path are loaded with Node itself, node:os took 0.3 ms.
 */
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Whether a command line makes a PDF. bin/schoolprotocol.js asks this first, and loads launch.ts
 * (child_process, worker_threads: 15–25 ms of Node's start) only when the answer is yes, so
 * `--help`, `check` and Markdown builds never pay for the browser start.
 */
export function makesPdf(argv: readonly string[]): boolean {
  const [command, ...rest] = argv;
  const words = commandWords(rest);
  if (words.help) return false;
  if (command === 'build') return words.format === undefined || /(^|,)\s*pdf\s*(,|$)/i.test(words.format);
  // init without questions builds at once; the wizard would keep a browser waiting for the user.
  if (command === 'init') return rest.some((arg) => arg === '-y' || arg === '--yes') && !rest.includes('--no-pdf');
  return false;
}

/** The options of build and init that take a value (the word after them is not an answers file). */
const WITH_VALUE = new Set(['--out', '--format', '--zonder', '--clauses', '--jobs', '--preset', '--answers']);

/** The words after the command: what it names (files, folders, patterns), `--format` and `--clauses` (the last one wins, as in commander), and whether it asks for help. */
function commandWords(rest: readonly string[]): { inputs: string[]; format?: string; clauses?: string; help: boolean } {
  const words: { inputs: string[]; format?: string; clauses?: string; help: boolean } = { inputs: [], help: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? '';
    if (arg === '-h' || arg === '--help') words.help = true;
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = equals > 0 ? arg.slice(0, equals) : arg;
    if (WITH_VALUE.has(name)) {
      const value = equals > 0 ? arg.slice(equals + 1) : rest[++i];
      if (name === '--format') words.format = value;
      if (name === '--clauses') words.clauses = value;
    } else if (!arg.startsWith('-')) {
      words.inputs.push(arg);
    }
  }
  return words;
}

/** A pattern holds one of these (picomatch's scan finds a glob only at `*`, `?`, `[`, `{`, `(`, or a leading `!`). */
export const GLOB_CHARACTERS = /[*?[\]{}()!+@]/;

/** A batch of this many schools or more is spread over threads (batch.ts: defaultWorkers). */
export const BATCH_SIZE = 100;

/** Worker threads beside the main thread for such a batch: one per other core, eight threads in all at most. */
export function extraThreads(): number {
  return Math.min(8, os.availableParallelism()) - 1;
}

/** A Markdown/HTML batch that a command line asks for: its custom clause folders, resolved. */
export interface EarlyBatch {
  clauses: string[];
}

/**
 * Whether a command line builds a Markdown/HTML batch, and with which custom clause folders: a
 * `build` with `--format` naming only md and html, and 100 answers files or more (named, or in the
 * folders named: counted up to 100), or a pattern. Undefined for anything else (PDF or Word, help,
 * fewer files). bin/schoolprotocol.js then starts the batch's workers first (build/early.ts);
 * started for nothing, they cost a folder of two schools 10 ms.
 */
export function earlyBatch(argv: readonly string[], cwd = process.cwd()): EarlyBatch | undefined {
  const [command, ...rest] = argv;
  if (command !== 'build') return undefined;
  const { inputs, format, clauses, help } = commandWords(rest);
  if (help) return undefined;
  // Without --format the build makes PDFs: those render on the main thread and print in the browser.
  if (format === undefined || !format.split(',').every((f) => ['md', 'html'].includes(f.trim().toLowerCase()))) return undefined;
  // A pattern is not counted (that needs tinyglobby): it is taken for a batch.
  let count = 0;
  for (const input of inputs) {
    if (GLOB_CHARACTERS.test(input)) return withClauses(clauses, cwd);
    count += isDirectory(path.resolve(cwd, input)) ? answersFilesIn(path.resolve(cwd, input), BATCH_SIZE - count) : 1;
    if (count >= BATCH_SIZE) return withClauses(clauses, cwd);
  }
  return undefined;
}

function withClauses(clauses: string | undefined, cwd: string): EarlyBatch {
  return { clauses: clauses ? [path.resolve(cwd, clauses)] : [] };
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** How many answers files (*.yaml, *.yml) a folder and its subfolders hold, counted up to `limit`; as build/find.ts finds them, near enough for a guess. */
function answersFilesIn(dir: string, limit: number, depth = 0): number {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  let count = 0;
  for (const entry of entries) {
    if (count >= limit) break;
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    if (entry.isDirectory() && depth < 8) count += answersFilesIn(path.join(dir, entry.name), limit - count, depth + 1);
    else if (/\.ya?ml$/.test(entry.name)) count++;
  }
  return count;
}

/**
 * One school's files in a run: its Result (files written, articles, warnings, errors) and writing
 * its Markdown and HTML, after which what earlier builds left and the answers no longer ask for is
 * removed. The PDFs follow in batch.ts.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { UserError } from '../util/errors.js';
import type { Library } from '../library/load.js';
import type { CompanionId } from '../companions/index.js';
import { describeMigration } from '../answers/migrate.js';
import { displayPath, fileLines } from '../util/paths.js';
import { EXAMPLE_PLACE, EXAMPLE_SCHOOL } from '../answers/schema.js';
import { writeFileAtomic } from './write.js';
import type { Job, Rendered } from './job.js';
import { leftoversOf, outputsOf, type Format } from './outputs.js';

export interface Result {
  label: string;
  school?: string;
  slug?: string;
  files: string[];
  ok: boolean;
  error?: string;
  /** The error's stack, shown with --debug. */
  stack?: string;
  /** Milliseconds from the start of this school's build to its last file. */
  ms: number;
  articles?: { number: string; clause: string; sources: string[] }[];
  /** Dutch notes for the user: answers files brought up to date from an older schema. */
  warnings?: string[];
  /** Files of an earlier build that these answers no longer ask for, removed from the school's folder. */
  removed?: string[];
}

export interface DocumentEvent {
  school: string;
  file: string;
  done: number;
  total: number;
}

export interface BuildOptions {
  library: Library;
  outDir: string;
  formats: Format[];
  /** Companion documents not to write in this run (`--zonder`), even when the answers ask for them. */
  without?: readonly CompanionId[];
  /** How many PDFs are rendered at the same time in the one browser. */
  jobs?: number;
  /** Worker threads for Markdown and HTML when no PDF is made (0: none); default from the batch size. */
  workers?: number;
  /** Called after each PDF, for a progress display: the school, the file, and how many of all PDFs are done. */
  onDocument?: (event: DocumentEvent) => void;
  /** Called once per finished job, for progress lines. */
  onResult?: (result: Result, done: number, total: number) => void;
}

/** What the user should know about a school's answers: files brought up to date, values that do not count, the example school's name. */
export function warningsOf(doc: Rendered): string[] {
  const warnings = [...(doc.answers.migrations ?? []).map((m) => describeMigration(m, { hint: true })), ...(doc.answers.warnings ?? [])];
  const example = exampleIdentity(doc);
  if (example) warnings.push(example);
  return warnings;
}

/** A protocol from an answers file that still names the example school or town (the wizard's old placeholder) must not go to the MR unnoticed. */
function exampleIdentity(doc: Rendered): string | undefined {
  if (!doc.answers.file) return undefined;
  const { naam, plaats } = doc.answers.values;
  const found = [naam === EXAMPLE_SCHOOL && `naam: ${EXAMPLE_SCHOOL}`, plaats === EXAMPLE_PLACE && `plaats: ${EXAMPLE_PLACE}`].filter(Boolean);
  if (found.length === 0) return undefined;
  return `${displayPath(doc.answers.file)} noemt nog de voorbeeldschool (${found.join(', ')}). Vul bij \`school:\` de naam en de plaats van uw school in en bouw opnieuw.`;
}

/** The result of a job that could not be built. */
export function failedResult(job: Job, error: UserError, started: number): Result {
  return { label: job.label, files: [], ok: false, error: error.message, ...(error.stack && { stack: error.stack }), ms: performance.now() - started };
}

/** Writes a school's Markdown and HTML (every document: protocol, redline, companions); the PDFs come later. */
export function writeSources(job: Job, doc: Rendered, options: Pick<BuildOptions, 'outDir' | 'formats' | 'without'>): Result {
  const result: Result = {
    label: job.label,
    school: doc.protocol.school.naam,
    slug: doc.slug,
    files: [],
    ok: true,
    ms: 0,
    articles: doc.protocol.chapters.flatMap((c) => c.articles.map((a) => ({ number: a.number, clause: a.clause, sources: a.sources }))),
    ...(warningsOf(doc).length > 0 && { warnings: warningsOf(doc) }),
  };
  const dir = path.join(options.outDir, doc.slug);
  const outputs = outputsOf(doc, options.without);
  for (const output of outputs) {
    for (const format of ['md', 'html'] as const) {
      if (!options.formats.includes(format)) continue;
      const file = path.join(dir, `${output.name}.${format}`);
      writeFileAtomic(file, format === 'md' ? output.markdown : output.html);
      result.files.push(file);
    }
  }
  // Only after the new files are written: what an earlier build made and is no longer asked for goes.
  const leftovers = leftoversOf(dir, outputs, options.formats, options.without);
  for (const file of leftovers) rmSync(file, { force: true });
  if (leftovers.length > 0) result.removed = leftovers;
  return result;
}

/** What `build` and `init` say about the leftovers removed for these schools, or nothing. */
export function removedMessage(results: readonly Result[]): string {
  const removed = results.flatMap((result) => result.removed ?? []);
  if (removed.length === 0) return '';
  return `Verwijderd, omdat de antwoorden er niet meer om vragen:\n${fileLines(removed)}`;
}

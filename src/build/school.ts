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
import { fileLines } from '../util/paths.js';
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
  /** Called once per finished job, for progress lines. */
  onResult?: (result: Result, done: number, total: number) => void;
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
    ...(doc.answers.migrations && { warnings: doc.answers.migrations.map((m) => describeMigration(m, { hint: true })) }),
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

/**
 * Writes a school's Word documents (every document: protocol, redline, companions). A document
 * that cannot be made marks the school as failed, as a PDF does.
 */
export async function writeDocx(doc: Rendered, result: Result, options: Pick<BuildOptions, 'outDir' | 'without'>): Promise<void> {
  try {
    for (const output of outputsOf(doc, options.without)) {
      const file = path.join(options.outDir, doc.slug, `${output.name}.docx`);
      writeFileAtomic(file, await output.docx());
      result.files.push(file);
    }
  } catch (error) {
    result.ok = false;
    result.error = `Word-document maken mislukt: ${error instanceof Error ? error.message : String(error)}`;
    if (error instanceof Error && error.stack) result.stack = error.stack;
  }
}

/** What `build` and `init` say about the leftovers removed for these schools, or nothing. */
export function removedMessage(results: readonly Result[]): string {
  const removed = results.flatMap((result) => result.removed ?? []);
  if (removed.length === 0) return '';
  return `Verwijderd, omdat de antwoorden er niet meer om vragen:\n${fileLines(removed)}`;
}

/**
 * One school's files in a run: its Result (files written, articles, warnings, errors) and writing
 * its Markdown and HTML, after which what earlier builds left and the answers no longer ask for is
 * removed. The PDFs follow in batch.ts.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { UserError } from '../util/errors.js';
import { fileError } from '../util/files.js';
import type { Library } from '../library/load.js';
import type { CompanionId } from '../companions/index.js';
import { describeMigration } from '../answers/migrate.js';
import { fileLines, displayPath } from '../util/paths.js';
import { Staging } from './write.js';
import { EXAMPLE_PLACE, EXAMPLE_SCHOOL } from '../answers/schema.js';
import type { Job, Rendered } from './job.js';
import { leftoversOf, outputsOf, type Format, type OutputDocument } from './outputs.js';

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
  /** The protocol's articles, when asked for (BuildOptions.articles, for `--json`). */
  articles?: { number: string; clause: string; sources: string[] }[];
  /** Dutch notes for the user: answers files brought up to date from an older schema. */
  warnings?: string[];
  /** Files of an earlier build that these answers no longer ask for, removed from the school's folder. */
  removed?: string[];
  /** Files of this school's documents that this run did not replace (a PDF that failed): still of an earlier build. */
  old?: string[];
  /** For a failed job: 2 when its input was wrong, 1 when writing or printing failed. */
  exitCode?: 1 | 2 | 130;
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
  /** Whether each result lists the protocol's articles (for `--json`). */
  articles?: boolean;
  /** Print every PDF again, also one that is still the one these answers give (`--force`). */
  force?: boolean;
  /** How many PDFs are rendered at the same time in the one browser. */
  jobs?: number;
  /** Threads for Markdown and HTML when no PDF is made: the main thread and `workers - 1` worker threads (0 or 1: the main thread alone); default from the batch size. */
  workers?: number;
  /** Called after each PDF, for a progress display: the school, the file, and how many of all PDFs are done. */
  onDocument?: (event: DocumentEvent) => void;
  /** Called once per finished job, for progress lines. */
  onResult?: (result: Result, done: number, total: number) => void;
}

/**
 * Any error of one job as a Dutch message for that job: expected errors as they are, file-system
 * errors with the path and the fix, anything else (a bug) as an unexpected error with its stack.
 */
export function jobError(error: unknown): UserError {
  const converted = fileError(error);
  if (converted instanceof UserError) return converted;
  const message = converted instanceof Error ? converted.message : String(converted);
  const unexpected = new UserError(`er ging iets onverwachts mis (${message}). Dit is een fout in schoolprotocol; meld hem alstublieft, met dit antwoordbestand.`, 1);
  if (converted instanceof Error && converted.stack) unexpected.stack = converted.stack;
  return unexpected;
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

/** The result of a job that could not be built: any error, caught for this job alone. */
export function failedResult(job: Job, error: unknown, started: number): Result {
  const failure = jobError(error);
  return { label: job.label, files: [], ok: false, error: failure.message, exitCode: failure.exitCode, ...(failure.stack && { stack: failure.stack }), ms: performance.now() - started };
}

/**
 * Writes a school's Markdown and HTML (every document: protocol, redline, companions) beside its
 * folder. With `commit` they are swapped in at once; else the PDFs are added first (batch.ts), or
 * the batch first plans every school's folder (worker.ts: then `folderKnown` is false), and the
 * caller commits with `commitSchool`.
 */
export function writeSources(
  job: Job,
  doc: Rendered,
  options: Pick<BuildOptions, 'outDir' | 'formats' | 'without' | 'articles'>,
  { commit = true, folderKnown = true }: { commit?: boolean; folderKnown?: boolean } = {},
): { result: Result; staging: Staging; outputs: OutputDocument[] } {
  const result: Result = {
    label: job.label,
    school: doc.protocol.school.naam,
    slug: doc.slug,
    files: [],
    ok: true,
    ms: 0,
    // Only for the JSON report: a batch of 1000 kept 70 small objects per school for nothing (6 % of its time).
    ...(options.articles && { articles: doc.protocol.chapters.flatMap((c) => c.articles.map((a) => ({ number: a.number, clause: a.clause, sources: a.sources }))) }),
    ...(warningsOf(doc).length > 0 && { warnings: warningsOf(doc) }),
  };
  const dir = path.join(options.outDir, doc.slug);
  const outputs = outputsOf(doc, options.without);
  const staging = new Staging(dir, options.outDir, folderKnown);
  try {
    for (const output of outputs) {
      for (const format of ['md', 'html'] as const) {
        if (options.formats.includes(format)) staging.write(`${output.name}.${format}`, format === 'md' ? (output.markdownFile ?? output.markdown) : output.html);
      }
    }
  } catch (error) {
    staging.discard();
    throw error;
  }
  if (commit) commitSchool(result, staging, outputs, options);
  return { result, staging, outputs };
}

/**
 * Swaps a school's new files in, then removes what an earlier build made and these answers no
 * longer ask for. Files of the school's documents that were not made this time (a PDF that failed)
 * are named in the result: they are still those of an earlier build.
 */
export function commitSchool(result: Result, staging: Staging, outputs: readonly Pick<OutputDocument, 'name'>[], options: Pick<BuildOptions, 'formats' | 'without'>): void {
  result.files.push(...staging.commit());
  const leftovers = leftoversOf(staging.dir, outputs, options.formats, options.without);
  for (const file of leftovers) rmSync(file, { force: true });
  if (leftovers.length > 0) result.removed = leftovers;
  const old = outputs
    .flatMap((output) => options.formats.map((format) => path.join(staging.dir, `${output.name}.${format}`)))
    .filter((file) => !result.files.includes(file) && existsSync(file));
  if (old.length > 0) result.old = old;
}

/**
 * Writes a school's Word documents (every document: protocol, redline, companions). A document
 * that cannot be made marks the school as failed, as a PDF does.
 */
export async function writeDocx(doc: Rendered, result: Result, staging: Staging, options: Pick<BuildOptions, 'without'>): Promise<void> {
  try {
    for (const output of outputsOf(doc, options.without)) staging.write(`${output.name}.docx`, await output.docx());
  } catch (error) {
    result.ok = false;
    result.exitCode = 1;
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

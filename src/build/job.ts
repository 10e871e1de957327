/**
 * Building documents: answers → Protocol → Markdown, HTML, PDF → files. Shared by `init` and
 * `build`. One browser serves all PDFs of a run and is always closed.
 */
import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { assemble, AssemblyError, type Protocol } from '../assemble/assemble.js';
import { completeAnswers, loadAnswers, type Answers, type Values } from '../answers/load.js';
import { inputError, UserError } from '../util/errors.js';
import type { Library } from '../library/load.js';
import { slugify, writeFileAtomic } from './write.js';
import { COMPANION_IDS, companionPdfOptions, renderCompanions, type CompanionId, type RenderedCompanion } from '../companions/index.js';
import { renderHtml } from '../render/html.js';
import { renderMarkdown } from '../render/markdown.js';
import type { PdfOptions, PdfRenderer } from '../render/pdf.js';
import { pdfFingerprint } from '../render/fingerprint.js';
import { describeMigration } from '../answers/migrate.js';
import { redlineDocument, withRevision, type RedlineDocument } from '../redline/baseline.js';
import { displayPath, fileLines } from '../util/paths.js';

export const FORMATS = ['md', 'html', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];

export function parseFormats(text: string | undefined): Format[] {
  if (text === undefined) return [...FORMATS];
  const items = text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const wrong = items.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (wrong.length > 0 || items.length === 0) {
    throw inputError(`--format: ${wrong.length ? `onbekend formaat "${wrong.join('", "')}"` : 'geen formaat genoemd'}. Kies uit md, html en pdf, gescheiden door komma's, bijvoorbeeld --format md,pdf.`);
  }
  return FORMATS.filter((f) => items.includes(f));
}

/** A school to build: from an answers file, or from given values (presets, init). */
export interface Job {
  /** What the user knows this job by: the answers file, or "preset gsv". */
  label: string;
  file?: string;
  values?: Values;
  /** Answers under the file's own (a preset's choices); the file's answers win. */
  baseValues?: Values;
  /** Output folder name, when it should not follow from the school's name. */
  slug?: string;
}

export interface Rendered {
  label: string;
  answers: Answers;
  protocol: Protocol;
  slug: string;
  markdown: string;
  readonly html: string;
  /** The companion documents the answers ask for (leerlingversie, ouderbrief, toestemmingsformulier); made on first use. */
  readonly companions: RenderedCompanion[];
  /** The redline against the last approved version (wijzigingen.*), when the answers name its Markdown. */
  readonly redline: RedlineDocument | undefined;
}

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

/** Loads, assembles and renders one job to Markdown and HTML, in memory. */
export function renderJob(job: Job, library: Library): Rendered {
  const answers = job.file
    ? loadAnswers(job.file, library, job.baseValues)
    : completeAnswers(library, { ...job.baseValues, ...job.values });
  let protocol: Protocol;
  try {
    protocol = withRevision(assemble(answers, library), answers);
  } catch (error) {
    if (error instanceof AssemblyError) throw inputError(`${job.label}: ${error.message}`);
    throw error;
  }
  let html: string | undefined;
  let companions: RenderedCompanion[] | undefined;
  let redline: RedlineDocument | undefined | null = null;
  const markdown = renderMarkdown(protocol, library);
  return {
    label: job.label,
    answers,
    protocol,
    slug: job.slug ?? slugify(protocol.school.naam),
    markdown,
    // HTML (and so the PDF) only when asked for: a Markdown-only batch skips it.
    get html() {
      html ??= renderHtml(protocol, library);
      return html;
    },
    get companions() {
      companions ??= renderCompanions(protocol, library, job.label);
      return companions;
    },
    get redline() {
      if (redline === null) redline = redlineDocument({ label: job.label, protocol, markdown });
      return redline;
    },
  };
}

/** The running footer: school, version, and for a draft "concept", so a printed page is never taken for the adopted text. */
export function footerText(protocol: Protocol): string {
  const concept = protocol.document.status === 'vastgesteld' ? '' : ' (concept)';
  return `${protocol.school.naam} · Protocol sociale media · versie ${protocol.document.versie}${concept}`;
}

/** How a document's PDF is printed, with the fingerprint that `check` compares. */
export function pdfOptionsFor(doc: Rendered): PdfOptions & { fingerprint: string } {
  const options = {
    title: `Protocol sociale media – ${doc.protocol.school.naam}`,
    author: doc.protocol.school.naam,
    footer: footerText(doc.protocol),
    date: doc.protocol.document.datum,
  };
  return { ...options, fingerprint: pdfFingerprint(doc.html, options) };
}

/** One document of a school's folder: the protocol, the redline, or a companion. */
export interface OutputDocument {
  /** The file name without extension: protocol, wijzigingen, leerlingversie, ... */
  name: string;
  markdown: string;
  readonly html: string;
  /** How its PDF is printed, with the fingerprint that `check` compares. */
  readonly pdf: PdfOptions & { fingerprint: string };
}

/**
 * Every document `build` writes for a school, in the order it writes them: the protocol, the
 * redline against the last approved version (when there is one), then the companions the answers
 * ask for, minus those switched off for this run. `check` compares the same list.
 */
export function outputsOf(doc: Rendered, without: readonly CompanionId[] = []): OutputDocument[] {
  const outputs: OutputDocument[] = [
    {
      name: 'protocol',
      markdown: doc.markdown,
      get html() {
        return doc.html;
      },
      get pdf() {
        return pdfOptionsFor(doc);
      },
    },
  ];
  const redline = doc.redline;
  if (redline) {
    outputs.push({
      name: 'wijzigingen',
      markdown: redline.markdown,
      get html() {
        return redline.html;
      },
      get pdf() {
        const { title, author, footer, date } = redline.pdf;
        return { ...redline.pdf, fingerprint: pdfFingerprint(redline.html, { title, author, footer, date }) };
      },
    });
  }
  // Assembling the companions costs time: skip it when all of them are switched off for this run.
  const companions = COMPANION_IDS.every((id) => without.includes(id)) ? [] : doc.companions;
  for (const companion of companions) {
    if (without.includes(companion.id)) continue;
    outputs.push({
      name: companion.id,
      markdown: companion.markdown,
      get html() {
        return companion.html;
      },
      get pdf() {
        return companionPdfOptions(companion.id, doc.protocol, companion.html);
      },
    });
  }
  return outputs;
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

/** A sensible number of concurrent renders: one per core, at least 2, at most 8. */
export function defaultJobs(): number {
  return Math.min(8, Math.max(2, os.availableParallelism()));
}

/** Two schools of one batch would share an output folder: the later one is an error. */
export function slugClash(label: string, school: string, slug: string, outDir: string, earlier: string): UserError {
  return inputError(`${label}: de school "${school}" zou in dezelfde map ${displayPath(path.join(outDir, slug))} komen als ${earlier}. Geef elke school een eigen naam.`);
}

/** The result of a job that could not be built. */
export function failedResult(job: Job, error: UserError, started: number): Result {
  return { label: job.label, files: [], ok: false, error: error.message, ...(error.stack && { stack: error.stack }), ms: performance.now() - started };
}

/**
 * Companion documents in a school's folder that an earlier build wrote and these answers no
 * longer ask for (they are not among its `outputs`), in the given formats. A companion skipped for this run with `--zonder` is not a
 * leftover: the answers still ask for it. (A redline is never removed: `diff --out` may have put
 * one there by hand.)
 */
export function leftoversOf(dir: string, outputs: readonly OutputDocument[], formats: readonly Format[], without: readonly CompanionId[] = []): string[] {
  const wanted = new Set(outputs.map((output) => output.name));
  return COMPANION_IDS.filter((name) => !wanted.has(name) && !without.includes(name))
    .flatMap((name) => formats.map((format) => path.join(dir, `${name}.${format}`)))
    .filter((file) => existsSync(file));
}

/** What `build` and `init` say about the leftovers removed for these schools, or nothing. */
export function removedMessage(results: readonly Result[]): string {
  const removed = results.flatMap((result) => result.removed ?? []);
  if (removed.length === 0) return '';
  return `Verwijderd, omdat de antwoorden er niet meer om vragen:\n${fileLines(removed)}`;
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

/** Worker threads for a Markdown/HTML batch: one per core (at most 8), and only when the batch is large enough to pay for their start. */
export function defaultWorkers(jobCount: number): number {
  return jobCount >= 100 ? Math.min(8, os.availableParallelism()) : 0;
}

/**
 * Builds every job; one failing job never stops the others. Returns one result per job, in
 * the jobs' order. Markdown and HTML are written first; then one browser renders the PDFs,
 * `jobs` at a time, and is always closed. A large batch without PDFs is spread over worker
 * threads (src/workers.ts), with the same results.
 */
export async function buildAll(jobs: readonly Job[], options: BuildOptions): Promise<Result[]> {
  const { library, outDir, formats } = options;
  // Markdown and HTML only, for many schools: spread the work over the processor cores.
  const workers = formats.includes('pdf') ? 0 : (options.workers ?? defaultWorkers(jobs.length));
  if (workers > 1) {
    const { buildInWorkers, workerScript } = await import('./workers.js');
    if (workerScript()) return buildInWorkers(jobs, options, workers);
  }
  const results: Result[] = [];
  const pending: { doc: Rendered; result: Result; started: number }[] = [];
  const slugs = new Map<string, string>();
  let done = 0;
  const finish = (result: Result) => {
    done++;
    options.onResult?.(result, done, jobs.length);
  };

  for (const job of jobs) {
    const started = performance.now();
    try {
      const doc = renderJob(job, library);
      const earlier = slugs.get(doc.slug);
      if (earlier !== undefined) throw slugClash(job.label, doc.protocol.school.naam, doc.slug, outDir, earlier);
      slugs.set(doc.slug, job.label);
      const result = writeSources(job, doc, options);
      results.push(result);
      if (formats.includes('pdf')) pending.push({ doc, result, started });
      else {
        result.ms = performance.now() - started;
        finish(result);
      }
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      const result = failedResult(job, error, started);
      results.push(result);
      finish(result);
    }
  }
  if (pending.length === 0) return results;

  const { PdfRenderer } = await import('../render/pdf.js');
  let renderer: PdfRenderer;
  try {
    renderer = await PdfRenderer.launch();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    for (const { result, started } of pending) {
      result.ok = false;
      result.error = error.message;
      result.ms = performance.now() - started;
      finish(result);
    }
    return results;
  }
  try {
    const queue = [...pending];
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const { doc, result, started } = item;
        try {
          for (const output of outputsOf(doc, options.without)) {
            const file = path.join(outDir, doc.slug, `${output.name}.pdf`);
            writeFileAtomic(file, await renderer.render(output.html, output.pdf));
            result.files.push(file);
          }
        } catch (error) {
          result.ok = false;
          result.error = `PDF maken mislukt: ${error instanceof Error ? error.message : String(error)}`;
          if (error instanceof Error && error.stack) result.stack = error.stack;
        }
        result.ms = performance.now() - started;
        finish(result);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs ?? defaultJobs(), pending.length)) }, worker));
  } finally {
    await renderer.close();
  }
  return results;
}

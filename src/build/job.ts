/**
 * One school in memory: an answers file (or given values) → Answers → Protocol → Markdown, with
 * HTML, the companion documents and the redline made on first use. Nothing is written here.
 */
import { assemble, AssemblyError, type Protocol } from '../assemble/assemble.js';
import { completeAnswers, loadAnswers } from '../answers/load.js';
import { type Answers, type Values } from '../answers/schema.js';
import { inputError } from '../util/errors.js';
import { decodeText } from '../util/yaml.js';
import type { Library } from '../library/load.js';
import { slugify } from './write.js';
import { companionsFor, renderCompanions, type RenderedCompanion } from '../companions/index.js';
import { renderHtml } from '../render/html.js';
import { renderMarkdownFile } from '../render/markdown.js';
import { redlineDocument, withRevision, type RedlineDocument } from '../redline/baseline.js';

/** A school to build: from an answers file, or from given values (presets, init). */
export interface Job {
  /** What the user knows this job by: the answers file, or "preset gsv". */
  label: string;
  file?: string;
  /**
   * The answers file's bytes, as read when the jobs were collected (find.ts): the build does not
   * read it again. Bytes rather than text: 1000 texts kept as strings cost each thread that holds
   * them collections of garbage that copied them all (collectJobs: 15 of its 50 ms); bytes are
   * kept outside V8's heap, and a thread decodes a school's text when it builds it.
   */
  bytes?: Uint8Array;
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
  /** The library the protocol was assembled from (the Word document reads its sources). */
  library: Library;
  slug: string;
  /** The Markdown as text, decoded from markdownFile on first use (a batch only writes the file). */
  readonly markdown: string;
  /** The Markdown file's bytes. */
  markdownFile: Uint8Array;
  readonly html: string;
  /** The companion documents the answers ask for (leerlingversie, ouderbrief, toestemmingsformulier); made on first use. */
  readonly companions: RenderedCompanion[];
  /** The redline against the last approved version (wijzigingen.*), when the answers name its Markdown. */
  readonly redline: RedlineDocument | undefined;
}

/** Loads, assembles and renders one job to Markdown and HTML, in memory. */
export function renderJob(job: Job, library: Library): Rendered {
  const answers = job.file
    ? loadAnswers(job.file, library, job.baseValues, job.bytes && decodeText(job.bytes, job.file, 'antwoordbestand'))
    : completeAnswers(library, { ...job.baseValues, ...job.values });
  let protocol: Protocol;
  try {
    protocol = withRevision(assemble(answers, library), answers);
    protocol.companions = companionsFor(protocol.values, library);
  } catch (error) {
    if (error instanceof AssemblyError) throw inputError(`${job.label}: ${error.message}`);
    throw error;
  }
  let html: string | undefined;
  let companions: RenderedCompanion[] | undefined;
  let redline: RedlineDocument | undefined | null = null;
  const markdownFile = renderMarkdownFile(protocol, library);
  let markdown: string | undefined;
  const rendered: Rendered = {
    label: job.label,
    answers,
    protocol,
    library,
    slug: job.slug ?? slugify(protocol.school.naam),
    markdownFile,
    get markdown() {
      markdown ??= markdownFile.toString('utf8');
      return markdown;
    },
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
      // The document itself: its text is decoded only for a redline that is made (answers that name an approved version).
      if (redline === null) redline = redlineDocument(rendered);
      return redline;
    },
  };
  return rendered;
}


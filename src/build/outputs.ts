/**
 * What a school's folder holds: the formats, every document `build` writes for a school (protocol,
 * redline, companions) with how its PDF is printed, the leftovers of earlier builds, and clashes
 * between schools that would share a folder. `build` and `check` use the same list.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { inputError, type UserError } from '../util/errors.js';
import { COMPANION_IDS, companionPdfOptions, type CompanionId } from '../companions/index.js';
import type { Protocol } from '../assemble/assemble.js';
import type { PdfOptions } from '../render/pdf.js';
import { pdfFingerprint } from '../render/fingerprint.js';
import { displayPath } from '../util/paths.js';
import type { Rendered } from './job.js';

export const FORMATS = ['md', 'html', 'pdf', 'docx'] as const;
export type Format = (typeof FORMATS)[number];
/** The formats made when --format is not given: Word only when asked for. */
export const DEFAULT_FORMATS: readonly Format[] = ['md', 'html', 'pdf'];

export function parseFormats(text: string | undefined): Format[] {
  if (text === undefined) return [...DEFAULT_FORMATS];
  const items = text
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const wrong = items.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (wrong.length > 0 || items.length === 0) {
    const word = wrong.some((w) => /^(word|doc|msword)$/.test(w)) ? ' Een Word-document heet hier docx.' : '';
    throw inputError(`--format: ${wrong.length ? `onbekend formaat "${wrong.join('", "')}"` : 'geen formaat genoemd'}. Kies uit md, html, pdf en docx, gescheiden door komma's, bijvoorbeeld --format md,pdf of --format docx.${word}`);
  }
  return FORMATS.filter((f) => items.includes(f));
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
  /** The Word document (.docx); loads the `docx` package on first use. */
  docx(): Promise<Uint8Array>;
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
      async docx() {
        const { renderProtocolDocx } = await import('../render/docx.js');
        return renderProtocolDocx(doc.protocol, doc.library, { footer: footerText(doc.protocol) });
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
      async docx() {
        const { renderRedlineDocx } = await import('../redline/docx.js');
        return renderRedlineDocx(redline.comparison, redline.pdf.date);
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
      async docx() {
        const { renderCompanionDocx } = await import('../companions/docx.js');
        return renderCompanionDocx(companion.companion, doc.protocol);
      },
    });
  }
  return outputs;
}

/** Two schools of one batch would share an output folder: the later one is an error. */
export function slugClash(label: string, school: string, slug: string, outDir: string, earlier: string): UserError {
  return inputError(`${label}: de school "${school}" zou in dezelfde map ${displayPath(path.join(outDir, slug))} komen als ${earlier}. Geef elke school een eigen naam.`);
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


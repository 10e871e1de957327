/**
 * What a school's folder holds: the formats, every document `build` writes for a school (protocol,
 * redline, companions) with how its PDF is printed, the leftovers of earlier builds, and clashes
 * between schools that would share a folder. `build` and `check` use the same list.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { inputError, UserError } from '../util/errors.js';
import type { Library } from '../library/load.js';
import { slugify } from './write.js';
import { COMPANION_IDS, companionPdfOptions, type CompanionId } from '../companions/index.js';
import type { Protocol } from '../assemble/assemble.js';
import type { PdfOptions } from '../render/pdf.js';
import { pdfFingerprint } from '../render/fingerprint.js';
import { displayPath } from '../util/paths.js';
import { renderJob, type Job, type Rendered } from './job.js';

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
  readonly markdown: string;
  /** The Markdown file's bytes, when they were made so (the protocol): written instead of encoding `markdown`. */
  markdownFile?: Uint8Array;
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
      get markdown() {
        return doc.markdown;
      },
      markdownFile: doc.markdownFile,
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
export function leftoversOf(dir: string, outputs: readonly Pick<OutputDocument, 'name'>[], formats: readonly Format[], without: readonly CompanionId[] = []): string[] {
  const wanted = new Set(outputs.map((output) => output.name));
  return COMPANION_IDS.filter((name) => !wanted.has(name) && !without.includes(name))
    .flatMap((name) => formats.map((format) => path.join(dir, `${name}.${format}`)))
    .filter((file) => existsSync(file));
}


/** What a school claims for its folder: the folder from its name, and its name and place for when names clash. */
export interface SlugClaim {
  slug: string;
  school: string;
  place: string;
  label: string;
  /** The folder was set for the job (a preset), not derived from the name. */
  fixed?: boolean;
}

export interface SlugPlan {
  /** Per claim its folder, or null (no claim, or a clash). */
  slugs: (string | null)[];
  /** Per claim the error of a clash that remains, or null. */
  errors: (string | null)[];
  /** Per claim a note when its folder got the place added, or null. */
  notes: (string | null)[];
}

/**
 * The folder of every school in a run. Schools with the same name in different places each get
 * the place added to their folder (obs-de-linde-ede, obs-de-linde-zeist), and a note says so; two
 * schools that would still share a folder are an error for the later one. `build`, `check` and
 * `check --impact` use this one plan, so they look in the same folders.
 */
export function planSlugs(claims: readonly (SlugClaim | null)[], outDir: string): SlugPlan {
  const count = new Map<string, number>();
  for (const claim of claims) if (claim && !claim.fixed) count.set(claim.slug, (count.get(claim.slug) ?? 0) + 1);
  // The place helps only when it tells every school of the clash apart; else the clash stays an error.
  const placed = (claim: SlugClaim) => slugify(`${claim.school} ${claim.place}`);
  for (const [slug, n] of count) {
    if (n < 2) continue;
    const group = claims.filter((c): c is SlugClaim => c !== null && !c.fixed && c.slug === slug);
    if (group.some((c) => c.place.trim() === '') || new Set(group.map(placed)).size < group.length) count.set(slug, 1);
  }
  const slugs: (string | null)[] = [];
  const errors: (string | null)[] = [];
  const notes: (string | null)[] = [];
  const owner = new Map<string, string>();
  for (const claim of claims) {
    if (!claim) {
      slugs.push(null);
      errors.push(null);
      notes.push(null);
      continue;
    }
    const clash = !claim.fixed && (count.get(claim.slug) ?? 0) > 1 && claim.place.trim() !== '';
    const slug = clash ? placed(claim) : claim.slug;
    const earlier = owner.get(slug);
    if (earlier !== undefined) {
      slugs.push(null);
      errors.push(slugClash(claim.label, claim.school, slug, outDir, earlier).message);
      notes.push(null);
      continue;
    }
    owner.set(slug, claim.label);
    slugs.push(slug);
    errors.push(null);
    notes.push(clash ? claim.slug : null);
  }
  // One note per name, the same for each of its schools (build shows it once).
  const groupNote = (slug: string) => {
    const group = claims.filter((c): c is SlugClaim => c !== null && !c.fixed && c.slug === slug);
    const folders = group.map((c) => displayPath(path.join(outDir, placed(c))));
    return `${group.length === 2 ? 'twee' : group.length} scholen heten "${group[0]?.school ?? ''}"; hun mappen krijgen de plaats erbij: ${folders.join(', ')}.`;
  };
  for (const [i, note] of notes.entries()) if (note !== null) notes[i] = groupNote(note);
  return { slugs, errors, notes };
}

export function slugClaim(job: { slug?: string; label: string }, doc: Rendered): SlugClaim {
  return { slug: doc.slug, school: doc.protocol.school.naam, place: doc.protocol.school.plaats, label: job.label, ...(job.slug !== undefined && { fixed: true }) };
}

/**
 * Renders every job in memory and gives each its folder by planSlugs; a job that cannot be
 * rendered, or whose folder clashes, carries its error.
 */
export function renderJobs(jobs: readonly Job[], library: Library, outDir: string): ({ doc: Rendered; note?: string } | { error: UserError })[] {
  type Item = { doc: Rendered; note?: string } | { error: UserError };
  const rendered = jobs.map((job): Item => {
    try {
      return { doc: renderJob(job, library) };
    } catch (error) {
      if (error instanceof UserError) return { error };
      throw error;
    }
  });
  const plan = planSlugs(rendered.map((r, i) => ('doc' in r ? slugClaim(jobs[i] as Job, r.doc) : null)), outDir);
  return rendered.map((r, i): Item => {
    if (!('doc' in r)) return r;
    const error = plan.errors[i];
    if (error) return { error: inputError(error) };
    r.doc.slug = plan.slugs[i] ?? r.doc.slug;
    const note = plan.notes[i];
    return note ? { doc: r.doc, note } : { doc: r.doc };
  });
}

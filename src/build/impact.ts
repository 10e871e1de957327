/**
 * `check --impact`: for a set of schools, which documents a change of the clause library (or of
 * the answers) changes, and by how many articles, so a consultant knows which MRs to ask again.
 * Each school's new document is compared with the version its MR approved when the answers name
 * its Markdown (`document.geschiedenis`), else with the protocol.md on disk.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { jobError } from './school.js';
import { type Job, type Rendered } from './job.js';
import { renderJobs } from './outputs.js';
import { lastApproved } from '../answers/schema.js';
import type { Library } from '../library/load.js';
import { MAX_PROTOCOL_BYTES, readTextFile } from '../util/yaml.js';
import { displayPath } from '../util/paths.js';
import { compareVersions, type ItemChange } from '../redline/compare.js';
import { parseProtocolMarkdown, versionFromProtocol } from '../redline/document.js';
import { changeLabel } from '../redline/render.js';

export interface Impact {
  school: string;
  input: string;
  /** The MR or GMR to ask again. */
  raad?: string;
  status: 'gewijzigd' | 'ongewijzigd' | 'geen document' | 'fout';
  /** What the new document is compared with: "vastgestelde versie 1.0" or a path. */
  against?: string;
  articles?: { changed: string[]; added: string[]; removed: string[]; renumbered: number };
  choices?: number;
  error?: string;
  /** The MR or GMR approved a version before (the protocol is vastgesteld, or its history has an approved version). */
  approved?: boolean;
  /** The approved version's Markdown is named in `document.geschiedenis`, so build makes a redline. */
  baseline?: boolean;
  /** The board, so that one GMR is named once for all its schools. */
  bestuur?: string;
}

const names = (changes: readonly ItemChange[], status: ItemChange['status']) => changes.filter((c) => c.status === status).map(changeLabel);

/** The impact for every job, each school in the folder `build` gives it. */
export function impactsOf(jobs: readonly Job[], library: Library, outDir: string): Impact[] {
  const rendered = renderJobs(jobs, library, outDir);
  return jobs.map((job, index) => {
    const item = rendered[index];
    if (!item || 'error' in item) return { school: job.label, input: job.label, status: 'fout', error: item && 'error' in item ? item.error.message : 'fout' };
    return impactOf(job, item.doc, outDir);
  });
}

export function impactOf(job: Job, doc: Rendered, outDir: string): Impact {
  try {
    const school = doc.protocol.school.naam;
    const raad = doc.protocol.document.raad || 'MR';
    const approved = doc.protocol.revision?.redlineAgainst;
    const file = approved?.protocolFile ?? path.join(outDir, doc.slug, 'protocol.md');
    const against = approved ? `vastgestelde versie ${approved.versie}` : displayPath(file);
    const context = {
      approved: doc.protocol.document.status === 'vastgesteld' || lastApproved(doc.answers.history) !== undefined,
      baseline: approved !== undefined,
      ...(doc.protocol.school.bestuur && { bestuur: doc.protocol.school.bestuur }),
    };
    if (!existsSync(file)) return { school, input: job.label, raad, status: 'geen document', against, ...context };
    const before = parseProtocolMarkdown(readTextFile(file, 'protocol', MAX_PROTOCOL_BYTES), path.basename(file));
    const comparison = compareVersions(before, versionFromProtocol(doc.protocol, doc.markdown, job.label));
    const { counts } = comparison;
    const changed = counts.changed + counts.added + counts.removed + counts.choices > 0;
    return {
      school,
      input: job.label,
      raad,
      status: changed ? 'gewijzigd' : 'ongewijzigd',
      against,
      articles: {
        changed: names(comparison.changes, 'gewijzigd'),
        added: names(comparison.changes, 'nieuw'),
        removed: names(comparison.changes, 'vervallen'),
        renumbered: counts.renumbered,
      },
      choices: counts.choices,
      ...context,
    };
  } catch (error) {
    return { school: job.label, input: job.label, status: 'fout', error: jobError(error).message };
  }
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One school's line (and details) in the impact list. */
export function impactLines(impact: Impact): string[] {
  switch (impact.status) {
    case 'fout':
      return [`  ✗ ${impact.school}: ${impact.error ?? 'fout'}`];
    case 'geen document':
      return [`  ? ${impact.school}: nog geen document om mee te vergelijken (${impact.against ?? ''}); maak het eerst met build`];
    case 'ongewijzigd':
      return [`  ✓ ${impact.school}: geen wijziging${impact.articles?.renumbered ? ` (alleen ${plural(impact.articles.renumbered, 'ander artikelnummer', 'andere artikelnummers')})` : ''}`];
    case 'gewijzigd': {
      const a = impact.articles ?? { changed: [], added: [], removed: [], renumbered: 0 };
      const count = a.changed.length + a.added.length + a.removed.length;
      const parts = [
        `${plural(count, 'artikel', 'artikelen')} anders`,
        ...(impact.choices ? [plural(impact.choices, 'keuze', 'keuzes') + ' anders'] : []),
        ...(a.renumbered ? [plural(a.renumbered, 'ander nummer', 'andere nummers')] : []),
      ];
      return [
        `  ✗ ${impact.school}: ${parts.join(', ')} (t.o.v. ${impact.against ?? ''})`,
        ...(a.changed.length ? [`      gewijzigd: ${a.changed.join('; ')}`] : []),
        ...(a.added.length ? [`      nieuw: ${a.added.join('; ')}`] : []),
        ...(a.removed.length ? [`      vervallen: ${a.removed.join('; ')}`] : []),
      ];
    }
  }
}

const articleCount = (i: Impact) => plural((i.articles?.changed.length ?? 0) + (i.articles?.added.length ?? 0) + (i.articles?.removed.length ?? 0), 'artikel', 'artikelen') + (i.choices ? `, ${plural(i.choices, 'keuze', 'keuzes')}` : '');

/** Who decides, once per council: each school's own MR, and one GMR for all schools of a board. */
function councilLines(impacts: readonly Impact[]): string[] {
  const lines: string[] = [];
  const gmr = new Map<string, Impact[]>();
  for (const i of impacts) {
    if (i.raad === 'GMR') {
      const key = i.bestuur ?? '';
      gmr.set(key, [...(gmr.get(key) ?? []), i]);
    } else lines.push(`  De MR van ${i.school}: ${articleCount(i)}`);
  }
  for (const [bestuur, schools] of gmr) {
    const council = bestuur ? `De GMR van ${bestuur}` : 'De GMR';
    lines.push(
      schools.length === 1
        ? `  ${council}, voor ${schools[0]?.school}: ${articleCount(schools[0] as Impact)}`
        : `  ${council}, in één besluit voor ${schools.length} scholen: ${schools.map((i) => `${i.school} (${articleCount(i)})`).join(', ')}`,
    );
  }
  return lines;
}

/** The impact list for the terminal, ending with the councils to ask (again). */
export function impactReport(impacts: readonly Impact[]): string {
  const affected = impacts.filter((i) => i.status === 'gewijzigd');
  const unknown = impacts.filter((i) => i.status === 'geen document' || i.status === 'fout');
  const lines = [`Gevolgen voor ${plural(impacts.length, 'school', 'scholen')}:`, ...impacts.flatMap(impactLines), ''];
  if (unknown.length > 0) lines.push(`Niet vergeleken: ${unknown.map((i) => i.school).join(', ')}.`);
  if (affected.length === 0) {
    if (unknown.length < impacts.length) lines.push(`Geen ${unknown.length > 0 ? 'van de vergeleken protocollen' : 'enkel protocol'} verandert inhoudelijk; geen MR hoeft opnieuw in te stemmen.`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${affected.length === impacts.length ? (impacts.length === 1 ? 'De school krijgt' : `Alle ${impacts.length} scholen krijgen`) : `${affected.length} van de ${impacts.length} scholen ${affected.length === 1 ? 'krijgt' : 'krijgen'}`} een ander protocol.`);
  const again = affected.filter((i) => i.approved);
  const drafts = affected.filter((i) => !i.approved);
  if (again.length > 0) lines.push('Vastgesteld, dus vraag opnieuw om instemming:', ...councilLines(again));
  if (drafts.length > 0) lines.push(`Nog niet vastgesteld (concept); de raad stemt in met de nieuwe tekst, opnieuw vragen is niet nodig:`, ...councilLines(drafts));
  const example = affected.find((i) => !i.baseline && i.against && i.against !== '');
  if (example?.against) lines.push(`Een wijzigingsoverzicht voor de raad, bijvoorbeeld: \`schoolprotocol diff ${example.against} ${example.input}\`.`);
  const withoutBaseline = again.filter((i) => !i.baseline);
  if (withoutBaseline.length > 0) {
    lines.push(`Zet bij ${withoutBaseline.map((i) => i.input).join(', ')} de vastgestelde versie met haar protocol.md in \`document.geschiedenis\`; dan maakt build het wijzigingsoverzicht zelf.`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `check --impact`: for a set of schools, which documents a change of the clause library (or of
 * the answers) changes, and by how many articles, so a consultant knows which MRs to ask again.
 * Each school's new document is compared with the version its MR approved when the answers name
 * its Markdown (`document.geschiedenis`), else with the protocol.md on disk.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { jobError } from './school.js';
import { renderJob, type Job } from './job.js';
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
}

const names = (changes: readonly ItemChange[], status: ItemChange['status']) => changes.filter((c) => c.status === status).map(changeLabel);

export function impactOf(job: Job, library: Library, outDir: string): Impact {
  try {
    const doc = renderJob(job, library);
    const school = doc.protocol.school.naam;
    const raad = doc.protocol.document.raad || 'MR';
    const approved = doc.protocol.revision?.redlineAgainst;
    const file = approved?.protocolFile ?? path.join(outDir, doc.slug, 'protocol.md');
    const against = approved ? `vastgestelde versie ${approved.versie}` : displayPath(file);
    if (!existsSync(file)) return { school, input: job.label, raad, status: 'geen document', against };
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

/** The impact list for the terminal, ending with the MRs to ask again. */
export function impactReport(impacts: readonly Impact[]): string {
  const affected = impacts.filter((i) => i.status === 'gewijzigd');
  const unknown = impacts.filter((i) => i.status === 'geen document' || i.status === 'fout');
  const lines = [`Gevolgen voor ${plural(impacts.length, 'school', 'scholen')}:`, ...impacts.flatMap(impactLines), ''];
  if (unknown.length > 0) lines.push(`Niet vergeleken: ${unknown.map((i) => i.school).join(', ')}.`);
  if (affected.length === 0) {
    if (unknown.length < impacts.length) lines.push(`Geen ${unknown.length > 0 ? 'van de vergeleken protocollen' : 'enkel protocol'} verandert inhoudelijk; geen MR hoeft opnieuw in te stemmen.`);
  } else {
    lines.push(
      `${affected.length === impacts.length ? (impacts.length === 1 ? 'De school krijgt' : `Alle ${impacts.length} scholen krijgen`) : `${affected.length} van de ${impacts.length} scholen ${affected.length === 1 ? 'krijgt' : 'krijgen'}`} een ander protocol. Vraag opnieuw om instemming:`,
      ...affected.map((i) => `  ${i.school} (${i.raad ?? 'MR'}): ${plural((i.articles?.changed.length ?? 0) + (i.articles?.added.length ?? 0) + (i.articles?.removed.length ?? 0), 'artikel', 'artikelen')}${i.choices ? `, ${plural(i.choices, 'keuze', 'keuzes')}` : ''}`),
      'Een wijzigingsoverzicht per school: `schoolprotocol diff OUD NIEUW`, of zet de vastgestelde versie in `document.geschiedenis` en bouw opnieuw.',
    );
  }
  return `${lines.join('\n')}\n`;
}

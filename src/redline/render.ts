/**
 * The Wijzigingsoverzicht: a comparison as a document for the MR, in Markdown
 * (templates/wijzigingen.md.hbs), HTML (templates/wijzigingen.html.hbs, print CSS of the protocol
 * plus templates/wijzigingen.css) and PDF options. Texts from the documents arrive as Markdown
 * (escaped as in the protocol), so the Markdown view passes them on and the HTML view renders them.
 */
import path from 'node:path';
import type { PdfOptions } from '../render/pdf.js';
import { htmlTemplate, markdownToHtml, marked, stylesheet } from '../render/html.js';
import { markdownTemplate } from '../render/markdown.js';
import { tidyMarkdown, escapeMarkdown } from '../util/text.js';
import { isoFromLongDate, type DocItem, type ProtocolVersion } from './document.js';
import { MIN_SIMILARITY, type Comparison, type ItemChange } from './compare.js';
import { blocksMarkdown, inlineMarkdown } from './words.js';

export interface RedlineView {
  titel: string;
  school: string;
  intro: string;
  identical: boolean;
  meta: { label: string; was: string; wordt: string; changed: boolean }[];
  summary: string[];
  legend: string;
  choices: { prompt: string; was: string; wordt: string }[];
  articles: { status: string; heading: string; note: string; body: string; anchor: string }[];
  renumbered: { title: string; was: string; wordt: string }[];
  method: string[];
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Markdown to plain text: escapes and marks removed (for PDF metadata and footers). */
export function plainText(markdown: string): string {
  return markdown.replace(/<\/?(del|ins)>/g, '').replace(/\\([\s\S])/g, '$1');
}

/** "4.2 Titel", or "Inleiding van hoofdstuk 3 Titel"; `title` is the title to show (with its marks). */
function itemLabel(item: DocItem, title: string = item.title): string {
  return item.kind === 'intro' ? `Inleiding van hoofdstuk ${item.number} ${title}` : `${item.number}${title ? ` ${title}` : ''}`;
}

/** The item a change is about: the old one for a removed item, else the new one. */
function changedItem(change: ItemChange): DocItem | undefined {
  return change.status === 'vervallen' ? change.before : (change.after ?? change.before);
}

function heading(change: ItemChange): string {
  const item = changedItem(change);
  if (!item) return '';
  return change.status === 'vervallen' ? `<del>${itemLabel(item)}</del>` : itemLabel(item, inlineMarkdown(change.title));
}

function note(change: ItemChange): string {
  const intro = changedItem(change)?.kind === 'intro';
  switch (change.status) {
    case 'nieuw':
      return intro ? 'Nieuwe inleiding' : 'Nieuw artikel';
    case 'vervallen':
      return intro ? 'Inleiding vervalt' : 'Artikel vervalt';
    default:
      return change.before && change.after && change.before.number !== change.after.number && !intro
        ? `Gewijzigd, was artikel ${change.before.number}`
        : 'Gewijzigd';
  }
}

function names(changes: readonly ItemChange[]): string {
  return changes.map(changedItem).map((item) => (item ? itemLabel(item) : '')).join('; ');
}

/** A change's item in plain text for the terminal: "6.1 Mobiele telefoons". */
export function changeLabel(change: ItemChange): string {
  const item = changedItem(change);
  return item ? plainText(itemLabel(item)) : '';
}

function fileName(label: string): string {
  return escapeMarkdown(path.basename(label));
}

/** The council that consents, as the status line of the new version names it. */
function raadOf(version: ProtocolVersion): string {
  return /\bGMR\b/.test(version.meta.status) ? 'de gemeenschappelijke medezeggenschapsraad (GMR)' : 'de medezeggenschapsraad (MR)';
}

/** The view both templates fill in; all strings are Markdown. */
export function redlineView(comparison: Comparison): RedlineView {
  const { before, after, counts } = comparison;
  const school = after.meta.school || before.meta.school;
  const version = (v: ProtocolVersion) => `versie ${v.meta.versie || '?'}${v.meta.datum ? ` van ${v.meta.datum}` : ''}`;
  const by = (status: ItemChange['status']) => comparison.changes.filter((c) => c.status === status);
  const summary: string[] = [];
  const onlyArticles = by('gewijzigd').every((c) => c.after?.kind === 'article');
  if (counts.changed > 0) {
    summary.push(`${onlyArticles ? plural(counts.changed, 'artikel is', 'artikelen zijn') : plural(counts.changed, 'onderdeel is', 'onderdelen zijn')} gewijzigd: ${names(by('gewijzigd'))}.`);
  }
  if (counts.added > 0) summary.push(`${plural(counts.added, 'artikel is', 'artikelen zijn')} nieuw: ${names(by('nieuw'))}.`);
  if (counts.removed > 0) summary.push(`${plural(counts.removed, 'artikel vervalt', 'artikelen vervallen')}: ${names(by('vervallen'))} (oude nummers).`);
  if (counts.renumbered > 0) summary.push(`${plural(counts.renumbered, 'artikel heeft', 'artikelen hebben')} alleen een ander nummer gekregen; zie Nummering.`);
  if (counts.choices > 0) summary.push(`${plural(counts.choices, 'keuze is', 'keuzes zijn')} anders; zie Gewijzigde keuzes.`);

  const origin = (v: ProtocolVersion) => `${fileName(v.label)} (${v.origin === 'answers' ? 'antwoordbestand' : 'protocol in Markdown'})`;
  const method = [
    `Vergeleken zijn de vorige versie, ${origin(before)}, en de nieuwe versie, ${origin(after)}.`,
    comparison.matchedBy === 'clause'
      ? 'Beide versies zijn uit antwoorden opgebouwd; een artikel is in beide versies hetzelfde als het uit dezelfde bepaling van de bibliotheek komt.'
      : `Een artikel is in beide versies hetzelfde als het dezelfde titel heeft, of anders als minstens ${Math.round(MIN_SIMILARITY * 100)} procent van de woorden overeenkomt.`,
    'Binnen een artikel is woord voor woord vergeleken. Voorblad, inhoudsopgave, vaststelling en bronnen staan niet in dit overzicht; de gemaakte keuzes wel.',
  ];

  return {
    titel: 'Wijzigingsoverzicht',
    school,
    intro: `Dit overzicht laat zien wat er verandert in het protocol sociale media van ${school}: ${
      version(before) === version(after) ? `twee uitwerkingen van ${version(after)}` : `van ${version(before)} naar ${version(after)}`
    }. Het is bedoeld voor ${raadOf(after)}, die met de wijzigingen moet instemmen.`,
    identical: comparison.identical,
    meta: comparison.meta.map((row) => ({ ...row, was: row.was || '–', wordt: row.wordt || '–', changed: row.was !== row.wordt })),
    summary,
    legend: 'Zo leest u de artikelen hieronder: <del>doorgehaalde tekst</del> vervalt, <ins>onderstreepte tekst</ins> komt erbij. Van elk gewijzigd artikel staat de hele tekst er; artikelen die niet veranderen, staan er niet in.',
    choices: comparison.choices.map((c) => ({ prompt: c.prompt, was: c.was || '– (nieuwe vraag)', wordt: c.wordt || '– (vraag vervalt)' })),
    articles: comparison.changes
      .filter((c) => c.status !== 'hernummerd')
      .map((change, index) => ({
        status: change.status,
        heading: heading(change),
        note: note(change),
        body: blocksMarkdown(change.body),
        anchor: `wijziging-${index + 1}`,
      })),
    renumbered: by('hernummerd').map((c) => ({ title: c.after?.title ?? '', was: c.before?.number ?? '', wordt: c.after?.number ?? '' })),
    method,
  };
}

export function renderRedlineMarkdown(comparison: Comparison): string {
  const markdown = markdownTemplate('wijzigingen.md.hbs')(redlineView(comparison));
  return tidyMarkdown(markdown);
}

const inline = (markdown: string) => marked.parseInline(markdown, { async: false });

export function renderRedlineHtml(comparison: Comparison): string {
  const view = redlineView(comparison);
  return htmlTemplate('wijzigingen.html.hbs')({
    ...view,
    school: inline(view.school),
    intro: inline(view.intro),
    meta: view.meta.map((row) => ({ ...row, was: inline(row.was), wordt: inline(row.wordt) })),
    summary: view.summary.map(inline),
    legend: inline(view.legend),
    choices: view.choices.map((c) => ({ prompt: inline(c.prompt), was: inline(c.was), wordt: inline(c.wordt) })),
    articles: view.articles.map((a) => ({ ...a, heading: inline(a.heading), body: markdownToHtml(a.body).trim() })),
    renumbered: view.renumbered.map((r) => ({ ...r, title: inline(r.title) })),
    method: view.method.map(inline),
    css: `${stylesheet('base.css')}\n${stylesheet('print.css')}\n${stylesheet('wijzigingen.css')}`,
  });
}

/** How the redline's PDF is printed; `fallbackDate` when the new version's date cannot be read. */
export function redlinePdfOptions(comparison: Comparison, fallbackDate: string): PdfOptions {
  const school = plainText(comparison.after.meta.school || comparison.before.meta.school);
  const versions = `versie ${plainText(comparison.before.meta.versie)} → ${plainText(comparison.after.meta.versie)}`;
  return {
    title: `Wijzigingsoverzicht protocol sociale media – ${school}`,
    author: school,
    footer: `${school} · Wijzigingsoverzicht protocol sociale media · ${versions}`,
    date: isoFromLongDate(plainText(comparison.after.meta.datum)) ?? fallbackDate,
  };
}

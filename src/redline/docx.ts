/**
 * The Wijzigingsoverzicht as a Word document with tracked changes: the text is the new version,
 * all its articles, and every change since the old version is a Word revision (w:ins, w:del) by
 * the author "schoolprotocol" on the new version's date, word by word as in the Markdown redline.
 * The MR accepts or rejects each change in Word's review pane: accepting all gives the new
 * articles, rejecting all the old ones. Removed articles stand where they stood, deleted. A new
 * number is a revision too (the old number deleted, the new one inserted), and so is a changed
 * choice in the table of choices. A chapter's heading is a revision only when its title changes.
 * Imported only when a .docx is made.
 */
import { DeletedTextRun, HeadingLevel, InsertedTextRun, Paragraph, TextRun, type FileChild, type ParagraphChild } from 'docx';
import { marked } from 'marked';
import type { Token } from 'marked';
import { BULLETS, document, inlineMarkdown, markdownParagraphs, NUMBERS, packDocx, plainCell, STYLE, table, type CellSpec, type DocxProperties, type InlineContext } from '../render/docx.js';
import type { Comparison, ItemChange } from './compare.js';
import type { DocItem } from './document.js';
import { plainText, redlinePdfOptions, redlineView } from './render.js';
import { blocks as markdownBlocks, type Block, type Segment } from './words.js';

export const REVISION_AUTHOR = 'schoolprotocol';

/** Inline Markdown as plain text (the text of a revision is one run, without bold or italics). */
export function plainInline(markdown: string): string {
  const walk = (tokens: readonly Token[] | undefined): string =>
    (tokens ?? [])
      .map((t) => ('tokens' in t && t.tokens ? walk(t.tokens) : t.type === 'html' ? '' : 'text' in t && typeof t.text === 'string' ? t.text : ''))
      .join('');
  return walk(marked.Lexer.lexInline(markdown));
}

const STRONG = /(?<!\\)\*\*/g;

/** Hands out the revision ids of one document, with its author and date. */
class Revisions {
  private next = 1;
  constructor(private readonly date: string) {}
  mark() {
    return { id: this.next++, author: REVISION_AUTHOR, date: this.date };
  }
  ins(text: string): InsertedTextRun {
    return new InsertedTextRun({ ...this.mark(), text });
  }
  del(text: string): DeletedTextRun {
    return new DeletedTextRun({ ...this.mark(), text });
  }
}

/** A run of segments as paragraph children: unchanged text keeps its formatting, a change is one revision. */
function segmentRuns(segments: readonly Segment[], revisions: Revisions, context: InlineContext): ParagraphChild[] {
  // Bold that a change cuts in half is left out, as in the Markdown redline.
  const broken = segments.some((s) => s.op !== 'same' && (s.text.match(STRONG)?.length ?? 0) > 0) || (segments.map((s) => s.text).join('').match(STRONG)?.length ?? 0) % 2 === 1;
  const runs: ParagraphChild[] = [];
  for (const segment of segments) {
    const markdown = (broken ? segment.text.replace(STRONG, '') : segment.text).replace(/\n/g, ' ');
    const core = markdown.trim();
    if (/^\s/.test(markdown)) runs.push(space());
    if (segment.op === 'same') {
      // Spaces at either end would be lost by the Markdown parser: they are runs of their own.
      if (core) runs.push(...inlineMarkdown(core, context));
      if (core && /\s$/.test(markdown)) runs.push(space());
      continue;
    }
    const text = plainInline(core);
    // A space after a change belongs to it, so accepting or rejecting it leaves one space.
    if (text) runs.push(segment.op === 'ins' ? revisions.ins(/\s$/.test(markdown) ? `${text} ` : text) : revisions.del(/\s$/.test(markdown) ? `${text} ` : text));
    else if (/\s$/.test(markdown)) runs.push(space());
  }
  return mergeSpaces(runs);
}

/** Two plain spaces in a row (around a change) become one. */
function mergeSpaces(runs: ParagraphChild[]): ParagraphChild[] {
  return runs.filter((run, i) => !(isSpace(run) && (i === 0 || isSpace(runs[i - 1]))));
}
const spaces = new WeakSet<object>();
function isSpace(run: ParagraphChild | undefined): boolean {
  return run !== undefined && spaces.has(run);
}

/** A plain space run, known as such to mergeSpaces. */
function space(): TextRun {
  const run = new TextRun(' ');
  spaces.add(run);
  return run;
}

/** Whole-paragraph revisions: a paragraph that is only inserted or only deleted has its paragraph mark inserted or deleted too. */
function paragraphMark(segments: readonly Segment[], revisions: Revisions) {
  const ops = new Set(segments.filter((s) => s.text.trim()).map((s) => s.op));
  if (ops.size !== 1) return {};
  if (ops.has('ins')) return { run: { insertion: revisions.mark() } };
  if (ops.has('del')) return { run: { deletion: revisions.mark() } };
  return {};
}

function blockParagraphs(blocks: readonly Block[], revisions: Revisions, context: InlineContext): Paragraph[] {
  const lists = context.lists ?? { count: 0 };
  let instance = 0;
  let previous = '';
  return blocks.map((block) => {
    const marker = block.marker.trim();
    const level = Math.min(Math.floor((/^\s*/.exec(block.marker)?.[0].length ?? 0) / 2), 1);
    let numbering = {};
    if (marker) {
      const ordered = /^\d/.test(marker);
      if (ordered && !/^\d/.test(previous)) instance = ++lists.count;
      numbering = { numbering: ordered ? { reference: NUMBERS, level, instance } : { reference: BULLETS, level } };
    }
    previous = marker;
    return new Paragraph({ ...numbering, ...paragraphMark(block.segments, revisions), children: segmentRuns(block.segments, revisions, context) });
  });
}

/** The heading of an item: its number (a new number is a revision) and its title with its changes. */
function headingRuns(item: DocItem, change: ItemChange | undefined, revisions: Revisions, context: InlineContext): ParagraphChild[] {
  if (change?.status === 'nieuw') return [revisions.ins(plainText(`${item.number}${item.title ? ` ${plainInline(item.title)}` : ''}`))];
  if (change?.status === 'vervallen') return [revisions.del(plainText(`${item.number}${item.title ? ` ${plainInline(item.title)}` : ''}`))];
  const runs: ParagraphChild[] = [];
  const old = change?.before;
  if (old && old.number !== item.number) runs.push(revisions.del(old.number), revisions.ins(item.number));
  else runs.push(new TextRun(item.number));
  const title = change ? change.title : item.title ? [{ op: 'same' as const, text: item.title }] : [];
  if (title.length > 0) runs.push(space(), ...segmentRuns(title, revisions, context));
  return runs;
}

/** The articles of the new version in order, with each change where it belongs and removed items where they stood. */
export function itemsInOrder(comparison: Comparison): { item: DocItem; change?: ItemChange }[] {
  const result: { item: DocItem; change?: ItemChange }[] = [];
  const changes = comparison.changes;
  let at = 0;
  const removedHere = () => {
    while (changes[at]?.status === 'vervallen') {
      const change = changes[at++];
      if (change?.before) result.push({ item: change.before, change });
    }
  };
  for (const item of comparison.after.items) {
    removedHere();
    const change = changes[at]?.after === item ? changes[at++] : undefined;
    result.push({ item, ...(change && { change }) });
  }
  removedHere();
  return result;
}

function articles(comparison: Comparison, revisions: Revisions): FileChild[] {
  const numbers = new Set(comparison.after.items.filter((i) => i.kind === 'article').map((i) => i.number));
  const context: InlineContext = { articles: numbers, lists: { count: 0 } };
  const chapters = new Map(comparison.after.chapters.map((c) => [c.number, c.title]));
  const children: FileChild[] = [];
  let chapter = '';
  for (const { item, change } of itemsInOrder(comparison)) {
    const removed = change?.status === 'vervallen';
    const body = change ? change.body : bodyBlocks(item.text);
    if (item.kind === 'intro') {
      // A chapter's heading is a revision only when its title or number changes: an introduction
      // that is new or removed leaves the chapter itself where it was.
      if (!removed) {
        chapter = item.number;
        children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: headingRuns(item, change?.status === 'gewijzigd' ? change : undefined, revisions, context) }));
      }
      children.push(...blockParagraphs(body, revisions, context));
      continue;
    }
    const own = item.number.split('.')[0] ?? '';
    if (!removed && own !== chapter) {
      chapter = own;
      children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: inlineMarkdown(`${own} ${chapters.get(own) ?? ''}`.trim()) }));
    }
    const mark = change?.status === 'nieuw' ? { run: { insertion: revisions.mark() } } : removed ? { run: { deletion: revisions.mark() } } : {};
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, ...mark, children: headingRuns(item, change, revisions, context) }));
    children.push(...blockParagraphs(body, revisions, context));
  }
  return children;
}

/** An unchanged text as blocks of unchanged segments. */
function bodyBlocks(markdown: string): Block[] {
  return markdownBlocks(markdown).map((b) => ({ marker: b.marker, segments: [{ op: 'same', text: b.text }] }));
}

function choicesTable(comparison: Comparison, revisions: Revisions): FileChild[] {
  if (comparison.choices.length === 0) return [];
  const rows: CellSpec[][] = [
    [plainCell('Vraag'), plainCell('Keuze')],
    ...comparison.choices.map((c) => [
      { children: inlineMarkdown(c.prompt) },
      {
        children: [
          ...(c.was ? [revisions.del(plainInline(c.was))] : []),
          ...(c.was && c.wordt ? [space()] : []),
          ...(c.wordt ? [revisions.ins(plainInline(c.wordt))] : []),
        ],
      },
    ]),
  ];
  return [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Gewijzigde keuzes')] }), table(rows, { widths: [5, 5], header: true })];
}

/** wijzigingen.docx; `fallbackDate` (YYYY-MM-DD) when the new version's date cannot be read. */
export async function renderRedlineDocx(comparison: Comparison, fallbackDate: string): Promise<Uint8Array> {
  const view = redlineView(comparison);
  const pdf = redlinePdfOptions(comparison, fallbackDate);
  const revisions = new Revisions(`${pdf.date}T00:00:00Z`);
  const md = (markdown: string) => markdownParagraphs(markdown);
  const children: FileChild[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(view.titel)] }),
    new Paragraph({ style: STYLE.coverStatus, children: inlineMarkdown(`Protocol sociale media van ${view.school}`) }),
    ...md(view.intro),
    table(
      [[plainCell(''), plainCell('Was'), plainCell('Wordt')], ...view.meta.map((row) => [{ children: inlineMarkdown(row.label) }, { children: inlineMarkdown(row.was) }, { children: inlineMarkdown(row.wordt), bold: row.changed }])],
      { widths: [2, 4, 4], header: true },
    ),
  ];
  if (view.identical) {
    children.push(new Paragraph({ spacing: { before: 240 }, children: [new TextRun({ text: 'Er zijn geen wijzigingen.', bold: true }), new TextRun(' De artikelen en de gemaakte keuzes zijn in beide versies gelijk.')] }));
  } else {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Samenvatting')] }));
    // The numbers that changed are revisions in the headings here, not a table of their own.
    children.push(...md(view.summary.map((s) => `- ${s.replace('; zie Nummering.', ': het oude nummer staat doorgehaald in de kop.')}`).join('\n')));
    children.push(
      ...md(
        `In dit document staan alle artikelen van ${plainText(`versie ${comparison.after.meta.versie || '?'}`)}. Elke wijziging ten opzichte van ${plainText(`versie ${comparison.before.meta.versie || '?'}`)} is een bijgehouden wijziging van "${REVISION_AUTHOR}": doorgehaalde tekst vervalt, onderstreepte tekst komt erbij. In Word staan de wijzigingen onder **Controleren**; daar accepteert of weigert u elke wijziging apart. Wie alle wijzigingen accepteert, houdt de nieuwe tekst over; wie ze alle weigert, de vorige.`,
      ),
    );
    children.push(...choicesTable(comparison, revisions));
  }
  children.push(...articles(comparison, revisions));
  children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Over dit overzicht')] }));
  for (const line of view.method) children.push(...md(line));
  const properties: DocxProperties = { title: pdf.title, creator: pdf.author, date: pdf.date };
  return packDocx(document(properties, [{ children, footer: pdf.footer }], { trackRevisions: true }), properties);
}

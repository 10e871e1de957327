/**
 * The side of a comparison: one version of a protocol as its articles, chapter introductions,
 * choices and document data. Read from a built `protocol.md`, or made from answers by rendering
 * the protocol's Markdown and reading that back, so both kinds of input have exactly the same
 * text and escaping; from answers, each article also knows its clause id and each choice its
 * question id.
 */
import type { Protocol } from '../assemble/assemble.js';
import { inputError } from '../util/errors.js';

export interface DocItem {
  /** An article, or the introduction of a chapter. */
  kind: 'article' | 'intro';
  /** "4.2" for an article; the chapter number for an introduction. */
  number: string;
  /** Clause id (articles) or chapter id (introductions), when the document came from answers. */
  key?: string;
  /** Article title (Markdown, as in the document); for an introduction: its chapter's title. */
  title: string;
  /** Markdown body, as in the document. */
  text: string;
}

export interface DocChoice {
  /** Question id, when the document came from answers. */
  key?: string;
  /** Markdown, as in the Verantwoording. */
  prompt: string;
  answer: string;
}

export interface DocMeta {
  school: string;
  versie: string;
  /** "22 november 2026", as on the cover. */
  datum: string;
  status: string;
}

export interface ProtocolVersion {
  /** How the user named this input: a path. */
  label: string;
  origin: 'answers' | 'markdown';
  meta: DocMeta;
  items: DocItem[];
  choices: DocChoice[];
  /** Every chapter's number and title (Markdown), also of chapters without an introduction. */
  chapters: { number: string; title: string }[];
}

const CHAPTER = /^## (\d+) (.+)$/;
const ARTICLE = /^### (\d+\.\d+)(?: (.*))?$/;
const OTHER_H2 = /^## /;
const H3 = /^### (.+)$/;

/** Splits a Markdown table row into its cells; `\|` inside a cell stays. */
function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim());
}

/**
 * Reads a protocol as `schoolprotocol build` writes it (templates/protocol.md.hbs): chapters
 * `## 4 Titel`, articles `### 4.2 Titel`, the header table (Versie, Datum, Status) and the table
 * of choices in the appendix. Raw HTML in the text is neutralised: the result is shown again.
 */
export function parseProtocolMarkdown(markdown: string, label: string): ProtocolVersion {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const items: DocItem[] = [];
  const choices: DocChoice[] = [];
  const chapters: ProtocolVersion['chapters'] = [];
  const meta: DocMeta = { school: '', versie: '', datum: '', status: '' };
  let part: 'head' | 'chapters' | 'choices' | 'other' = 'head';
  let current: { item: DocItem; lines: string[] } | undefined;
  const close = () => {
    if (current) {
      current.item.text = neutralise(current.lines.join('\n').trim());
      if (current.item.kind === 'article' || current.item.text !== '') items.push(current.item);
    }
    current = undefined;
  };
  for (const line of lines) {
    const chapter = CHAPTER.exec(line);
    const article = ARTICLE.exec(line);
    if (chapter && part !== 'choices') {
      close();
      part = 'chapters';
      chapters.push({ number: chapter[1] ?? '', title: neutralise(chapter[2] ?? '') });
      current = { item: { kind: 'intro', number: chapter[1] ?? '', title: neutralise(chapter[2] ?? ''), text: '' }, lines: [] };
    } else if (article && part === 'chapters') {
      close();
      current = { item: { kind: 'article', number: article[1] ?? '', title: neutralise(article[2] ?? ''), text: '' }, lines: [] };
    } else if (OTHER_H2.test(line)) {
      close();
      part = part === 'head' && /^## Inhoud\s*$/.test(line) ? 'head' : 'other';
    } else if (H3.test(line) && part !== 'chapters') {
      part = /^### Gemaakte keuzes\s*$/.test(line) ? 'choices' : part === 'choices' ? 'other' : part;
    } else if (current) {
      current.lines.push(line);
    } else if (part === 'head') {
      const name = /^\*\*((?:\\[\s\S]|[^\\])+?)\*\*/.exec(line);
      if (name && !meta.school) meta.school = neutralise(name[1] ?? '');
      const row = line.startsWith('|') ? cells(line) : [];
      if (row[0] === 'Versie') meta.versie = neutralise(row[1] ?? '');
      if (row[0] === 'Datum') meta.datum = neutralise(row[1] ?? '');
      if (row[0] === 'Status') meta.status = neutralise(row[1] ?? '');
    } else if (part === 'choices' && line.startsWith('|')) {
      const [prompt = '', answer = ''] = cells(line);
      if (prompt === 'Vraag' || /^-+$/.test(prompt)) continue;
      choices.push({ prompt: neutralise(prompt), answer: neutralise(answer) });
    }
  }
  close();
  if (!items.some((i) => i.kind === 'article')) {
    throw inputError(`${label}: dit is geen protocol van schoolprotocol: er staan geen artikelen in (kopjes als "### 4.2 Titel"). Geef een protocol.md dat \`schoolprotocol build\` maakte, of een antwoordbestand.`);
  }
  return { label, origin: 'markdown', meta, items, choices, chapters };
}

/** The same document as read from its Markdown, with clause and question ids added. */
export function versionFromProtocol(protocol: Protocol, markdown: string, label: string): ProtocolVersion {
  const parsed = parseProtocolMarkdown(markdown, label);
  const keys = protocol.chapters.flatMap((chapter) => [
    ...(chapter.intro ? [{ kind: 'intro', key: chapter.id }] : []),
    ...chapter.articles.map((article) => ({ kind: 'article', key: article.clause })),
  ]);
  if (keys.length !== parsed.items.length || keys.some((k, i) => k.kind !== parsed.items[i]?.kind)) {
    throw new Error(`${label}: the rendered Markdown does not read back as the protocol it came from`);
  }
  const choiceKeys = protocol.choices.map((c) => c.question);
  return {
    ...parsed,
    origin: 'answers',
    items: parsed.items.map((item, i) => ({ ...item, key: keys[i]?.key ?? '' })),
    choices: parsed.choices.map((choice, i) => (choiceKeys.length === parsed.choices.length ? { ...choice, key: choiceKeys[i] ?? '' } : choice)),
  };
}

/** Raw HTML in a document read back is shown as text, never passed on as markup. */
function neutralise(markdown: string): string {
  return markdown.replace(/\\[\s\S]|</g, (match) => (match === '<' ? '\\<' : match));
}

/** "22 november 2026" → "2026-11-22"; undefined when it is not such a date. */
export function isoFromLongDate(text: string): string | undefined {
  const months = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
  const match = /^(\d{1,2}) ([a-z]+) (\d{4})$/.exec(text.trim());
  const month = match ? months.indexOf(match[2] ?? '') + 1 : 0;
  if (!match || month === 0) return undefined;
  return `${match[3]}-${String(month).padStart(2, '0')}-${(match[1] ?? '').padStart(2, '0')}`;
}

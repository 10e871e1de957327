/**
 * Writing answers as a commented YAML answers file a person can edit (init). A new file is written
 * whole; an existing file is edited in place, so the user's own comments, order and quoting stay
 * (`telefoon: inleveren  # besloten in teamvergadering`) and an unchanged answer is not touched.
 */
import { Document, isMap, isPair, isScalar, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq, type Pair } from 'yaml';
import type { Library, Question } from '../library/load.js';
import { currentSchema } from './migrate.js';
import { HISTORY_KEYS, SECTIONS, type HistoryEntry, type Values } from './schema.js';

export interface WriteOptions {
  extends?: string;
  history?: readonly HistoryEntry[];
  /** The command the header suggests, as the user starts the program and names the file: `schoolprotocol build mijnschool.yaml`. */
  buildCommand?: string;
}

const HEADER_START = ' Antwoorden voor schoolprotocol.';

function header(options: WriteOptions): string {
  return (
    `${HEADER_START} Pas ze aan en bouw opnieuw met:\n` +
    `   ${options.buildCommand ?? 'schoolprotocol build protocol.yaml'}\n` +
    ' Onder elke keuze staan de mogelijke waarden. Zie de README voor uitleg.'
  );
}

function questionComment(q: Question): string {
  const choices = q.choices?.map((c) => c.value).join(' | ');
  return ` ${q.prompt}${choices ? `\n ${q.type === 'multi' ? 'een lijst uit: ' : ''}${choices}` : ''}`;
}

function answerPair(doc: Document, q: Question, value: string | string[]): Pair {
  const node = doc.createPair(q.id, value);
  if (isPair(node) && isScalar(node.key)) node.key.commentBefore = questionComment(q);
  return node as Pair;
}

/** Writes answers as a commented YAML answers file a person can edit. */
export function serializeAnswers(library: Library, values: Values, options: WriteOptions = {}): string {
  const doc = new Document({});
  const root = doc.contents as YAMLMap;
  root.commentBefore = header(options);
  root.set('schema', currentSchema(library));
  if (options.extends) root.set('extends', options.extends);
  for (const section of SECTIONS) {
    const map = new YAMLMap();
    for (const q of library.questions.filter((q) => q.section === section)) {
      const value = values[q.id];
      if (value === undefined) continue;
      map.items.push(answerPair(doc, q, value));
    }
    if (section === 'document' && options.history && options.history.length > 0) {
      const entries = options.history.map((entry) => Object.fromEntries(HISTORY_KEYS.flatMap((key) => (entry[key as keyof HistoryEntry] === undefined ? [] : [[key, entry[key as keyof HistoryEntry]]]))));
      const node = doc.createPair('geschiedenis', entries);
      if (isPair(node) && isScalar(node.key)) node.key.commentBefore = ' Eerdere versies, oudste eerst. De laatste vastgestelde versie met `protocol:` (haar Markdown) krijgt een wijzigingsoverzicht.';
      map.items.push(node);
    }
    if (map.items.length > 0) root.set(section, map);
  }
  if (!isMap(doc.contents)) throw new Error('unexpected document shape');
  return doc.toString({ lineWidth: 0 });
}

const keyOf = (pair: Pair): unknown => (isScalar(pair.key) ? pair.key.value : pair.key);

function sameValue(node: unknown, value: string | string[]): boolean {
  if (Array.isArray(value)) return isSeq(node) && node.items.length === value.length && node.items.every((item, i) => isScalar(item) && String(item.value) === value[i]);
  return isScalar(node) && node.value !== null && String(node.value) === value;
}

/** Gives a pair a new value, keeping the comments on and after the old one. */
function setValue(doc: Document, pair: Pair, value: string | string[]): void {
  if (sameValue(pair.value, value)) return;
  const old = pair.value as Scalar | YAMLSeq | null;
  if (!Array.isArray(value) && isScalar(old)) {
    old.value = value;
    // An empty plain scalar would read as nothing at all; and a quoted one keeps its quotes.
    if (value === '' && (old.type === 'PLAIN' || old.type === undefined)) old.type = 'QUOTE_DOUBLE';
    return;
  }
  if (Array.isArray(value) && isSeq(old)) {
    old.items = value.map((v) => doc.createNode(v));
    return;
  }
  const node = doc.createNode(value) as Scalar | YAMLSeq;
  if (old && (isScalar(old) || isSeq(old))) {
    if (old.comment) node.comment = old.comment;
    if (old.commentBefore) node.commentBefore = old.commentBefore;
  }
  pair.value = node;
}

/**
 * Edits an existing answers file in place: changed answers get their new value, new answers are
 * added in question order with the usual comment, answers no longer given are removed; everything
 * else (the user's comments, `extends`, the history, quoting) stays as it was. Returns the text
 * unchanged when nothing changed.
 */
export function updateAnswers(text: string, library: Library, values: Values, options: WriteOptions = {}): string {
  const doc = parseDocument(text, { keepSourceTokens: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return serializeAnswers(library, values, options);
  const root = doc.contents as YAMLMap;
  let changed = false;
  // The header this program wrote names the command to build; keep it right for this file.
  if (options.buildCommand && root.commentBefore?.startsWith(HEADER_START) && root.commentBefore !== header(options)) {
    root.commentBefore = header(options);
    changed = true;
  }
  const schema = String(currentSchema(library));
  const schemaPair = root.items.find((p) => keyOf(p) === 'schema');
  if (!schemaPair) {
    root.items.unshift(doc.createPair('schema', currentSchema(library)) as Pair);
    changed = true;
  } else if (!sameValue(schemaPair.value, schema)) {
    if (isScalar(schemaPair.value)) schemaPair.value.value = currentSchema(library);
    else schemaPair.value = doc.createNode(currentSchema(library));
    changed = true;
  }
  for (const [sectionIndex, section] of SECTIONS.entries()) {
    const questions = library.questions.filter((q) => q.section === section);
    let pair = root.items.find((p) => keyOf(p) === section);
    if (!pair && !questions.some((q) => values[q.id] !== undefined)) continue;
    if (!pair || !isMap(pair.value)) {
      const map = new YAMLMap();
      if (pair) pair.value = map;
      else {
        pair = doc.createPair(section, map) as Pair;
        // After the sections that come before it, else at the end.
        const after = root.items.map((p, i) => [p, i] as const).filter(([p]) => SECTIONS.indexOf(keyOf(p) as (typeof SECTIONS)[number]) >= 0 && SECTIONS.indexOf(keyOf(p) as (typeof SECTIONS)[number]) < sectionIndex);
        root.items.splice((after[after.length - 1]?.[1] ?? root.items.length - 1) + 1, 0, pair);
        pair.value = map;
      }
      changed = true;
    }
    const map = pair.value as YAMLMap;
    // Keys that are no longer questions here (a file from an older schema: renamed or removed) go.
    const known = new Set([...questions.map((q) => q.id), ...(section === 'document' ? ['geschiedenis'] : [])]);
    const stale = map.items.filter((p) => !known.has(String(keyOf(p))));
    if (stale.length > 0) {
      map.items = map.items.filter((p) => !stale.includes(p));
      changed = true;
    }
    for (const [index, q] of questions.entries()) {
      const value = values[q.id];
      const existing = map.items.find((p) => keyOf(p) === q.id);
      if (value === undefined) {
        if (existing) {
          map.items.splice(map.items.indexOf(existing), 1);
          changed = true;
        }
        continue;
      }
      if (existing) {
        if (!sameValue(existing.value, value)) {
          setValue(doc, existing, value);
          changed = true;
        }
        continue;
      }
      // A new answer goes after the answer to the question before it, as a fresh file would have it.
      const before = new Set(questions.slice(0, index).map((b) => b.id));
      let at = 0;
      map.items.forEach((p, i) => {
        if (before.has(String(keyOf(p)))) at = i + 1;
      });
      map.items.splice(at, 0, answerPair(doc, q, value));
      changed = true;
    }
    if (map.items.length === 0) {
      root.items.splice(root.items.indexOf(pair), 1);
      changed = true;
    }
  }
  if (!changed) return text;
  return keepCommentGaps(text, doc.toString({ lineWidth: 0, indent: indentOf(text) }));
}

/** The indentation the user's file uses (2 when it has no indented line). */
function indentOf(text: string): number {
  const match = /^( +)\S/m.exec(text);
  const width = match?.[1]?.length ?? 2;
  return width >= 1 && width <= 8 ? width : 2;
}

/**
 * The yaml library writes one space before a comment at the end of a line; the user may have
 * lined comments up (`telefoon: inleveren  # besloten`). Puts back the space the user had before
 * each comment that is still there, on the line with the same key.
 */
function keepCommentGaps(before: string, after: string): string {
  const comment = /^(\s*(?:- )?)([^#\s][^#]*?)(\s+)(#.*)$/;
  const keyOf = (content: string) => /^([^:\s]+):/.exec(content)?.[1] ?? content;
  const gaps = new Map<string, string>();
  for (const line of before.split('\n')) {
    const m = comment.exec(line);
    if (m) gaps.set(`${keyOf(m[2] ?? '')}|${m[4]}`, m[3] ?? ' ');
  }
  return after
    .split('\n')
    .map((line) => {
      const m = comment.exec(line);
      if (!m) return line;
      const gap = gaps.get(`${keyOf(m[2] ?? '')}|${m[4]}`);
      return gap === undefined ? line : `${m[1]}${m[2]}${gap}${m[4]}`;
    })
    .join('\n');
}

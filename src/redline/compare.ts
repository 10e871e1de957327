/**
 * Compares two versions of a protocol: which articles are new, gone, changed (with a word-level
 * redline) or only renumbered, which choices changed, and the document data of both.
 *
 * Which article of the old version is which of the new one:
 * - When both versions come from answers files, every article knows its clause id: articles with
 *   the same clause id are the same article (a chapter introduction: the same chapter id).
 * - Otherwise (a built protocol.md has only headings and text), in three passes, each pairing
 *   only what earlier passes left: (1) same title and same text; (2) same title, the text most
 *   alike first, however much it changed (a title is what readers know an article by); (3) the
 *   rest by the share of words in common (Dice coefficient), most alike first, from half of the
 *   words up (MIN_SIMILARITY). What is still unpaired is removed or new.
 * Articles are kinds apart from chapter introductions, which pair by their chapter's title.
 */
import type { DocItem, ProtocolVersion } from './document.js';
import { memo } from '../util/text.js';
import { bagSimilarity, hasChanges, redlineBlocks, wordBag, wordSegments, type Block, type Segment, type WordBag } from './words.js';

export type ChangeStatus = 'gewijzigd' | 'nieuw' | 'vervallen' | 'hernummerd';

export interface ItemChange {
  status: ChangeStatus;
  before?: DocItem;
  after?: DocItem;
  /** The title with its changes (an unchanged title is one `same` segment). */
  title: Segment[];
  body: Block[];
}

export interface ChoiceChange {
  prompt: string;
  /** '' when the question was not in that version. */
  was: string;
  wordt: string;
}

export interface MetaRow {
  label: string;
  was: string;
  wordt: string;
}

export interface Comparison {
  before: ProtocolVersion;
  after: ProtocolVersion;
  matchedBy: 'clause' | 'similarity';
  /** Changed, new, removed and renumbered items, in the order of the new version (removed ones where they stood). */
  changes: ItemChange[];
  choices: ChoiceChange[];
  meta: MetaRow[];
  counts: { changed: number; added: number; removed: number; renumbered: number; choices: number };
  /** No article, introduction or choice differs (document data may). */
  identical: boolean;
}

/** From this share of common words up, two articles with different titles may be the same article. */
export const MIN_SIMILARITY = 0.5;

/**
 * Above this many candidate pairs in one pass, only pairs near each other in the documents' order
 * are compared (within WINDOW places of the leftovers), so that alignment stays linear in size.
 */
const MAX_PAIRS = 250_000;
const WINDOW = 40;

/** Similarity computations of the last matchItems call: the work alignment did (for tests). */
export let alignmentWork = 0;

/** Pairs items of two versions: index in `before` → index in `after`. Linear in practice, never quadratic on large inputs. */
export function matchItems(before: readonly DocItem[], after: readonly DocItem[], byKey: boolean): Map<number, number> {
  const pairs = new Map<number, number>();
  const taken = new Set<number>();
  alignmentWork = 0;
  const pair = (i: number, j: number) => {
    pairs.set(i, j);
    taken.add(j);
  };
  if (byKey) {
    const index = new Map(after.map((item, j) => [`${item.kind}:${item.key ?? ''}`, j]));
    before.forEach((item, i) => {
      const j = index.get(`${item.kind}:${item.key ?? ''}`);
      if (j !== undefined) pair(i, j);
    });
    return pairs;
  }
  // 1. Same title and same text, in order: by a table of the new version's items.
  const exact = new Map<string, number[]>();
  after.forEach((item, j) => {
    const key = `${item.kind}\u0000${item.title}\u0000${item.text}`;
    exact.set(key, [...(exact.get(key) ?? []), j]);
  });
  before.forEach((item, i) => {
    const j = exact.get(`${item.kind}\u0000${item.title}\u0000${item.text}`)?.shift();
    if (j !== undefined) pair(i, j);
  });
  // 2. Same (non-empty) title; 3. common words. Most alike first within each pass. Each text is
  // cut into words once.
  const bags = new Map<string, WordBag>();
  const bagOf = (text: string) => memo(bags, text, () => wordBag(text));
  const greedy = (groups: (item: DocItem) => string | undefined, accept: (score: number) => boolean) => {
    const left = new Map<string, number[]>();
    const right = new Map<string, number[]>();
    before.forEach((a, i) => {
      const key = pairs.has(i) ? undefined : groups(a);
      if (key !== undefined) left.set(key, [...(left.get(key) ?? []), i]);
    });
    after.forEach((b, j) => {
      const key = taken.has(j) ? undefined : groups(b);
      if (key !== undefined) right.set(key, [...(right.get(key) ?? []), j]);
    });
    const candidates: [number, number, number][] = [];
    for (const [key, is] of left) {
      const js = right.get(key) ?? [];
      const near = is.length * js.length > MAX_PAIRS;
      is.forEach((i, p) => {
        const from = near ? Math.max(0, Math.floor((p * js.length) / is.length) - WINDOW) : 0;
        const to = near ? Math.min(js.length, from + 2 * WINDOW + 1) : js.length;
        for (let q = from; q < to; q++) {
          const j = js[q] as number;
          const a = before[i] as DocItem;
          const b = after[j] as DocItem;
          alignmentWork++;
          const score = a.text === b.text ? 1 : bagSimilarity(bagOf(a.text), bagOf(b.text));
          if (accept(score)) candidates.push([i, j, score]);
        }
      });
    }
    candidates.sort((x, y) => y[2] - x[2] || x[0] - y[0] || x[1] - y[1]);
    for (const [i, j] of candidates) if (!pairs.has(i) && !taken.has(j)) pair(i, j);
  };
  greedy((item) => (item.title === '' ? undefined : `${item.kind}\u0000${item.title}`), () => true);
  greedy((item) => item.kind, (score) => score >= MIN_SIMILARITY);
  return pairs;
}

const whole = (op: Segment['op'], item: DocItem): ItemChange['body'] => redlineBlocks(op === 'del' ? item.text : '', op === 'ins' ? item.text : '');

function titleSegments(before: string, after: string): Segment[] {
  if (before === after) return before ? [{ op: 'same', text: before }] : [];
  return wordSegments(before, after);
}

export function compareVersions(before: ProtocolVersion, after: ProtocolVersion): Comparison {
  const byKey = before.origin === 'answers' && after.origin === 'answers';
  const pairs = matchItems(before.items, after.items, byKey);
  const matchedAfter = new Map([...pairs].map(([i, j]) => [j, i]));

  // Removed items go after the new position of the nearest earlier item that stayed.
  const removedAt = new Map<number, number[]>();
  let anchor = -1;
  before.items.forEach((_item, i) => {
    const j = pairs.get(i);
    if (j !== undefined) anchor = j;
    else removedAt.set(anchor, [...(removedAt.get(anchor) ?? []), i]);
  });

  const changes: ItemChange[] = [];
  const removed = (j: number) => {
    for (const i of removedAt.get(j) ?? []) {
      const item = before.items[i];
      if (item) changes.push({ status: 'vervallen', before: item, title: titleSegments(item.title, ''), body: whole('del', item) });
    }
  };
  removed(-1);
  after.items.forEach((item, j) => {
    const i = matchedAfter.get(j);
    const old = i === undefined ? undefined : before.items[i];
    if (!old) {
      changes.push({ status: 'nieuw', after: item, title: titleSegments('', item.title), body: whole('ins', item) });
    } else {
      const body = redlineBlocks(old.text, item.text);
      const title = titleSegments(old.title, item.title);
      if (hasChanges(body) || title.some((s) => s.op !== 'same')) changes.push({ status: 'gewijzigd', before: old, after: item, title, body });
      else if (item.kind === 'article' && old.number !== item.number) changes.push({ status: 'hernummerd', before: old, after: item, title, body });
    }
    removed(j);
  });

  const choices = compareChoices(before, after);
  const count = (status: ChangeStatus) => changes.filter((c) => c.status === status).length;
  const counts = { changed: count('gewijzigd'), added: count('nieuw'), removed: count('vervallen'), renumbered: count('hernummerd'), choices: choices.length };
  const rows: [string, keyof ProtocolVersion['meta']][] = [
    ['School', 'school'],
    ['Versie', 'versie'],
    ['Datum', 'datum'],
    ['Status', 'status'],
  ];
  return {
    before,
    after,
    matchedBy: byKey ? 'clause' : 'similarity',
    changes,
    choices,
    meta: rows.map(([label, key]) => ({ label, was: before.meta[key], wordt: after.meta[key] })),
    counts,
    identical: counts.changed + counts.added + counts.removed + counts.renumbered + counts.choices === 0,
  };
}

/** Changed answers, from the choices table: by question id when both sides know it, else by the question's wording. */
function compareChoices(before: ProtocolVersion, after: ProtocolVersion): ChoiceChange[] {
  const byKey = before.choices.every((c) => c.key) && after.choices.every((c) => c.key) && before.origin === 'answers' && after.origin === 'answers';
  const id = (c: { key?: string; prompt: string }) => (byKey ? (c.key ?? '') : c.prompt);
  const old = new Map(before.choices.map((c) => [id(c), c]));
  const result: ChoiceChange[] = [];
  const seen = new Set<string>();
  for (const choice of after.choices) {
    seen.add(id(choice));
    const was = old.get(id(choice));
    if (was?.answer !== choice.answer) result.push({ prompt: choice.prompt, was: was?.answer ?? '', wordt: choice.answer });
  }
  for (const choice of before.choices) if (!seen.has(id(choice))) result.push({ prompt: choice.prompt, was: choice.answer, wordt: '' });
  return result;
}

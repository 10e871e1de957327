/**
 * Word-level redline of two Markdown texts, with jsdiff. The texts are first cut into blocks
 * (paragraphs and list items) so that the marks never cross a paragraph or a list marker; blocks
 * are lined up with diffArrays, a changed block is compared word by word with diffWords. The
 * result is Markdown with <del> and <ins> (inline HTML, so a mark next to punctuation still
 * works, and GitHub and GitLab show it too).
 */
import { createRequire } from 'node:module';

/** The `diff` package, loaded when a redline or a check first compares texts. */
let diffPackage: typeof import('diff') | undefined;
const diff = () => (diffPackage ??= createRequire(import.meta.url)('diff') as typeof import('diff'));

export interface Segment {
  op: 'same' | 'del' | 'ins';
  text: string;
}

export interface Block {
  /** "- " or "1. " for a list item, '' for a paragraph. */
  marker: string;
  segments: Segment[];
}

interface SourceBlock {
  marker: string;
  text: string;
}

const LIST_ITEM = /^(\s*(?:[-*+]|\d+[.)]) )(.*)$/;

/** Cuts Markdown into paragraphs and list items; a continuation line stays with its block. */
export function blocks(markdown: string): SourceBlock[] {
  const result: SourceBlock[] = [];
  let open: SourceBlock | undefined;
  for (const line of markdown.split('\n')) {
    if (line.trim() === '') {
      open = undefined;
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      open = { marker: item[1] ?? '- ', text: item[2] ?? '' };
      result.push(open);
    } else if (open) {
      open.text += `\n${line.trim()}`;
    } else {
      open = { marker: '', text: line };
      result.push(open);
    }
  }
  return result;
}

/** The words of a text, counted: what `similarity` compares. */
export interface WordBag {
  counts: Map<string, number>;
  size: number;
}

export function wordBag(text: string): WordBag {
  const counts = new Map<string, number>();
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return { counts, size: words.length };
}

/** Share of words two bags have in common (Dice coefficient), 0 to 1. */
export function bagSimilarity(a: WordBag, b: WordBag): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.counts.size <= b.counts.size ? [a, b] : [b, a];
  let shared = 0;
  for (const [word, n] of small.counts) shared += Math.min(n, large.counts.get(word) ?? 0);
  return (2 * shared) / (a.size + b.size);
}

/** Share of words two texts have in common (Dice coefficient over the bags of words), 0 to 1. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  return bagSimilarity(wordBag(a), wordBag(b));
}

/** Below this share of common words two blocks count as different: one struck, one inserted. */
const SAME_BLOCK = 0.4;

/**
 * Markdown escapes (`\*`, `\<`) stay whole in the word diff: each is swapped for one character
 * from a private-use area before diffing and swapped back after.
 */
function protect(texts: readonly string[]): { encode: (s: string) => string; decode: (s: string) => string } {
  const table = new Map<string, string>();
  const back = new Map<string, string>();
  for (const text of texts) {
    for (const escape of text.match(/\\[\s\S]/g) ?? []) {
      if (!table.has(escape)) {
        const code = String.fromCodePoint(0xe000 + table.size);
        table.set(escape, code);
        back.set(code, escape);
      }
    }
  }
  return {
    encode: (s) => s.replace(/\\[\s\S]/g, (e) => table.get(e) ?? e),
    decode: (s) => s.replace(/[\ue000-\uf8ff]/g, (c) => back.get(c) ?? c),
  };
}

const wordCount = (text: string) => text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;

/**
 * Reads more easily: a short stretch of unchanged words between two changes that are at least as
 * long (counted in words) becomes part of the change, so a rewritten sentence reads as old
 * sentence struck, new sentence inserted, not as a confetti of single words. The same rule as
 * the semantic cleanup of diff-match-patch, applied to words.
 */
export function mergeSmallEqualities(segments: readonly Segment[]): Segment[] {
  type Run = { same: string } | { del: string; ins: string };
  const runs: Run[] = [];
  for (const s of segments) {
    const last = runs[runs.length - 1];
    if (s.op === 'same') runs.push({ same: s.text });
    else if (last && 'del' in last) last[s.op] += s.text;
    else runs.push(s.op === 'del' ? { del: s.text, ins: '' } : { del: '', ins: s.text });
  }
  const size = (run: Run | undefined) => (run && 'del' in run ? Math.max(wordCount(run.del), wordCount(run.ins)) : -1);
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 1; i < runs.length - 1; i++) {
      const run = runs[i];
      const before = runs[i - 1];
      const after = runs[i + 1];
      if (!run || !('same' in run) || !before || !after || !('del' in before) || !('del' in after)) continue;
      const words = wordCount(run.same);
      if (words > size(before) || words > size(after)) continue;
      runs.splice(i - 1, 3, { del: before.del + run.same + after.del, ins: before.ins + run.same + after.ins });
      changed = true;
    }
  }
  return runs.flatMap((run): Segment[] =>
    'same' in run
      ? [{ op: 'same', text: run.same }]
      : [...(run.del ? [{ op: 'del' as const, text: run.del }] : []), ...(run.ins ? [{ op: 'ins' as const, text: run.ins }] : [])],
  );
}

/** The word diff of two texts as segments. */
export function wordSegments(before: string, after: string): Segment[] {
  if (before === after) return before ? [{ op: 'same', text: before }] : [];
  const { encode, decode } = protect([before, after]);
  return mergeSmallEqualities(
    diff().diffWords(encode(before), encode(after)).map((change) => ({
      op: change.added ? 'ins' : change.removed ? 'del' : 'same',
      text: decode(change.value),
    })),
  );
}

/** Above this many pairs of blocks in one changed stretch, pairing is greedy in order (still linear per block). */
const MAX_ALIGN = 40_000;

/**
 * Which removed block becomes which added block: pairs (i, j) in increasing order of both, each
 * at least SAME_BLOCK alike, with the largest total similarity (a dynamic programme as for the
 * longest common subsequence). Very long stretches fall back to pairing in order.
 */
export function alignBlocks(removed: readonly { text: string }[], added: readonly { text: string }[]): [number, number][] {
  const n = removed.length;
  const m = added.length;
  if (n === 0 || m === 0) return [];
  if (n * m > MAX_ALIGN) {
    const pairs: [number, number][] = [];
    let next = 0;
    removed.forEach((old, i) => {
      for (let j = next; j < Math.min(m, next + 20); j++) {
        if (similarity(old.text, added[j]?.text ?? '') >= SAME_BLOCK) {
          pairs.push([i, j]);
          next = j + 1;
          return;
        }
      }
    });
    return pairs;
  }
  const sim = removed.map((old) => added.map((fresh) => similarity(old.text, fresh.text)));
  // best[i][j]: the best total for removed[i..] and added[j..].
  const best = Array.from({ length: n + 1 }, () => new Float64Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      const s = sim[i]?.[j] ?? 0;
      const take = s >= SAME_BLOCK ? s + (best[i + 1]?.[j + 1] ?? 0) : -1;
      (best[i] as Float64Array)[j] = Math.max(take, best[i + 1]?.[j] ?? 0, best[i]?.[j + 1] ?? 0);
    }
  }
  const pairs: [number, number][] = [];
  for (let i = 0, j = 0; i < n && j < m; ) {
    const s = sim[i]?.[j] ?? 0;
    const here = best[i]?.[j] ?? 0;
    if (s >= SAME_BLOCK && Math.abs(here - (s + (best[i + 1]?.[j + 1] ?? 0))) < 1e-12) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (Math.abs(here - (best[i + 1]?.[j] ?? 0)) < 1e-12) i++;
    else j++;
  }
  return pairs;
}

/** The redline of two Markdown texts, block by block. */
export function redlineBlocks(before: string, after: string): Block[] {
  const left = blocks(before);
  const right = blocks(after);
  const key = (b: SourceBlock) => `${b.marker.trim()}\u0000${b.text}`;
  const result: Block[] = [];
  let removed: SourceBlock[] = [];
  let added: SourceBlock[] = [];
  const flush = () => {
    // Pair removed and added blocks by how alike they are, keeping their order (the pairing with
    // the most common words in total), so a bullet that hardly changed is shown changed, not struck
    // and inserted again beside a new one.
    const matched = alignBlocks(removed, added);
    let i = 0;
    let j = 0;
    for (const [pi, pj] of [...matched, [removed.length, added.length] as const]) {
      for (; i < pi; i++) {
        const old = removed[i] as SourceBlock;
        result.push({ marker: old.marker, segments: [{ op: 'del', text: old.text }] });
      }
      for (; j < pj; j++) {
        const fresh = added[j] as SourceBlock;
        result.push({ marker: fresh.marker, segments: [{ op: 'ins', text: fresh.text }] });
      }
      const old = removed[pi];
      const fresh = added[pj];
      if (old && fresh) result.push({ marker: fresh.marker, segments: wordSegments(old.text, fresh.text) });
      i = pi + 1;
      j = pj + 1;
    }
    removed = [];
    added = [];
  };
  const leftKeys = left.map(key);
  const rightKeys = right.map(key);
  let i = 0;
  let j = 0;
  for (const change of diff().diffArrays(leftKeys, rightKeys)) {
    const count = change.value.length;
    if (change.removed) {
      removed.push(...left.slice(i, i + count));
      i += count;
    } else if (change.added) {
      added.push(...right.slice(j, j + count));
      j += count;
    } else {
      flush();
      for (const block of right.slice(j, j + count)) result.push({ marker: block.marker, segments: [{ op: 'same', text: block.text }] });
      i += count;
      j += count;
    }
  }
  flush();
  return result;
}

/** Wraps changed text in <del> or <ins>; spaces at either end stay outside the mark. */
function mark(segment: Segment): string {
  if (segment.op === 'same') return segment.text;
  const match = /^(\s*)([\s\S]*?)(\s*)$/.exec(segment.text);
  const [, lead = '', core = '', trail = ''] = match ?? [];
  if (core === '') return segment.text;
  const tag = segment.op === 'del' ? 'del' : 'ins';
  return `${lead}<${tag}>${core}</${tag}>${trail}`;
}

const STRONG = /(?<!\\)\*\*/g;
const strongCount = (text: string) => text.match(STRONG)?.length ?? 0;

/** One line of redline Markdown. Bold that a mark would cut in half is left out of that line. */
export function inlineMarkdown(segments: readonly Segment[]): string {
  const text = segments.map(mark).join('');
  const broken = strongCount(text) % 2 === 1 || segments.some((s) => s.op !== 'same' && strongCount(s.text) > 0);
  return broken ? segments.map((s) => mark({ ...s, text: s.text.replace(STRONG, '') })).join('') : text;
}

/** Redline blocks as Markdown: list items on consecutive lines, paragraphs apart. */
export function blocksMarkdown(list: readonly Block[]): string {
  let out = '';
  list.forEach((block, index) => {
    const previous = list[index - 1];
    if (previous) out += previous.marker && block.marker ? '\n' : '\n\n';
    out += block.marker + inlineMarkdown(block.segments);
  });
  return out;
}

/** Whether any block has a change. */
export function hasChanges(list: readonly Block[]): boolean {
  return list.some((b) => b.segments.some((s) => s.op !== 'same'));
}

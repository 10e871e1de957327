/** Small text helpers for Dutch output. */

/** Joins items the Dutch way: "a", "a en b", "a, b en c". */
export function dutchList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} en ${items[items.length - 1]}`;
}

/** Collapses any run of whitespace, line breaks included, to one space. */
export function oneLine(value: string): string {
  // Most values are one line already: no whitespace but single spaces between words.
  if (!/[^\S ]|  |^ | $/.test(value)) return value;
  return value.replace(/\s+/g, ' ').trim();
}

const MARKDOWN_SYNTAX = /[\\`*_{}[\]<>#|~&!]/;
const MARKDOWN_SYNTAX_ALL = new RegExp(MARKDOWN_SYNTAX.source, 'g');

/**
 * Escapes free text so that Markdown shows it literally, wherever it is placed: characters that
 * Markdown or inline HTML read as syntax get a backslash (CommonMark allows this for all ASCII
 * punctuation), and so does a start that would open a list. Line breaks become spaces.
 */
export function escapeMarkdown(value: string): string {
  const line = oneLine(value);
  return (MARKDOWN_SYNTAX.test(line) ? line.replace(MARKDOWN_SYNTAX_ALL, (ch) => `\\${ch}`) : line)
    .replace(/^([-+](?=\s|$)|\d+(?=[.)](\s|$)))/, (start) => (/^\d/.test(start) ? `${start}\\` : `\\${start}`));
}

/** Every run of three or more line breaks becomes one blank line (a template's optional parts leave them). */
export function collapseBlankLines(text: string): string {
  let from = 0;
  let out = '';
  for (let at = text.indexOf('\n\n\n'); at !== -1; at = text.indexOf('\n\n\n', from)) {
    let end = at + 3;
    while (text.charCodeAt(end) === 10) end++;
    out += `${text.slice(from, at)}\n\n`;
    from = end;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * A template's Markdown as written to its file: runs of blank lines collapsed, no white space at
 * the start or end, one line break at the end. The text comes from Handlebars as a chain of
 * thousands of pieces, which the search for blank lines joins into one string; when trimming
 * would change nothing (the companion documents' templates end on text), that string is returned itself, so that writing it does not
 * copy all of it once more. The protocol goes through tidyMarkdownBytes: its template ends on a
 * blank line.
 */
export function tidyMarkdown(text: string): string {
  const collapsed = collapseBlankLines(text);
  const tidy = !/^\s/.test(collapsed) && /^\S\n$/.test(collapsed.slice(-2));
  return tidy ? collapsed : `${collapsed.trim()}\n`;
}

/**
 * Byte strings: a string that holds a text's UTF-8 bytes, one character per byte (Node's 'latin1'
 * encoding). The protocol's Markdown is rendered as one (render/markdown.ts): its few characters
 * beyond Latin-1 (… ☐ –) would make the whole document a string of two bytes per character,
 * 166 KB instead of 83, which V8 keeps in a space of its own (a memory mapping per document)
 * and which must be encoded again to be written. A byte string is written as it is.
 */
const byteStringsMade = new Map<string, string>();
const NON_ASCII = /[^\0-\x7f]/;

/** The byte string of a text: itself when it is ASCII, else its UTF-8 bytes (remembered: most are the library's own texts). */
export function byteString(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  let bytes = byteStringsMade.get(text);
  if (bytes === undefined) {
    if (byteStringsMade.size >= 20_000) byteStringsMade.clear();
    bytes = Buffer.from(text, 'utf8').toString('latin1');
    byteStringsMade.set(text, bytes);
  }
  return bytes;
}

/** A copy of a template's view (plain objects, arrays, strings, numbers, booleans) with every string a byte string. */
export function byteStrings<T>(value: T): T {
  if (typeof value === 'string') return byteString(value) as T;
  if (Array.isArray(value)) return value.map(byteStrings) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) copy[key] = byteStrings((value as Record<string, unknown>)[key]);
    return copy as T;
  }
  return value;
}

const isAsciiSpace = (code: number) => code === 32 || (code >= 9 && code <= 13);

/** Whether a UTF-16 code unit is white space as `\s` in a regular expression means it (ECMAScript's WhiteSpace and LineTerminator). */
export function isSpaceCode(code: number): boolean {
  if (code < 0x80) return isAsciiSpace(code);
  return code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;
}

/**
 * Whether the text holds text, white space and then a `#` followed by text: what /\S\s+#\S/ tests,
 * looked for from each `#` instead of at every position (an answers file of 7 KB with a hundred
 * comment lines: 1-2 µs instead of 15).
 */
export function hasSpacedHash(text: string): boolean {
  for (let at = text.indexOf('#', 2); at !== -1; at = text.indexOf('#', at + 1)) {
    if (at + 1 >= text.length || isSpaceCode(text.charCodeAt(at + 1))) continue;
    let before = at - 1;
    while (before >= 0 && isSpaceCode(text.charCodeAt(before))) before--;
    if (before >= 0 && before < at - 1) return true;
  }
  return false;
}

/**
 * tidyMarkdown for a byte string, as the file's bytes: the same bytes as tidyMarkdown of the
 * text (a property test holds it to that). A line break is one byte that no other character's
 * bytes contain, so blank lines collapse alike. Trimming takes only ASCII white space off; when
 * the text starts or ends with another character (which may be white space, such as a no-break
 * space), the text is decoded and tidied as text.
 */
export function tidyMarkdownBytes(bytes: string): Buffer {
  const collapsed = collapseBlankLines(bytes);
  let end = collapsed.length;
  while (end > 0 && isAsciiSpace(collapsed.charCodeAt(end - 1))) end--;
  let start = 0;
  while (start < end && isAsciiSpace(collapsed.charCodeAt(start))) start++;
  if (start < end && (collapsed.charCodeAt(start) >= 0x80 || collapsed.charCodeAt(end - 1) >= 0x80)) {
    return Buffer.from(tidyMarkdown(Buffer.from(collapsed, 'latin1').toString('utf8')), 'utf8');
  }
  return Buffer.from(`${collapsed.slice(start, end)}\n`, 'latin1');
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Returns the candidate closest to `input` when it is close enough to be a likely typo. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = levenshtein(input.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  const limit = Math.max(2, Math.floor(input.length / 3));
  return bestDistance <= limit ? best : undefined;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(current[j - 1]! + 1, previous[j]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Returns the cached value for `key`, making and caching it on first use (a Map, or a WeakMap keyed by an object). */
export function memo<K, V>(cache: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, make: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = make();
  cache.set(key, value);
  return value;
}

/**
 * Wraps text to `width` columns at spaces, never inside a word; every line starts with `indent`.
 * Existing line breaks are kept. A word longer than the width gets a line of its own.
 */
export function wrapText(text: string, width: number, indent = ''): string {
  const room = Math.max(20, width - indent.length);
  return text
    .split('\n')
    .map((paragraph) => {
      const lines: string[] = [];
      let line = '';
      for (const word of paragraph.split(/ +/)) {
        if (line !== '' && line.length + 1 + word.length > room) {
          lines.push(line);
          line = word;
        } else line = line === '' ? word : `${line} ${word}`;
      }
      lines.push(line);
      return lines.map((l) => `${indent}${l}`.trimEnd()).join('\n');
    })
    .join('\n');
}

let collator: Intl.Collator | undefined;

/**
 * Compares names the way people sort them: "school 2" before "school 10". The collator is made at
 * the first comparison, not when this module loads: loading ICU's Dutch collation data takes
 * 15-20 ms, which `--help` and every command that sorts nothing would pay.
 */
export function naturalCompare(a: string, b: string): number {
  collator ??= new Intl.Collator('nl', { numeric: true, sensitivity: 'base' });
  return collator.compare(a, b);
}

/**
 * PDF files at the byte level, for the PDFs Chromium (Skia) writes: one classic cross-reference
 * table, objects one after the other, no object streams, no encryption. Reads what the build and
 * `check` need (the page count, the page of each named destination, the document information)
 * and finishes a printed PDF (document information, fixed dates, opening with the bookmarks shown,
 * structure ids renumbered, a digest of the bytes) without loading the whole document into an
 * object model: a few milliseconds instead of pdf-lib's few hundred. A file not laid out as
 * expected gives `undefined`, and the caller falls back to pdf-lib (see pdf.ts).
 */
import { createHash } from 'node:crypto';
import { FINGERPRINT_KEY } from './fingerprint.js';

export type PdfValue = number | boolean | null | string | PdfName | PdfRef | PdfValue[] | PdfDict;
export class PdfName {
  constructor(readonly name: string) {}
}
export class PdfRef {
  constructor(readonly num: number) {}
}
export class PdfDict {
  constructor(readonly entries: Map<string, PdfValue>) {}
  get(key: string): PdfValue | undefined {
    return this.entries.get(key);
  }
}

/** Parses one PDF value from latin1 text (strings are decoded to text: PDFDocEncoding as latin1, UTF-16BE with its mark). */
class Parser {
  pos = 0;
  constructor(private readonly s: string) {}

  private skip(): void {
    for (;;) {
      const c = this.s.charCodeAt(this.pos);
      if (c === 0x25) {
        while (this.pos < this.s.length && this.s[this.pos] !== '\n' && this.s[this.pos] !== '\r') this.pos++;
      } else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00) this.pos++;
      else return;
    }
  }

  value(): PdfValue {
    this.skip();
    const s = this.s;
    const c = s[this.pos];
    if (c === undefined) throw new Error('end of data');
    if (c === '<' && s[this.pos + 1] === '<') {
      this.pos += 2;
      const entries = new Map<string, PdfValue>();
      for (;;) {
        this.skip();
        if (s.startsWith('>>', this.pos)) {
          this.pos += 2;
          return new PdfDict(entries);
        }
        const key = this.value();
        if (!(key instanceof PdfName)) throw new Error('dictionary key is not a name');
        entries.set(key.name, this.value());
      }
    }
    if (c === '[') {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skip();
        if (s[this.pos] === ']') {
          this.pos++;
          return items;
        }
        if (this.pos >= s.length) throw new Error('unterminated array');
        items.push(this.value());
      }
    }
    if (c === '/') {
      const m = /^\/[^\s/<>[\]()%{}]*/.exec(s.slice(this.pos, this.pos + 256));
      const raw = m?.[0] ?? '/';
      this.pos += raw.length;
      return new PdfName(raw.slice(1).replace(/#([0-9a-fA-F]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))));
    }
    if (c === '(') return decodeText(this.literal());
    if (c === '<') {
      const end = s.indexOf('>', this.pos);
      if (end < 0) throw new Error('unterminated hex string');
      const hex = s.slice(this.pos + 1, end).replace(/\s+/g, '');
      this.pos = end + 1;
      let bytes = '';
      for (let i = 0; i < hex.length; i += 2) bytes += String.fromCharCode(parseInt(hex.slice(i, i + 2).padEnd(2, '0'), 16));
      return decodeText(bytes);
    }
    const m = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:\s+(\d+)\s+R(?![A-Za-z]))?|true|false|null)/.exec(s.slice(this.pos, this.pos + 64));
    if (!m) throw new Error(`unexpected "${c}"`);
    this.pos += m[0].length;
    if (m[0] === 'true') return true;
    if (m[0] === 'false') return false;
    if (m[0] === 'null') return null;
    if (m[1] !== undefined) return new PdfRef(parseInt(m[0], 10));
    return Number(m[0]);
  }

  /** A literal string's bytes, escapes resolved. */
  private literal(): string {
    const s = this.s;
    let depth = 0;
    let out = '';
    for (this.pos++; this.pos < s.length; this.pos++) {
      const ch = s[this.pos] as string;
      if (ch === '\\') {
        const next = s[++this.pos] ?? '';
        const octal = /^[0-7]{1,3}/.exec(s.slice(this.pos, this.pos + 3));
        if (octal) {
          out += String.fromCharCode(parseInt(octal[0], 8) & 0xff);
          this.pos += octal[0].length - 1;
        } else if (next === '\r' || next === '\n') {
          if (next === '\r' && s[this.pos + 1] === '\n') this.pos++;
        } else out += { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' }[next] ?? next;
      } else if (ch === '(') {
        depth++;
        out += ch;
      } else if (ch === ')') {
        if (depth === 0) {
          this.pos++;
          return out;
        }
        depth--;
        out += ch;
      } else out += ch;
    }
    throw new Error('unterminated string');
  }
}

function decodeText(bytes: string): string {
  if (bytes.startsWith('\xfe\xff')) {
    let out = '';
    for (let i = 2; i + 1 < bytes.length; i += 2) out += String.fromCharCode((bytes.charCodeAt(i) << 8) | bytes.charCodeAt(i + 1));
    return out;
  }
  return bytes;
}

export function parseValue(text: string): PdfValue {
  return new Parser(text).value();
}

interface Layout {
  /** The file as latin1 text (one character per byte). */
  text: string;
  /** Byte offset of each object in use, by object number. */
  offsets: Map<number, number>;
  /** Where the cross-reference table starts. */
  xref: number;
  trailer: PdfDict;
  /** The trailer dictionary's text, to write back unchanged. */
  trailerText: string;
  size: number;
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/** The cross-reference table and trailer, or undefined when the file is not one classic table and trailer. */
export function readLayout(bytes: Uint8Array): Layout | undefined {
  const text = latin1(bytes);
  if (!text.startsWith('%PDF-')) return undefined;
  const tail = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text.slice(-64));
  if (!tail) return undefined;
  const xref = Number(tail[1]);
  const head = /^xref\r?\n0 (\d+)\r?\n/.exec(text.slice(xref, xref + 32));
  if (!head) return undefined;
  const size = Number(head[1]);
  const tableStart = xref + head[0].length;
  const table = text.slice(tableStart, tableStart + size * 20);
  if (table.length !== size * 20) return undefined;
  const offsets = new Map<number, number>();
  for (let i = 0; i < size; i++) {
    const entry = table.slice(i * 20, i * 20 + 20);
    const m = /^(\d{10}) (\d{5}) ([nf])(?: \r| \n|\r\n)$/.exec(entry);
    if (!m) return undefined;
    if (m[3] === 'n') {
      if (m[2] !== '00000') return undefined;
      offsets.set(i, Number(m[1]));
    } else if (i !== 0) return undefined;
  }
  const after = text.slice(tableStart + size * 20);
  const trailerMatch = /^\s*trailer\s*(<<[\s\S]*?>>)\s*startxref/.exec(after);
  if (!trailerMatch?.[1]) return undefined;
  let trailer: PdfValue;
  try {
    trailer = parseValue(trailerMatch[1]);
  } catch {
    return undefined;
  }
  if (!(trailer instanceof PdfDict) || trailer.get('Encrypt') !== undefined || trailer.get('Prev') !== undefined) return undefined;
  if (!(trailer.get('Root') instanceof PdfRef) || trailer.get('Size') !== size) return undefined;
  for (const [num, offset] of offsets) if (!text.startsWith(`${num} 0 obj`, offset)) return undefined;
  return { text, offsets, xref, trailer, trailerText: trailerMatch[1], size };
}

/** Object spans in file order: number, start and end (the next object's start, or the table's). */
function spans(layout: Layout): { num: number; start: number; end: number }[] {
  const sorted = [...layout.offsets].sort((a, b) => a[1] - b[1]);
  return sorted.map(([num, start], i) => ({ num, start, end: sorted[i + 1]?.[1] ?? layout.xref }));
}

/** The dictionary (or other value) of an object: for a stream, its dictionary. */
function objectValue(layout: Layout, num: number): PdfValue | undefined {
  const offset = layout.offsets.get(num);
  if (offset === undefined) return undefined;
  const header = `${num} 0 obj`;
  try {
    return new Parser(layout.text.slice(offset + header.length, nextObjectStart(layout, offset))).value();
  } catch {
    return undefined;
  }
}

const endCache = new WeakMap<Layout, number[]>();
function nextObjectStart(layout: Layout, offset: number): number {
  let starts = endCache.get(layout);
  if (!starts) {
    starts = [...layout.offsets.values(), layout.xref].sort((a, b) => a - b);
    endCache.set(layout, starts);
  }
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid + 1;
    else hi = mid;
  }
  return starts[lo] as number;
}

function resolve(layout: Layout, value: PdfValue | undefined): PdfValue | undefined {
  return value instanceof PdfRef ? objectValue(layout, value.num) : value;
}

/** The page objects in order (object numbers), or undefined for a broken page tree. */
function pageList(layout: Layout): number[] | undefined {
  const catalog = resolve(layout, layout.trailer.get('Root'));
  if (!(catalog instanceof PdfDict)) return undefined;
  const root = catalog.get('Pages');
  if (!(root instanceof PdfRef)) return undefined;
  const pages: number[] = [];
  const seen = new Set<number>();
  const walk = (ref: PdfRef): boolean => {
    if (seen.has(ref.num) || seen.size > 100_000) return false;
    seen.add(ref.num);
    const node = objectValue(layout, ref.num);
    if (!(node instanceof PdfDict)) return false;
    const type = node.get('Type');
    if (type instanceof PdfName && type.name === 'Page') {
      pages.push(ref.num);
      return true;
    }
    const kids = node.get('Kids');
    if (!Array.isArray(kids)) return false;
    return kids.every((kid) => kid instanceof PdfRef && walk(kid));
  };
  return walk(root) ? pages : undefined;
}

/** What `check` and the build read from a PDF file. */
export interface PdfSummary {
  pages: number;
  info: Map<string, PdfValue>;
}

/** Parses the layout, page tree and document information; undefined when the file is not a readable PDF of this kind. */
export function summarize(bytes: Uint8Array): PdfSummary | undefined {
  const layout = readLayout(bytes);
  if (!layout) return undefined;
  const pages = pageList(layout);
  const info = resolve(layout, layout.trailer.get('Info'));
  if (!pages || pages.length === 0) return undefined;
  return { pages: pages.length, info: info instanceof PdfDict ? info.entries : new Map() };
}

/** The 1-based page of every named destination (the targets of internal links); undefined when the file cannot be read. */
export function destinationPages(bytes: Uint8Array): Map<string, number> | undefined {
  const layout = readLayout(bytes);
  if (!layout) return undefined;
  const pages = pageList(layout);
  const catalog = resolve(layout, layout.trailer.get('Root'));
  if (!pages || !(catalog instanceof PdfDict)) return undefined;
  const pageNumbers = new Map(pages.map((num, i) => [num, i + 1]));
  const result = new Map<string, number>();
  const dests = resolve(layout, catalog.get('Dests'));
  if (dests === undefined) return result;
  if (!(dests instanceof PdfDict)) return undefined;
  for (const [name, value] of dests.entries) {
    let target = resolve(layout, value);
    if (target instanceof PdfDict) target = resolve(layout, target.get('D'));
    const page = Array.isArray(target) ? target[0] : undefined;
    const number = page instanceof PdfRef ? pageNumbers.get(page.num) : undefined;
    if (number !== undefined) result.set(name, number);
  }
  return result;
}

/** PDF text string: literal with escapes for plain ASCII, UTF-16BE hex otherwise (as pdf-lib writes it). */
function textString(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return `(${value.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  let hex = 'FEFF';
  for (let i = 0; i < value.length; i++) hex += value.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

/** D:YYYYMMDDHHmmSSZ */
function pdfDate(date: Date): string {
  const iso = date.toISOString();
  return `(D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z)`;
}

export const DIGEST_KEY = 'SchoolprotocolDigest';
const DIGEST_PLACEHOLDER = `sha256:${'0'.repeat(64)}`;
const DIGEST_PATTERN = new RegExp(`/${DIGEST_KEY} \\((sha256:[0-9a-f]{64})\\)`);

/** The digest of a PDF's bytes with its own digest value zeroed; written into the PDF by `finishPdf`. */
function digestOf(text: string, at: number): string {
  const zeroed = text.slice(0, at) + DIGEST_PLACEHOLDER + text.slice(at + DIGEST_PLACEHOLDER.length);
  return `sha256:${createHash('sha256').update(zeroed, 'latin1').digest('hex')}`;
}

/**
 * Whether a PDF's bytes are exactly those the build wrote: the stored digest matches the bytes.
 * A PDF without a digest (or with two) is not.
 */
export function digestMatches(bytes: Uint8Array): boolean {
  const text = latin1(bytes);
  const found = DIGEST_PATTERN.exec(text);
  if (!found?.[1]) return false;
  if (text.indexOf(`/${DIGEST_KEY} `, found.index + 1) >= 0) return false;
  const at = found.index + found[0].indexOf('(') + 1;
  return digestOf(text, at) === found[1];
}

export interface FinishOptions {
  title: string;
  author: string;
  date: Date;
  fingerprint?: string;
  producer: string;
}

const NODE_ID = /\((node\d+)\)/g;

/**
 * Finishes a PDF printed by Chromium, or returns undefined when its layout is not the expected one:
 *   - the document information is replaced: title, author, creator, producer, the document date as
 *     creation and modification date, the fingerprint and the digest of the bytes;
 *   - the catalog gets /PageMode /UseOutlines (open with the bookmarks shown) and /Lang (nl);
 *   - Chromium names tagged structure elements after its DOM node ids ("node00001901"), which
 *     depend on what the browser did before: they are renumbered at equal length in the order of
 *     the structure elements (the IDTree, sorted by name as a name tree must be, is re-sorted);
 *   - a new cross-reference table.
 */
export function finishPdf(bytes: Uint8Array, options: FinishOptions): Uint8Array | undefined {
  const layout = readLayout(bytes);
  if (!layout) return undefined;
  const { text } = layout;
  const root = layout.trailer.get('Root') as PdfRef;
  const infoRef = layout.trailer.get('Info');
  if (!(infoRef instanceof PdfRef)) return undefined;
  const catalog = objectValue(layout, root.num);
  if (!(catalog instanceof PdfDict)) return undefined;
  const objects = spans(layout);

  // Which objects are streams (their bytes stay as they are): a dictionary followed by `stream`.
  // A stream object ends in `endstream endobj`; no other object can (a string there would still be
  // open). Reading only the end of each span spares parsing thousands of structure elements.
  const isStream = (span: { num: number; start: number; end: number }) => /endstream\s*endobj\s*$/.test(text.slice(Math.max(span.start, span.end - 40), span.end));

  // New structure ids, in structure-element order (the order of the elements carrying an /ID).
  const renamed = new Map<string, string>();
  let idLength: number | undefined;
  const streams = new Set<number>();
  for (const span of objects) {
    if (isStream(span)) {
      streams.add(span.num);
      continue;
    }
    const body = text.slice(span.start, span.end);
    for (const m of body.matchAll(/\/ID \((node\d+)\)/g)) {
      const old = m[1] as string;
      idLength ??= old.length;
      if (old.length !== idLength) return undefined;
      if (!renamed.has(old)) renamed.set(old, `id${String(renamed.size + 1).padStart(idLength - 2, '0')}`);
    }
  }
  if (idLength !== undefined && String(renamed.size).length > idLength - 2) return undefined;

  // The ID tree: one leaf (or the root itself) whose names are re-sorted after renaming.
  let idLeaf: number | undefined;
  const structRoot = resolve(layout, catalog.get('StructTreeRoot'));
  const idTree = structRoot instanceof PdfDict ? structRoot.get('IDTree') : undefined;
  if (idTree instanceof PdfRef) {
    const node = objectValue(layout, idTree.num);
    if (!(node instanceof PdfDict)) return undefined;
    const kids = node.get('Kids');
    if (node.get('Names') !== undefined) idLeaf = idTree.num;
    else if (Array.isArray(kids) && kids.length === 1 && kids[0] instanceof PdfRef) idLeaf = kids[0].num;
    else return undefined;
    const leaf = objectValue(layout, idLeaf);
    if (!(leaf instanceof PdfDict) || !Array.isArray(leaf.get('Names'))) return undefined;
  }

  const rename = (body: string) => (renamed.size === 0 ? body : body.replace(NODE_ID, (whole, id: string) => (renamed.has(id) ? `(${renamed.get(id)})` : whole)));

  const parts: string[] = [text.slice(0, objects[0]?.start ?? 0)];
  let position = parts[0]?.length ?? 0;
  const newOffsets = new Map<number, number>();
  let digestAt = -1;
  const push = (num: number, body: string) => {
    newOffsets.set(num, position);
    parts.push(body);
    position += body.length;
  };
  for (const span of objects) {
    const { num } = span;
    if (streams.has(num)) {
      push(num, text.slice(span.start, span.end));
    } else if (num === infoRef.num) {
      const entries = [
        `/Title ${textString(options.title)}`,
        `/Author ${textString(options.author)}`,
        `/Creator (schoolprotocol)`,
        `/Producer ${textString(options.producer)}`,
        `/CreationDate ${pdfDate(options.date)}`,
        `/ModDate ${pdfDate(options.date)}`,
        ...(options.fingerprint ? [`/SchoolprotocolFingerprint (${options.fingerprint.replace(/[\\()]/g, '')})`] : []),
      ];
      const head = `${num} 0 obj\n<<${entries.join('\n')}\n/${DIGEST_KEY} (`;
      digestAt = position + head.length;
      push(num, `${head}${DIGEST_PLACEHOLDER})>>\nendobj\n`);
    } else if (num === root.num) {
      const extra: string[] = [];
      if (catalog.get('Outlines') !== undefined && catalog.get('PageMode') === undefined) extra.push('/PageMode /UseOutlines');
      if (catalog.get('Lang') === undefined) extra.push('/Lang (nl)');
      if (catalog.get('ViewerPreferences') === undefined) extra.push('/ViewerPreferences <</DisplayDocTitle true>>');
      const body = rename(text.slice(span.start, span.end));
      const close = body.lastIndexOf('>>');
      if (close < 0) return undefined;
      push(num, extra.length === 0 ? body : `${body.slice(0, close)}\n${extra.join('\n')}${body.slice(close)}`);
    } else if (num === idLeaf) {
      const leaf = new Parser(rename(text.slice(span.start + `${num} 0 obj`.length, span.end))).value() as PdfDict;
      const names = leaf.get('Names') as PdfValue[];
      const pairs: [string, PdfRef][] = [];
      for (let i = 0; i + 1 < names.length; i += 2) {
        const key = names[i];
        const value = names[i + 1];
        if (typeof key !== 'string' || !(value instanceof PdfRef)) return undefined;
        pairs.push([key, value]);
      }
      pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const limits = pairs.length > 0 ? `/Limits [(${pairs[0]?.[0]}) (${pairs.at(-1)?.[0]})]\n` : '';
      push(num, `${num} 0 obj\n<<${limits}/Names [${pairs.map(([k, v]) => `(${k}) ${v.num} 0 R`).join(' ')}]>>\nendobj\n`);
    } else {
      push(num, rename(text.slice(span.start, span.end)));
    }
  }
  if (digestAt < 0) return undefined;
  const xrefAt = position;
  let table = `xref\n0 ${layout.size}\n0000000000 65535 f \n`;
  for (let i = 1; i < layout.size; i++) {
    const offset = newOffsets.get(i);
    table += offset === undefined ? '0000000000 00000 f \n' : `${String(offset).padStart(10, '0')} 00000 n \n`;
  }
  parts.push(`${table}trailer\n${layout.trailerText}\nstartxref\n${xrefAt}\n%%EOF\n`);
  const out = parts.join('');
  const digest = digestOf(out, digestAt);
  return Buffer.from(out.slice(0, digestAt) + digest + out.slice(digestAt + digest.length), 'latin1');
}

/**
 * What is wrong with a PDF on disk, or undefined when it is the one the build would print now (then `build` keeps it instead of printing it again): it
 * must read as a PDF with pages, carry the fingerprint of the HTML it was printed from, and its
 * bytes must be those the build wrote (the digest stored beside the fingerprint), so a truncated,
 * edited or overwritten file is stale too.
 */
export function pdfProblem(bytes: Uint8Array, fingerprint: string): string | undefined {
  const summary = summarize(bytes);
  if (!summary) return 'is beschadigd of geen PDF (maak hem opnieuw)';
  const stored = summary.info.get(FINGERPRINT_KEY);
  if (typeof stored !== 'string') return 'is verouderd (geen vingerafdruk gevonden; maak hem opnieuw)';
  if (stored !== fingerprint) return 'is verouderd';
  if (!digestMatches(bytes)) return 'is na het maken veranderd (maak hem opnieuw)';
  return undefined;
}

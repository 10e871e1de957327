import { displayPath } from './paths.js';
import { FAILSAFE_SCHEMA, load as loadFast } from 'js-yaml';
import { createRequire } from 'node:module';
import type { Document } from 'yaml';
import { inputError } from './errors.js';
import { readRegularFileShared } from './files.js';

/** The `yaml` package, loaded when first needed: a message's position, a text js-yaml does not take, a clause file. */
let yamlPackage: typeof import('yaml') | undefined;
const yamlLib = () => (yamlPackage ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));

/** Answers files and clause files are small; anything larger is a mistake (a log, a PDF, ...). */
export const MAX_YAML_BYTES = 1024 * 1024;
/** A built protocol.md of a very large library stays well under this. */
export const MAX_PROTOCOL_BYTES = 16 * 1024 * 1024;

export interface YamlFile {
  file: string;
  data: unknown;
  /** "bestand.yaml:12:3" for a path inside the document, or the nearest parent that exists. */
  where(keyPath: readonly (string | number)[]): string;
}

/** Reads a file as UTF-8 text, with a Dutch error for every way that can go wrong. */
export function readTextFile(file: string, what: string, limit = MAX_YAML_BYTES): string {
  return decodeText(readRegularFileShared(file, { what, limit }), file, what);
}

/** A file's bytes as UTF-8 text (without a byte order mark), with readTextFile's errors for binary data and invalid UTF-8. */
export function decodeText(bytes: Uint8Array, file: string, what: string): string {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.includes(0)) {
    throw inputError(`${displayPath(file)}: dit is geen tekstbestand (het bevat binaire gegevens). Een ${what} is een tekstbestand (${what === 'protocol' ? 'Markdown' : 'YAML'}).`);
  }
  const text = buffer.toString('utf8');
  if (text.includes('\uFFFD')) {
    throw inputError(`${displayPath(file)}: het bestand is geen geldige UTF-8-tekst. Sla het op als UTF-8.`);
  }
  return text.replace(/^\uFEFF/, '');
}

/**
 * Parses YAML text; syntax errors become Dutch errors with line and column.
 *
 * Answers files (the failsafe schema: every scalar is text) are read by js-yaml 4, about ten times
 * faster than `yaml` (which keeps every node's position) and five times faster than js-yaml 5 on a
 * generated answers file (0.08-0.15 ms, against 1.0-1.3 and 0.46-0.87 ms): a batch reads one per
 * school. The positions are only needed for a message, so `where` parses with `yaml` when first
 * asked. A text with anchors or aliases (`&`, `*`), tags (`!`), a flow mapping or a list that is
 * not empty (`{`, `[a]`: js-yaml 4 turns a key that is a collection into "[object Object]"), a
 * line that starts with `?` (a complex key), or that js-yaml refuses goes the `yaml` way
 * altogether, so errors, duplicate keys and alias limits are reported exactly as before; a test
 * holds both readers to the same data for every answers file in the project, and for mutated ones.
 */
export function parseYaml(text: string, file: string, what: string, options: { failsafe?: boolean } = {}): YamlFile {
  if (text.trim() === '') {
    throw inputError(`${displayPath(file)}: het bestand is leeg. Een ${what} bevat YAML; zie de README voor een voorbeeld.`);
  }
  if (options.failsafe && !/[&*!{]|\[(?!\])|^[ \t]*\?/m.test(text)) {
    let data: unknown;
    try {
      data = loadFast(text, { schema: FAILSAFE_SCHEMA });
    } catch {
      data = undefined;
    }
    if (data !== undefined) {
      // An empty value (`naam:`) is text in the failsafe schema: '' as `yaml` reads it, not js-yaml's null.
      data = emptyAsText(data);
      let exact: YamlFile | undefined;
      return { file, data, where: (keyPath) => (exact ??= parseExact(text, file, what, options)).where(keyPath) };
    }
  }
  return parseExact(text, file, what, options);
}

function emptyAsText(data: unknown): unknown {
  if (data === null) return '';
  if (typeof data !== 'object') return data;
  if (Array.isArray(data)) {
    for (let i = 0; i < data.length; i++) data[i] = emptyAsText(data[i]);
    return data;
  }
  const map = data as Record<string, unknown>;
  for (const key of Object.keys(map)) map[key] = emptyAsText(map[key]);
  return data;
}

/** Parses with `yaml`, which knows where every node is. */
function parseExact(text: string, file: string, what: string, options: { failsafe?: boolean }): YamlFile {
  const shown = displayPath(file);
  const { LineCounter, parseDocument } = yamlLib();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    // Its warnings are English and for programmers (a key that is a map); the error says what to fix.
    logLevel: 'error',
    // Answers files keep every scalar as text, so `versie: 1.0` stays "1.0".
    ...(options.failsafe && { schema: 'failsafe' as const }),
  });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw inputError(`${shown}:${pos.line}:${pos.col}: dit is geen geldige YAML (${yamlReason(first.code)}). Controleer inspringing, dubbele punten en aanhalingstekens op of vlak vóór deze regel.`);
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    if (error instanceof ReferenceError) {
      throw inputError(`${shown}: het bestand gebruikt te veel YAML-verwijzingen (aliassen met *). Schrijf de waarden gewoon uit.`);
    }
    throw error;
  }
  return {
    file,
    data,
    where(keyPath) {
      const node = nearestNode(doc, keyPath);
      const offset = node?.range?.[0];
      if (offset === undefined) return shown;
      const pos = lineCounter.linePos(offset);
      return `${shown}:${pos.line}:${pos.col}`;
    },
  };
}

export function loadYamlFile(file: string, what: string, options: { failsafe?: boolean } = {}): YamlFile {
  return parseYaml(readTextFile(file, what), file, what, options);
}

function nearestNode(doc: Document, keyPath: readonly (string | number)[]) {
  const { isNode, isScalar } = yamlLib();
  for (let length = keyPath.length; length >= 0; length--) {
    const prefix = keyPath.slice(0, length);
    // Point at the key of a mapping entry when there is one, else at the value.
    if (length > 0) {
      const parent = prefix.length > 1 ? doc.getIn(prefix.slice(0, -1), true) : doc.contents;
      const key = prefix[prefix.length - 1];
      if (isNode(parent) && 'items' in parent && Array.isArray(parent.items)) {
        for (const item of parent.items as unknown[]) {
          if (item && typeof item === 'object' && 'key' in item && isScalar(item.key) && item.key.value === key) {
            return item.key;
          }
        }
      }
    }
    const node = length === 0 ? doc.contents : doc.getIn(prefix, true);
    if (isNode(node)) return node;
  }
  return undefined;
}

function yamlReason(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'een sleutel staat er twee keer in';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'inspringing of een teken klopt niet';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'een sleutel loopt over meer regels; ontbreekt er een dubbele punt of een aanhalingsteken?';
    case 'BLOCK_AS_IMPLICIT_KEY':
      return 'een regel wordt als sleutel gelezen; ontbreekt er een dubbele punt?';
    case 'UNEXPECTED_TOKEN':
      return 'onverwacht teken';
    case 'TAB_AS_INDENT':
      return 'een tab als inspringing; gebruik spaties';
    case 'BAD_ALIAS':
    case 'BAD_DIRECTIVE':
      return 'ongeldige verwijzing of instructie';
    default:
      return code.toLowerCase().replace(/_/g, ' ');
  }
}

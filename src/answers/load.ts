/**
 * Reading answers files: YAML with positions, `extends:` chains (board defaults under a school's own
 * answers), migration of older files, validation with Dutch messages at file:line, and completing
 * the answers with the questions' defaults.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileError, isFsError } from '../util/files.js';
import { evaluate } from '../library/conditions.js';
import type { z } from 'zod';
import { inputError, UserError } from '../util/errors.js';
import { formatIssue } from '../util/zod-messages.js';
import type { Library, Question } from '../library/load.js';
import { currentSchema, migrateAnswers, type Migration } from './migrate.js';
import { parseYaml, readTextFile, type YamlFile } from '../util/yaml.js';
import { displayPath } from '../util/paths.js';
import { hasSpacedHash, memo } from '../util/text.js';
import { answersFileSchema, defaultValue, emptyValues, offeredChoices, withDefaults, HISTORY_KEYS, SECTIONS, type Answers, type FileAnswers, type HistoryEntry, type historyEntrySchema, type Values } from './schema.js';

/** Reads an answers file and the files it extends; returns the merged answers as given. */
export interface AnswersFile {
  /** The answers of this file merged over those of the files it extends. */
  values: Values;
  /** This file's own answers. */
  own: Values;
  extends?: string;
  file: string;
  /** This file's version history, or else the one of the file it extends. */
  history?: HistoryEntry[];
  /** This file's own version history, as init writes it back. */
  ownHistory?: HistoryEntry[];
  /** Files in the chain (parents first) that were written for an older schema. */
  migrations: Migration[];
  /** Notes about the files in the chain (a `#` read as a comment), parents first. */
  warnings: string[];
}

/** Files already read in this process, per library: a board file is read once for all its schools. */
const readCache = new WeakMap<Library, { byReal: Map<string, AnswersFile>; byPath: Map<string, AnswersFile> }>();

/** Longer `extends` chains are taken for a loop: a board file extends at most a few others. */
export const MAX_EXTENDS_DEPTH = 16;

/** The file's real path (symlinks resolved), so that a cycle through a link is still a cycle. */
function realPath(file: string): string {
  try {
    return realpathSync(file);
  } catch (error) {
    if (isFsError(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return file;
    throw fileError(error, file);
  }
}

/** The files read as a parent (board files), by real path and by resolved path. */
const parentsOf = (library: Library) => memo(readCache, library, () => ({ byReal: new Map<string, AnswersFile>(), byPath: new Map<string, AnswersFile>() }));

/** Reads an answers file and the files it extends; `text` is the file's own text when it was read already (readTextFile). */
export function readAnswersFile(file: string, library: Library, text?: string): AnswersFile {
  const resolved = path.resolve(file);
  // A school's own file: its real path only matters for the chain to a parent that is not read yet.
  let real: string | undefined;
  return readAnswersFileUncached(resolved, () => (real ??= realPath(resolved)), library, [], text);
}

/**
 * A file that others extend (a board file), read once: `chainOf` gives the real paths of the files
 * that extend it, and is only asked when the file is not read yet. Only parents are cached; a
 * school's own file is read once anyway and may change (init).
 */
function readParent(file: string, library: Library, chainOf: () => string[]): AnswersFile {
  const cache = parentsOf(library);
  // A board file named by the same path again is the same file: no need to resolve its links again
  // (three lstat calls per school of a batch), nor the school's own real path.
  const known = cache.byPath.get(file);
  if (known) return known;
  const real = realPath(file);
  const cached = cache.byReal.get(real);
  if (cached) return cached;
  const result = readAnswersFileUncached(file, () => real, library, chainOf());
  cache.byReal.set(real, result);
  cache.byPath.set(file, result);
  return result;
}

/** `chain` holds the real paths of the files that extend this one, the school's own file first; `realOf` gives this file's. */
function readAnswersFileUncached(resolved: string, realOf: () => string, library: Library, chain: string[], given?: string): AnswersFile {
  const real = chain.length > 0 ? realOf() : undefined;
  if (real !== undefined && chain.includes(real)) {
    const cycle = [...chain.slice(chain.indexOf(real)), real].map(displayPath).join(' → ');
    throw inputError(`${displayPath(chain[chain.length - 1] ?? resolved)}: \`extends\` verwijst in een kring: ${cycle}. Haal één van de verwijzingen weg.`);
  }
  if (chain.length >= MAX_EXTENDS_DEPTH) {
    throw inputError(
      `${displayPath(chain[0] ?? resolved)}: \`extends\` gaat meer dan ${MAX_EXTENDS_DEPTH} bestanden diep (${displayPath(chain[0] ?? resolved)} → … → ${displayPath(resolved)}). ` +
        'Dat is vrijwel zeker een kring of een vergissing: een school neemt hooguit een bestuursbestand over, dat zelf weer een ander kan overnemen.',
    );
  }
  const text = given ?? readTextFile(resolved, 'antwoordbestand');
  let yaml: YamlFile;
  try {
    yaml = parseYaml(text, resolved, 'antwoordbestand', { failsafe: true });
  } catch (error) {
    // A director writes `naam: 't Kofschip` or a second colon: say what to do, at the line that causes it.
    const hint = error instanceof UserError ? quotingHint(text, resolved) : undefined;
    if (error instanceof UserError && hint) throw inputError(`${error.message}\n${hint}`);
    throw error;
  }
  if (yaml.data === null || typeof yaml.data !== 'object' || Array.isArray(yaml.data)) {
    throw inputError(`${yaml.where([])}: een antwoordbestand begint met de sleutels school:, document: en keuzes:. Zie de README voor een voorbeeld.`);
  }
  // An older file is brought up to date first; what no longer fits is dropped and reported.
  const { data, migration } = migrateAnswers({ ...yaml, data: cleanValues(yaml.data, yaml) }, library);
  const parsed = answersFileSchema(library.questions, currentSchema(library)).safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const knownKeys = (at: readonly PropertyKey[]) => {
      if (at.length === 0) return ['schema', 'extends', ...SECTIONS];
      if (at[1] === 'geschiedenis') return HISTORY_KEYS;
      return [...library.questions.filter((q) => q.section === at[0]).map((q) => q.id), ...(at[0] === 'document' ? ['geschiedenis'] : [])];
    };
    const lines = parsed.error.issues.slice(0, 10).map((issue) => formatIssue(yaml, issue, knownKeys));
    throw inputError(`het antwoordbestand klopt niet:\n${lines.map((l) => `  ${l}`).join('\n')}`);
  }
  const own = flatten(parsed.data);
  const rawHistory = (parsed.data.document as { geschiedenis?: z.infer<typeof historyEntrySchema>[] } | undefined)?.geschiedenis;
  const ownHistory = rawHistory?.map((entry, index): HistoryEntry => ({
    ...entry,
    ...(entry.protocol !== undefined && { protocolFile: path.resolve(path.dirname(resolved), entry.protocol) }),
    where: yaml.where(['document', 'geschiedenis', index, 'protocol']),
  }));
  const migrations = migration ? [migration] : [];
  const warnings = commentWarnings(text, resolved, library);
  if (!parsed.data.extends) {
    checkDates(own, own, yaml);
    return { values: own, own, file: resolved, ...(ownHistory && { history: ownHistory, ownHistory }), migrations, warnings };
  }
  const parentPath = path.resolve(path.dirname(resolved), parsed.data.extends);
  let parentFile: AnswersFile;
  try {
    parentFile = readParent(parentPath, library, () => [...chain, realOf()]);
  } catch (error) {
    if (error instanceof Error && /niet gevonden/.test(error.message) && error.message.startsWith(displayPath(parentPath))) {
      throw inputError(`${yaml.where(['extends'])}: \`extends\` verwijst naar ${displayPath(parentPath)}, maar dat bestand bestaat niet. Controleer het pad (het is relatief aan ${displayPath(resolved)}).`);
    }
    // The parent could not be read at all (a file used as a folder, a link loop, a device): say which line names it.
    const converted = fileError(error, parentPath);
    if (converted instanceof UserError && chain.length === 0 && converted.message.startsWith(`${displayPath(parentPath)}:`)) {
      throw new UserError(`${yaml.where(['extends'])}: \`extends\` verwijst naar ${converted.message}`, converted.exitCode);
    }
    throw converted;
  }
  const history = ownHistory ?? parentFile.history;
  const values = Object.assign(emptyValues(), parentFile.values, own);
  checkDates(values, own, yaml);
  return {
    values,
    own,
    extends: parsed.data.extends,
    file: resolved,
    ...(history && { history }),
    ...(ownHistory && { ownHistory }),
    migrations: [...parentFile.migrations, ...migrations],
    warnings: [...parentFile.warnings, ...warnings],
  };
}

/** YAML's null (`~`, `null`): in an answers file read as text (failsafe), it means "empty". */
const YAML_NULL = /^(~|null|Null|NULL)$/;
/** Characters that show nothing: a name made only of these is empty. */
const INVISIBLE = /^[\s\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\u2800\u3164\uFE00-\uFE0F\uFEFF\uFFA0]*$/u;
/** Control characters (C0 but tab and line breaks, DEL, C1) and bidirectional overrides: never part of a text. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

/**
 * The answers as text a person meant: YAML null and text of only invisible characters are empty;
 * a control character (NUL, an escape sequence for the terminal, a bidirectional override) is an
 * input error at its file:line.
 */
function cleanValues(data: unknown, yaml: YamlFile, at: readonly (string | number)[] = []): unknown {
  if (typeof data === 'string') return cleanText(data, yaml, at);
  if (Array.isArray(data)) return data.map((item, index) => cleanChild(item, yaml, at, index));
  if (data !== null && typeof data === 'object') {
    const clean: Record<string, unknown> = {};
    for (const key of Object.keys(data)) {
      const value = cleanChild((data as Record<string, unknown>)[key], yaml, at, key);
      // As Object.fromEntries would: a key `__proto__` is a key like any other (and refused by the schema).
      if (key === '__proto__') Object.defineProperty(clean, key, { value, enumerable: true, writable: true, configurable: true });
      else clean[key] = value;
    }
    return clean;
  }
  return data;
}

/** A value in a collection at `at`, cleaned; its own path is only made for a collection or an error (most values are text). */
function cleanChild(value: unknown, yaml: YamlFile, at: readonly (string | number)[], key: string | number): unknown {
  return typeof value === 'string' ? cleanText(value, yaml, at, key) : cleanValues(value, yaml, [...at, key]);
}

function cleanText(text: string, yaml: YamlFile, at: readonly (string | number)[], key?: string | number): string {
  const control = CONTROL.exec(text);
  if (control) {
    const where = key === undefined ? at : [...at, key];
    const code = `U+${(control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
    throw inputError(`${yaml.where(where)}: \`${where.join('.')}\` bevat een onzichtbaar stuurteken (${code}). Haal het weg, bijvoorbeeld door de tekst opnieuw te typen.`);
  }
  return YAML_NULL.test(text) || INVISIBLE.test(text) ? '' : text;
}

const ANSWER_LINE = /^(\s*)([A-Za-z_][\w-]*):[ \t]+(.*)$/;

/**
 * Why a line of an answers file is no valid YAML, in words a director can act on: a value that
 * starts with an apostrophe ('t Kofschip) or holds a second colon ("De Klimboom: de beste").
 */
export function quotingHint(text: string, file: string): string | undefined {
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const match = ANSWER_LINE.exec(line);
    if (!match) continue;
    const [, , key, rawValue = ''] = match;
    const value = rawValue.replace(/\s+#.*$/, '').trim();
    const where = `${displayPath(file)}:${index + 1}`;
    const fix = `${key}: "${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    if (value.startsWith("'") && (value.match(/'/g)?.length ?? 0) % 2 === 1) {
      return `${where}: de waarde begint met een apostrof, en YAML leest die als aanhalingsteken. Zet de ${key === 'naam' ? 'naam' : 'waarde'} tussen dubbele aanhalingstekens: ${fix}`;
    }
    if (!/^["'[{|>]/.test(value) && /:\s/.test(value)) {
      return `${where}: in de waarde staat een dubbele punt met een spatie erna, en YAML leest dat als een nieuwe sleutel. Zet de ${key === 'naam' ? 'naam' : 'waarde'} tussen dubbele aanhalingstekens: ${fix}`;
    }
  }
  return undefined;
}

const textQuestionIds = new WeakMap<Library, Set<string>>();

/**
 * A `#` in a text answer starts a comment: `naam: School #1` reads as "School". Warn when a text
 * answer is followed by a comment that does not look like one (no space after the #).
 */
function commentWarnings(text: string, file: string, library: Library): string[] {
  // Such a comment is text, space, # and text again: a file without that anywhere has none (most files).
  if (!hasSpacedHash(text)) return [];
  const textQuestions = memo(textQuestionIds, library, () => new Set(library.questions.filter((q) => q.type === 'text').map((q) => q.id)));
  const warnings: string[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const match = ANSWER_LINE.exec(line);
    if (!match || !textQuestions.has(match[2] ?? '')) continue;
    const value = match[3] ?? '';
    if (/^["']/.test(value)) continue;
    const comment = /^(.*?\S)\s+#(\S.*)$/.exec(value);
    if (!comment) continue;
    const [, kept = '', rest = ''] = comment;
    warnings.push(
      `${displayPath(file)}:${index + 1}: alles na # is commentaar, dus \`${match[2]}\` is nu "${kept}". Bedoelt u "${kept} #${rest}"? Zet de waarde dan tussen dubbele aanhalingstekens: ${match[2]}: "${kept} #${rest}"`,
    );
  }
  return warnings;
}

/**
 * The MR or GMR can only consent once the protocol has been discussed with it (the same meeting is
 * fine): a `besproken` date after `instemming` is a typo. Checked on the answers with those of the
 * file it extends, and reported at the date this file sets (or at its start).
 */
function checkDates(values: Values, own: Values, yaml: YamlFile): void {
  const { besproken, instemming, status } = values;
  if (status !== 'vastgesteld' || typeof besproken !== 'string' || typeof instemming !== 'string' || !besproken || !instemming) return;
  if (besproken <= instemming) return;
  const key = 'instemming' in own ? 'instemming' : 'besproken' in own ? 'besproken' : undefined;
  throw inputError(
    `${yaml.where(key ? ['document', key] : [])}: de raad stemde in op ${instemming} (\`instemming\`), maar het protocol is pas op ${besproken} besproken (\`besproken\`). ` +
      'Instemmen gebeurt tijdens of na de bespreking: controleer beide datums.',
  );
}

function flatten(data: FileAnswers): Values {
  const values = emptyValues();
  for (const section of SECTIONS) {
    for (const [id, value] of Object.entries(data[section] ?? {})) {
      if (typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))) values[id] = value;
    }
  }
  return values;
}

/**
 * Completes given values: drops answers to questions that do not apply, fills defaults for
 * missing ones, and reports a missing required answer that has no default.
 */
export function completeAnswers(library: Library, given: Values, origin?: string): Answers {
  // From a file, a required text (the school's name, the date, ...) must be given: its default is
  // only the wizard's suggestion. Without a file (presets, --yes) defaults fill everything.
  const fromFile = origin !== undefined;
  const values = emptyValues();
  const defaulted: string[] = [];
  const missing: Question[] = [];
  const warnings: string[] = [];
  // Conditions may refer to later questions' defaults; evaluate against given values plus defaults.
  const context = withDefaults(library.questions, given);
  for (const q of library.questions) {
    if (!evaluate(q.when, context)) continue;
    const value = given[q.id];
    if (value !== undefined && !(q.type === 'text' && q.required && value === '')) {
      values[q.id] = value;
      if (Array.isArray(value) && q.choices?.some((c) => c.when)) dropUnoffered(q, value, context, values, warnings, origin);
      continue;
    }
    const fallback = fromFile && (q.type === 'text' || q.type === 'date') && q.required ? undefined : defaultValue(q, undefined, context);
    if (fallback === undefined || (q.required && fallback === '')) {
      if (q.required) missing.push(q);
      continue;
    }
    values[q.id] = fallback;
    defaulted.push(q.id);
  }
  if (missing.length > 0) {
    const where = origin ? `${displayPath(origin)}: ` : '';
    const list = missing.map((q) => `  ${q.section}.${q.id}: ${q.prompt}`).join('\n');
    const answersOption = origin && displayPath(origin) !== 'protocol.yaml' ? ` --answers ${displayPath(origin)}` : '';
    throw inputError(`${where}deze antwoorden ontbreken:\n${list}\nVul ze in het antwoordbestand in of voer \`schoolprotocol init${answersOption}\` uit.`);
  }
  return { values, defaulted, ...(origin && { file: origin }), ...(warnings.length > 0 && { warnings }) };
}

/**
 * A choice the earlier answers rule out (the school's social media without an account) does not
 * count: it is dropped from `values` and `context`, with a warning. A function of its own, so that
 * V8's optimized completeAnswers does not start again whenever a school first takes this path.
 */
function dropUnoffered(q: Question, value: string[], context: Values, values: Values, warnings: string[], origin: string | undefined): void {
  const offered = new Set(offeredChoices(q, context).map((c) => c.value));
  const dropped = value.filter((v) => !offered.has(v));
  if (dropped.length === 0) return;
  values[q.id] = value.filter((v) => offered.has(v));
  context[q.id] = values[q.id] as string[];
  const labels = dropped.map((v) => `"${q.choices?.find((c) => c.value === v)?.label ?? v}"`).join(' en ');
  warnings.push(`${origin ? `${displayPath(origin)}: ` : ''}\`${q.section}.${q.id}\` noemt ${labels}, maar dat past niet bij de andere antwoorden (bijvoorbeeld geen eigen account of geen ouderapp); het protocol noemt ${dropped.length === 1 ? 'dit medium' : 'deze media'} niet. Haal ${dropped.length === 1 ? 'het' : 'ze'} weg uit het antwoordbestand.`);
}

/** Loads, merges and completes an answers file (`text`: its text, when it was read already). */
export function loadAnswers(file: string, library: Library, base: Values = {}, text?: string): Answers {
  const { values, file: resolved, history, migrations, warnings } = readAnswersFile(file, library, text);
  // Most builds have no base (a preset's choices under the file's own): then the file's answers as they are.
  const answers = completeAnswers(library, Object.keys(base).length === 0 ? values : { ...base, ...values }, resolved);
  const allWarnings = [...warnings, ...(answers.warnings ?? [])];
  return { ...answers, ...(history && { history }), ...(migrations.length > 0 && { migrations }), ...(allWarnings.length > 0 && { warnings: allWarnings }) };
}


/**
 * Answers files: their zod schema is derived from the question definitions, so the wizard, the
 * validation and the linter can never disagree. A file may `extends:` another (board defaults).
 */
import path from 'node:path';
import { Document, isMap, isPair, isScalar, YAMLMap } from 'yaml';
import { z } from 'zod';
import { evaluate, type AnswerValues } from '../library/conditions.js';
import { inputError } from '../util/errors.js';
import { formatIssue } from '../util/zod-messages.js';
import type { Library, Question } from '../library/load.js';
import { currentSchema, migrateAnswers, type Migration } from './migrate.js';
import { loadYamlFile, type YamlFile } from '../util/yaml.js';
import { displayPath } from '../util/paths.js';

/** The schema of answers files before any migration step; a library's current one: currentSchema() in migrate.ts. */
export const SCHEMA_VERSION = 1;
export const SECTIONS = ['school', 'document', 'keuzes'] as const;
export type Section = (typeof SECTIONS)[number];

/** Answers keyed by question id: text/date/choice give a string, multi a list. */
export type Values = Record<string, string | string[]>;

export interface Answers {
  values: Values;
  /** Ids whose value came from a question's default rather than from a file or the user. */
  defaulted: string[];
  /** The answers file, when the answers came from one. */
  file?: string;
  /** Earlier versions of the document (`document.geschiedenis`), oldest first. */
  history?: HistoryEntry[];
  /** What was brought up to date in files written for an older schema (this file and those it extends). */
  migrations?: Migration[];
}

/**
 * One earlier version of the document, from `document.geschiedenis` in the answers file:
 *
 *   geschiedenis:
 *     - versie: "1.0"
 *       datum: 2026-11-22
 *       status: vastgesteld
 *       instemming: 2026-12-10          # date of the MR's consent; required when vastgesteld
 *       protocol: versies/protocol-1.0.md   # optional: the Markdown of that version
 *       opmerking: Eerste versie        # optional
 */
export interface HistoryEntry {
  versie: string;
  datum: string;
  status: 'concept' | 'vastgesteld';
  instemming?: string;
  /** The path as written in the file (relative to it). */
  protocol?: string;
  /** That path resolved, for reading. */
  protocolFile?: string;
  opmerking?: string;
  /** file:line:col of the entry's `protocol`, for messages. */
  where: string;
}

const dateText = z.string().refine(isValidDate, { message: 'verwacht een datum als JJJJ-MM-DD, bijvoorbeeld 2026-11-22' });

const historyEntrySchema = z
  .strictObject({
    versie: z.string().trim().min(1).max(50),
    datum: dateText,
    status: z.enum(['concept', 'vastgesteld']),
    instemming: dateText.optional(),
    protocol: z.string().trim().min(1).optional(),
    opmerking: z.string().trim().max(500).optional(),
  })
  .refine((entry) => entry.status !== 'vastgesteld' || entry.instemming !== undefined, {
    message: 'een vastgestelde versie heeft de datum waarop de raad instemde (instemming: JJJJ-MM-DD)',
    path: ['instemming'],
  });
const HISTORY_KEYS = ['versie', 'datum', 'status', 'instemming', 'protocol', 'opmerking'];

/** The last version the MR or GMR approved: the latest `vastgesteld` entry in the history. */
export function lastApproved(history: readonly HistoryEntry[] | undefined): HistoryEntry | undefined {
  let best: HistoryEntry | undefined;
  for (const entry of history ?? []) {
    if (entry.status !== 'vastgesteld') continue;
    if (!best || (entry.instemming ?? entry.datum) >= (best.instemming ?? best.datum)) best = entry;
  }
  return best;
}

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

export function isValidDate(value: string): boolean {
  if (!datePattern.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** The zod schema of one question's answer (shape and allowed values only). */
export function answerSchema(question: Question): z.ZodType<string | string[]> {
  const values = (question.choices ?? []).map((c) => c.value);
  switch (question.type) {
    case 'text':
      return z.string().trim().max(200);
    case 'date':
      return z.string().refine((v) => isValidDate(v) || (!question.required && v === ''), { message: 'verwacht een datum als JJJJ-MM-DD, bijvoorbeeld 2026-11-22' });
    case 'choice':
      return z.enum(values as [string, ...string[]]);
    case 'multi':
      return z.array(z.enum(values as [string, ...string[]])).refine((list) => new Set(list).size === list.length, {
        message: 'een waarde staat er twee keer in',
      });
  }
}

const schemas = new WeakMap<readonly Question[], Map<number, ReturnType<typeof makeAnswersFileSchema>>>();

/** Schema of one answers file on its own: every answer optional, unknown keys rejected. */
export function answersFileSchema(questions: readonly Question[], version: number = SCHEMA_VERSION) {
  const byVersion = memoWeak(schemas, questions, () => new Map<number, ReturnType<typeof makeAnswersFileSchema>>());
  let schema = byVersion.get(version);
  if (!schema) {
    schema = makeAnswersFileSchema(questions, version);
    byVersion.set(version, schema);
  }
  return schema;
}

function memoWeak<K extends object, V>(cache: WeakMap<K, V>, key: K, make: () => V): V {
  let value = cache.get(key);
  if (value === undefined) {
    value = make();
    cache.set(key, value);
  }
  return value;
}

function makeAnswersFileSchema(questions: readonly Question[], version: number) {
  const fields = (name: Section) => Object.fromEntries(questions.filter((q) => q.section === name).map((q) => [q.id, answerSchema(q).optional()]));
  const section = (name: Section) =>
    z.strictObject(name === 'document' ? { ...fields(name), geschiedenis: z.array(historyEntrySchema).optional() } : fields(name)).optional();
  return z.strictObject({
    schema: z
      .string()
      .refine((v) => v === String(version), {
        message: `deze versie van schoolprotocol leest antwoordbestanden met schema ${version}${version > 1 ? ' (oudere worden bijgewerkt)' : ''}; werk schoolprotocol bij of pas het bestand aan`,
      })
      .optional(),
    extends: z.string().min(1).optional(),
    school: section('school'),
    document: section('document'),
    keuzes: section('keuzes'),
  });
}

type FileAnswers = z.infer<ReturnType<typeof answersFileSchema>>;

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
}

/** Files already read in this process, per library: a board file is read once for all its schools. */
const readCache = new WeakMap<Library, Map<string, AnswersFile>>();

export function readAnswersFile(file: string, library: Library, chain: string[] = []): AnswersFile {
  const resolved = path.resolve(file);
  const cache = memoWeak(readCache, library, () => new Map<string, AnswersFile>());
  const cached = chain.length > 0 ? cache.get(resolved) : undefined;
  if (cached) return cached;
  const result = readAnswersFileUncached(resolved, library, chain);
  // Only files read as a parent are cached; a school's own file is read once anyway and may change (init).
  if (chain.length > 0) cache.set(resolved, result);
  return result;
}

function readAnswersFileUncached(resolved: string, library: Library, chain: string[]): AnswersFile {
  if (chain.includes(resolved)) {
    const cycle = [...chain.slice(chain.indexOf(resolved)), resolved].map(displayPath).join(' → ');
    throw inputError(`${displayPath(chain[chain.length - 1] ?? resolved)}: \`extends\` verwijst in een kring: ${cycle}. Haal één van de verwijzingen weg.`);
  }
  const yaml = loadYamlFile(resolved, 'antwoordbestand', { failsafe: true });
  if (yaml.data === null || typeof yaml.data !== 'object' || Array.isArray(yaml.data)) {
    throw inputError(`${yaml.where([])}: een antwoordbestand begint met de sleutels school:, document: en keuzes:. Zie de README voor een voorbeeld.`);
  }
  // An older file is brought up to date first; what no longer fits is dropped and reported.
  const { data, migration } = migrateAnswers(yaml, library);
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
  if (!parsed.data.extends) {
    checkDates(own, own, yaml);
    return { values: own, own, file: resolved, ...(ownHistory && { history: ownHistory, ownHistory }), migrations };
  }
  const parentPath = path.resolve(path.dirname(resolved), parsed.data.extends);
  let parentFile: AnswersFile;
  try {
    parentFile = readAnswersFile(parentPath, library, [...chain, resolved]);
  } catch (error) {
    if (error instanceof Error && /niet gevonden/.test(error.message) && error.message.startsWith(displayPath(parentPath))) {
      throw inputError(`${yaml.where(['extends'])}: \`extends\` verwijst naar ${displayPath(parentPath)}, maar dat bestand bestaat niet. Controleer het pad (het is relatief aan ${displayPath(resolved)}).`);
    }
    throw error;
  }
  const history = ownHistory ?? parentFile.history;
  checkDates({ ...parentFile.values, ...own }, own, yaml);
  return {
    values: { ...parentFile.values, ...own },
    own,
    extends: parsed.data.extends,
    file: resolved,
    ...(history && { history }),
    ...(ownHistory && { ownHistory }),
    migrations: [...parentFile.migrations, ...migrations],
  };
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
  const values: Values = {};
  for (const section of SECTIONS) {
    for (const [id, value] of Object.entries(data[section] ?? {})) {
      if (typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))) values[id] = value;
    }
  }
  return values;
}

/** The questions that apply given these values, in order. */
export function applicableQuestions(library: Library, values: AnswerValues): Question[] {
  return library.questions.filter((q) => evaluate(q.when, values));
}

/** The default answer of a question, or undefined when it has none. */
export function defaultValue(question: Question, today?: string): string | string[] | undefined {
  if (question.type === 'date') return typeof question.default === 'string' ? question.default : question.required ? today : '';
  if (question.type === 'multi') return Array.isArray(question.default) ? question.default : question.default ? [question.default] : [];
  if (question.type === 'choice') return typeof question.default === 'string' ? question.default : question.choices?.[0]?.value;
  return typeof question.default === 'string' ? question.default : undefined;
}

/**
 * Completes given values: drops answers to questions that do not apply, fills defaults for
 * missing ones, and reports a missing required answer that has no default.
 */
export function completeAnswers(library: Library, given: Values, origin?: string): Answers {
  // From a file, a required text (the school's name, the date, ...) must be given: its default is
  // only the wizard's suggestion. Without a file (presets, --yes) defaults fill everything.
  const fromFile = origin !== undefined;
  const values: Values = {};
  const defaulted: string[] = [];
  const missing: Question[] = [];
  // Conditions may refer to later questions' defaults; evaluate against given values plus defaults.
  const context: Values = { ...given };
  for (const q of library.questions) {
    if (context[q.id] === undefined) {
      const fallback = defaultValue(q);
      if (fallback !== undefined) context[q.id] = fallback;
    }
  }
  for (const q of library.questions) {
    if (!evaluate(q.when, context)) continue;
    const value = given[q.id];
    if (value !== undefined && !(q.type === 'text' && q.required && value === '')) {
      values[q.id] = value;
      continue;
    }
    const fallback = fromFile && (q.type === 'text' || q.type === 'date') && q.required ? undefined : defaultValue(q);
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
    throw inputError(`${where}deze antwoorden ontbreken:\n${list}\nVul ze in het antwoordbestand in of voer \`schoolprotocol init\` uit.`);
  }
  return { values, defaulted, ...(origin && { file: origin }) };
}

/** Loads, merges and completes an answers file. */
export function loadAnswers(file: string, library: Library, base: Values = {}): Answers {
  const { values, file: resolved, history, migrations } = readAnswersFile(file, library);
  return { ...completeAnswers(library, { ...base, ...values }, resolved), ...(history && { history }), ...(migrations.length > 0 && { migrations }) };
}

/** Writes answers as a commented YAML answers file a person can edit. */
export function serializeAnswers(library: Library, values: Values, options: { extends?: string; history?: readonly HistoryEntry[] } = {}): string {
  const doc = new Document({});
  const root = doc.contents as YAMLMap;
  root.commentBefore =
    ' Antwoorden voor schoolprotocol. Pas ze aan en bouw opnieuw met:\n' +
    '   schoolprotocol build protocol.yaml\n' +
    ' Onder elke keuze staan de mogelijke waarden. Zie de README voor uitleg.';
  root.set('schema', currentSchema(library));
  if (options.extends) root.set('extends', options.extends);
  for (const section of SECTIONS) {
    const map = new YAMLMap();
    for (const q of library.questions.filter((q) => q.section === section)) {
      const value = values[q.id];
      if (value === undefined) continue;
      const node = doc.createPair(q.id, value);
      if (isPair(node) && isScalar(node.key)) {
        const choices = q.choices?.map((c) => c.value).join(' | ');
        node.key.commentBefore = ` ${q.prompt}${choices ? `\n ${q.type === 'multi' ? 'een lijst uit: ' : ''}${choices}` : ''}`;
      }
      map.items.push(node);
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

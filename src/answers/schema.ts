/**
 * The shape of answers: the Answers type, and the zod schema of an answers file derived from the
 * question definitions, so the wizard, the validation and the linter can never disagree.
 */
import { z } from 'zod';
import { evaluate, type AnswerValues } from '../library/conditions.js';
import type { Library, Question } from '../library/load.js';
import type { Migration } from './migrate.js';
import { memo } from '../util/text.js';

/** The schema of answers files before any migration step; a library's current one: currentSchema() in migrate.ts. */
export const SCHEMA_VERSION = 1;
export const SECTIONS = ['school', 'document', 'keuzes'] as const;
export type Section = (typeof SECTIONS)[number];

/** The school that `init --yes` and the presets fill in when no name is given; `build` warns when a real answers file still names it. */
export const EXAMPLE_SCHOOL = 'Voorbeeldschool';
export const EXAMPLE_PLACE = 'Voorbeeldstad';

/** Answers keyed by question id: text/date/choice give a string, multi a list. */
export type Values = Record<string, string | string[]>;

/**
 * An empty Values object without a prototype, which V8 keeps as a hash table. Answers files give
 * their keys in many orders and subsets; a plain object got a hidden class of its own for each
 * (1000 generated schools: 46 KB per school of maps and descriptors, made straight in the old
 * generation and collected from there).
 */
export function emptyValues(): Values {
  return Object.create(null) as Values;
}

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
  /** Dutch notes for the user about the answers themselves (a value that does not count, a `#` read as a comment). */
  warnings?: string[];
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

export const historyEntrySchema = z
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
export const HISTORY_KEYS = ['versie', 'datum', 'status', 'instemming', 'protocol', 'opmerking'];

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
  const byVersion = memo(schemas, questions, () => new Map<number, ReturnType<typeof makeAnswersFileSchema>>());
  let schema = byVersion.get(version);
  if (!schema) {
    schema = makeAnswersFileSchema(questions, version);
    byVersion.set(version, schema);
  }
  return schema;
}

function makeAnswersFileSchema(questions: readonly Question[], version: number) {
  const fields = (name: Section) => Object.fromEntries(questions.filter((q) => q.section === name).map((q) => [q.id, answerSchema(q).optional()]));
  const section = (name: Section) =>
    z.strictObject(name === 'document' ? { ...fields(name), geschiedenis: z.array(historyEntrySchema).optional() } : fields(name)).optional();
  return z.strictObject({
    schema: z
      .string()
      .superRefine((v, ctx) => {
        if (v === String(version)) return;
        const newer = /^\d+$/.test(v) && Number(v) > version;
        ctx.addIssue({
          code: 'custom',
          message: newer
            ? `dit bestand is geschreven voor schema ${v}, en deze versie van schoolprotocol kent schema ${version}. Het bestand komt van een nieuwere versie: werk schoolprotocol bij naar de nieuwste versie en bouw opnieuw`
            : `"${v}" is geen schema van schoolprotocol: de schema's beginnen bij 1, en deze versie gebruikt ${version}. Zet \`schema: ${version}\` of haal de regel weg`,
        });
      })
      .optional(),
    extends: z.string().min(1).optional(),
    school: section('school'),
    document: section('document'),
    keuzes: section('keuzes'),
  });
}

export type FileAnswers = z.infer<ReturnType<typeof answersFileSchema>>;

/** The questions that apply given these values, in order. */
export function applicableQuestions(library: Library, values: AnswerValues): Question[] {
  return library.questions.filter((q) => evaluate(q.when, values));
}

/** The choices a question offers given the answers so far: a choice with a `when` only where it holds. */
export function offeredChoices(question: Question, context?: AnswerValues): NonNullable<Question['choices']> {
  const choices = question.choices ?? [];
  return context ? choices.filter((c) => evaluate(c.when, context)) : choices;
}

/**
 * The default answer of a question, or undefined when it has none. With `context` (the answers so
 * far), a default follows them: a multi's default keeps only the choices offered, and a choice whose
 * default is not offered falls back to the first choice that is.
 */
export function defaultValue(question: Question, today?: string, context?: AnswerValues): string | string[] | undefined {
  if (question.type === 'date') return typeof question.default === 'string' ? question.default : question.required ? today : '';
  if (question.type === 'multi') {
    const list = Array.isArray(question.default) ? question.default : question.default ? [question.default] : [];
    if (!context) return list;
    const offered = new Set(offeredChoices(question, context).map((c) => c.value));
    return list.filter((v) => offered.has(v));
  }
  if (question.type === 'choice') {
    const offered = offeredChoices(question, context);
    const preferred = typeof question.default === 'string' ? question.default : question.choices?.[0]?.value;
    return offered.some((c) => c.value === preferred) ? preferred : (offered[0]?.value ?? preferred);
  }
  return typeof question.default === 'string' ? question.default : undefined;
}

/**
 * The given values with every missing answer filled by its default, the defaults following the
 * answers before them (two passes, so a condition on a later question sees its default too).
 */
export function withDefaults(questions: readonly Question[], given: AnswerValues, today?: string): Values {
  const context = emptyValues();
  for (const [id, value] of Object.entries(given)) if (typeof value === 'string' || Array.isArray(value)) context[id] = value as string | string[];
  const plain = Object.assign(emptyValues(), context);
  for (const q of questions) {
    if (plain[q.id] === undefined) {
      const fallback = defaultValue(q, today);
      if (fallback !== undefined) plain[q.id] = fallback;
    }
  }
  // What each later default sees: the plain defaults, the answers and the defaults set so far
  // (kept up to date here instead of copied per question). `plain` holds every answer already.
  const seen = plain;
  for (const q of questions) {
    if (context[q.id] === undefined) {
      const fallback = defaultValue(q, today, seen);
      if (fallback !== undefined) {
        context[q.id] = fallback;
        seen[q.id] = fallback;
      }
    }
  }
  return context;
}

/**
 * Migration of answers files written for an older schema. When a newer version of the library
 * renames a question, renames or removes a choice value, or removes a question, the steps in
 * `migrations.yaml` (data, see clauses/FORMAT.md) say so. An older answers file is brought up to
 * date before it is validated: what still matches is kept (under its new name), what no longer
 * does is dropped and reported in Dutch, and `init` asks those questions again.
 *
 * The current schema of a library is the highest step in its migrations files, or 1 when there
 * are none. A file without `schema:` counts as current; a newer schema stays an error.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { inputError } from '../util/errors.js';
import { cachedSection, parseWith, type Library, type Question } from '../library/load.js';
import { loadYamlFile, type YamlFile } from '../util/yaml.js';
import { displayPath } from '../util/paths.js';
import { evaluate } from '../library/conditions.js';

/** The schema of answers files before the first migration step. */
export const FIRST_SCHEMA = 1;
export const MIGRATIONS_FILE = 'migrations.yaml';

const SECTIONS = ['school', 'document', 'keuzes'] as const;
/** Keys in a section that are not questions (the document's version history). */
const NOT_QUESTIONS = new Set(['geschiedenis']);

const stepSchema = z.strictObject({
  /** Files with a lower schema are brought to this one by this step. */
  schema: z.number().int().min(FIRST_SCHEMA + 1),
  /** Question ids, old → new (the new question may sit in another section). */
  renamed: z.record(z.string(), z.string()).default({}),
  /** Per question (by its id after this step): old value → new value, or null when the value is gone. */
  values: z.record(z.string(), z.record(z.string(), z.string().nullable())).default({}),
  /** Questions that no longer exist, each with the reason the user reads. */
  removed: z.record(z.string(), z.string().min(1)).default({}),
  /** New questions: an older file has no answer; it gets the default until `init` asks it. */
  added: z.array(z.string()).default([]),
});
export type MigrationStep = z.infer<typeof stepSchema>;

const fileSchema = z.strictObject({ migrations: z.array(stepSchema).default([]) });

/** What migrating one answers file did. */
export interface Migration {
  file: string;
  from: number;
  to: number;
  /** Dutch lines, each starting with file:line:col. */
  notes: string[];
  /** Questions whose answer was dropped or no longer fits: `init` asks them again. */
  reask: string[];
}

/** The cache section (see library/load.ts) with the built-in folder's steps, as readMigrationFile gives them. */
export const MIGRATIONS_SECTION = 'migrations';

/** The checked steps of one library folder's migrations file; none when it has none. */
export function readMigrationFile(dir: string): MigrationStep[] {
  const file = path.join(dir, MIGRATIONS_FILE);
  if (!existsSync(file)) return [];
  return parseWith(loadYamlFile(file, 'migratiebestand'), fileSchema, MIGRATIONS_FILE).migrations;
}

/** The built-in folder's steps from the library cache, while the cache is of its files. */
function cachedSteps(dir: string): MigrationStep[] | undefined {
  const steps = cachedSection(dir, MIGRATIONS_SECTION);
  return Array.isArray(steps) ? (steps as MigrationStep[]) : undefined;
}

const stepsCache = new WeakMap<Library, MigrationStep[]>();

/** The migration steps of a library (built-in and custom folders), in order of schema. */
export function migrationSteps(library: Library): MigrationStep[] {
  let steps = stepsCache.get(library);
  if (steps) return steps;
  const bySchema = new Map<number, MigrationStep>();
  for (const dir of library.dirs) {
    for (const step of cachedSteps(dir) ?? readMigrationFile(dir)) {
      const earlier = bySchema.get(step.schema);
      // A custom folder may add to a step of the built-in library.
      bySchema.set(
        step.schema,
        earlier
          ? {
              schema: step.schema,
              renamed: { ...earlier.renamed, ...step.renamed },
              values: { ...earlier.values, ...step.values },
              removed: { ...earlier.removed, ...step.removed },
              added: [...earlier.added, ...step.added],
            }
          : step,
      );
    }
  }
  steps = [...bySchema.values()].sort((a, b) => a.schema - b.schema);
  steps.forEach((step, index) => {
    if (step.schema !== FIRST_SCHEMA + 1 + index) {
      throw inputError(`${MIGRATIONS_FILE}: de stappen moeten doorlopend genummerd zijn vanaf schema ${FIRST_SCHEMA + 1}; schema ${FIRST_SCHEMA + 1 + index} ontbreekt.`);
    }
  });
  stepsCache.set(library, steps);
  return steps;
}

/** The schema that answers files of this library are written in. */
export function currentSchema(library: Library): number {
  const steps = migrationSteps(library);
  return steps[steps.length - 1]?.schema ?? FIRST_SCHEMA;
}

/** Problems in the migrations that a lint should report: names that lead nowhere in this library. */
export function migrationProblems(library: Library): string[] {
  const problems: string[] = [];
  const steps = migrationSteps(library);
  const byId = new Map(library.questions.map((q) => [q.id, q]));
  // The id a question has at the end, following later renames.
  const finalId = (id: string, from: number) => steps.filter((s) => s.schema > from).reduce((current, s) => s.renamed[current] ?? current, id);
  for (const step of steps) {
    for (const [from, to] of Object.entries(step.renamed)) {
      if (!byId.has(finalId(to, step.schema))) problems.push(`schema ${step.schema}: \`${from}\` wordt hernoemd naar \`${to}\`, maar die vraag bestaat niet`);
    }
    for (const [id, map] of Object.entries(step.values)) {
      const question = byId.get(finalId(id, step.schema));
      if (!question?.choices) {
        problems.push(`schema ${step.schema}: waarden van \`${id}\`, maar dat is geen keuzevraag`);
        continue;
      }
      for (const [value, to] of Object.entries(map)) {
        if (to !== null && !question.choices.some((c) => c.value === to) && !steps.some((s) => s.schema > step.schema && s.values[question.id]?.[to] !== undefined)) {
          problems.push(`schema ${step.schema}: \`${id}\`: "${value}" wordt "${to}", maar die keuze bestaat niet`);
        }
      }
    }
    for (const id of step.added) if (!byId.has(finalId(id, step.schema))) problems.push(`schema ${step.schema}: nieuwe vraag \`${id}\` bestaat niet`);
  }
  return problems;
}

type Answer = string | string[];
interface Entry {
  section: string;
  id: string;
  value: unknown;
  /** Where the answer stands in the file, for messages. */
  where: string;
}

const isMap = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Maps an answer through a value map; `dropped` lists values that no longer exist. */
function mapValues(value: unknown, map: Readonly<Record<string, string | null>>): { value: unknown; renamed: [string, string][]; dropped: string[] } {
  const renamed: [string, string][] = [];
  const dropped: string[] = [];
  const one = (v: string): string | undefined => {
    if (!(v in map)) return v;
    const to = map[v];
    if (to === null || to === undefined) {
      dropped.push(v);
      return undefined;
    }
    renamed.push([v, to]);
    return to;
  };
  if (typeof value === 'string') return { value: one(value), renamed, dropped };
  if (Array.isArray(value)) {
    const mapped = value.map((v) => (typeof v === 'string' ? one(v) : v)).filter((v) => v !== undefined);
    return { value: [...new Set(mapped)], renamed, dropped };
  }
  return { value, renamed, dropped };
}

/** Values of a choice or multi answer that the question no longer offers. */
function invalidValues(question: Question, value: unknown): string[] {
  if (!question.choices) return [];
  const valid = new Set(question.choices.map((c) => c.value));
  if (question.type === 'choice') return typeof value === 'string' && !valid.has(value) ? [value] : [];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && !valid.has(v)) : [];
}

const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(', ');

/**
 * Brings the data of an answers file (as parsed, before validation) to the library's current
 * schema. Returns the data unchanged when it is current, not a map, or its schema is not an
 * older one (validation then reports it).
 */
export function migrateAnswers(yaml: YamlFile, library: Library): { data: unknown; migration?: Migration } {
  const data = yaml.data;
  const to = currentSchema(library);
  if (!isMap(data) || typeof data.schema !== 'string' || !/^\d+$/.test(data.schema)) return { data };
  const from = Number(data.schema);
  if (from >= to || from < FIRST_SCHEMA) return { data };

  const notes: string[] = [];
  const reask = new Set<string>();
  const entries: Entry[] = [];
  const kept: Record<string, Record<string, unknown>> = {};
  for (const section of SECTIONS) {
    const map = data[section];
    if (!isMap(map)) continue;
    for (const [id, value] of Object.entries(map)) {
      if (NOT_QUESTIONS.has(id)) (kept[section] ??= {})[id] = value;
      else entries.push({ section, id, value, where: yaml.where([section, id]) });
    }
  }

  let current = entries;
  for (const step of migrationSteps(library).filter((s) => s.schema > from)) {
    const next: Entry[] = [];
    for (const entry of current) {
      const reason = step.removed[entry.id];
      if (reason !== undefined) {
        notes.push(`${entry.where}: de vraag \`${entry.section}.${entry.id}\` bestaat niet meer: ${reason} Het antwoord vervalt.`);
        continue;
      }
      const id = step.renamed[entry.id] ?? entry.id;
      if (id !== entry.id) {
        const section = library.questions.find((q) => q.id === id)?.section ?? entry.section;
        notes.push(`${entry.where}: \`${entry.section}.${entry.id}\` heet nu \`${section}.${id}\`; het antwoord is overgenomen.`);
      }
      const map = step.values[id];
      let value = entry.value;
      if (map) {
        const result = mapValues(value, map);
        value = result.value;
        for (const [old, to] of result.renamed) notes.push(`${entry.where}: bij \`${id}\` heet de keuze "${old}" nu "${to}"; overgenomen.`);
        if (result.dropped.length > 0) {
          notes.push(`${entry.where}: bij \`${id}\` bestaat de keuze ${quoted(result.dropped)} niet meer; deze vraag moet opnieuw worden beantwoord.`);
          reask.add(id);
        }
      }
      if (value !== undefined) next.push({ ...entry, id, value });
      else reask.add(id);
    }
    current = next;
    // A new question whose condition does not hold for this school is not asked (e.g. about X
    // when the school is not on X); the answers after this step, completed with the questions' defaults, decide.
    const known: Record<string, string | string[]> = {};
    for (const q of library.questions) {
      const entry = current.find((e) => e.id === q.id);
      const value = entry && (typeof entry.value === 'string' || Array.isArray(entry.value)) ? (entry.value as string | string[]) : q.default;
      if (value !== undefined) known[q.id] = value;
    }
    for (const id of step.added) {
      const question = library.questions.find((q) => q.id === id);
      if (question && !current.some((e) => e.id === id) && evaluate(question.when, known)) {
        notes.push(`${displayPath(yaml.file)}: nieuwe vraag \`${question.section}.${id}\` ("${question.prompt}"); tot die is beantwoord geldt de standaardkeuze.`);
        reask.add(id);
      }
    }
  }

  // What the steps did not cover: answers that match no question, or a value no longer offered.
  const sections: Record<string, Record<string, unknown>> = { ...kept };
  for (const entry of current) {
    const question = library.questions.find((q) => q.id === entry.id);
    if (!question) {
      notes.push(`${entry.where}: \`${entry.section}.${entry.id}\` is geen vraag meer in deze versie van schoolprotocol; het antwoord vervalt.`);
      continue;
    }
    const invalid = invalidValues(question, entry.value);
    let value = entry.value as Answer;
    if (invalid.length > 0) {
      notes.push(`${entry.where}: bij \`${question.id}\` bestaat de keuze ${quoted(invalid)} niet meer; deze vraag moet opnieuw worden beantwoord.`);
      reask.add(question.id);
      if (question.type === 'choice') continue;
      value = (value as string[]).filter((v) => !invalid.includes(v));
    }
    (sections[question.section] ??= {})[question.id] = value;
  }

  const migrated: Record<string, unknown> = { ...data, schema: String(to) };
  for (const section of SECTIONS) {
    if (sections[section]) migrated[section] = sections[section];
    else if (isMap(data[section])) delete migrated[section];
  }
  const order = (id: string) => {
    const index = library.questions.findIndex((q) => q.id === id);
    return index < 0 ? library.questions.length : index;
  };
  return { data: migrated, migration: { file: yaml.file, from, to, notes, reask: [...reask].sort((a, b) => order(a) - order(b)) } };
}

/** A Dutch report of a migration; with `hint`, how to update the file (for build and check). */
export function describeMigration(migration: Migration, options: { hint?: boolean } = {}): string {
  const file = displayPath(migration.file);
  const head = `${file} is geschreven voor schema ${migration.from}; deze versie van schoolprotocol gebruikt schema ${migration.to}.`;
  const body = migration.notes.length > 0 ? `\n${migration.notes.map((n) => `  - ${n}`).join('\n')}` : ' Er hoefde niets te veranderen.';
  const hint = options.hint
    ? `\n  Werk het bestand bij met \`schoolprotocol init --answers ${file}\`${
        migration.reask.length > 0 ? ': dat stelt alleen de vragen opnieuw die nieuw zijn of waarvan het antwoord vervalt. Tot dan geldt daar de standaardkeuze.' : '.'
      }`
    : '';
  return `${head}${body}${hint}`;
}

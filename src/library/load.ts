/**
 * The clause library: questions, chapters, clauses, presets and source index, all read from data
 * files in clauses/ (see clauses/FORMAT.md). Loading checks the shape of every file; the deeper
 * checks (conditions, placeholders, reachability) live in lint.ts.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { conditionSchema, type Condition } from './conditions.js';
import { inputError } from '../util/errors.js';
import { clausesDir, displayPath, packageRoot } from '../util/paths.js';
import { loadYamlFile, type YamlFile } from '../util/yaml.js';
import { formatIssue } from '../util/zod-messages.js';

const idPattern = /^[a-z][a-z0-9_]*$/;
const valuePattern = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

const choiceSchema = z.strictObject({
  value: z.string().regex(valuePattern, 'alleen letters, cijfers en streepjes'),
  label: z.string().min(1),
  explanation: z.string().min(1),
  sources: z.array(z.string()).default([]),
});

const questionSchema = z.strictObject({
  id: z.string().regex(idPattern, 'kleine letters, cijfers en _; begint met een letter'),
  section: z.enum(['school', 'document', 'keuzes']),
  type: z.enum(['text', 'date', 'choice', 'multi']),
  prompt: z.string().min(1),
  help: z.string().default(''),
  required: z.boolean().optional(),
  default: z.union([z.string(), z.array(z.string())]).optional(),
  when: conditionSchema.optional(),
  choices: z.array(choiceSchema).optional(),
});

export type Choice = z.infer<typeof choiceSchema>;
export type Question = z.infer<typeof questionSchema>;

const chapterSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  title: z.string().min(1),
  intro: z.string().optional(),
});
export type Chapter = z.infer<typeof chapterSchema>;

const variantSchema = z.strictObject({
  when: conditionSchema.optional(),
  text: z.string().min(1),
  sources: z.array(z.string()).default([]),
});

const clauseSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/, 'hoofdstuk-id, een punt en een naam, bijvoorbeeld beeld.toestemming'),
    title: z.string().min(1).optional(),
    when: conditionSchema.optional(),
    text: z.string().min(1).optional(),
    sources: z.array(z.string()).default([]),
    conflicts: z.array(z.string()).default([]),
    variants: z.array(variantSchema).min(1).optional(),
  })
  .refine((c) => (c.text === undefined) !== (c.variants === undefined), {
    message: 'een clausule heeft óf `text` óf `variants`',
  });

export interface Clause {
  id: string;
  chapter: string;
  title?: string;
  when?: Condition;
  /** Variants in order; a clause with plain `text` has one variant without condition. */
  variants: { when?: Condition; text: string; sources: string[] }[];
  sources: string[];
  conflicts: string[];
  /** Where the clause was defined, for error messages: "clauses/beeld.yaml:12:5". */
  origin: string;
}

const presetSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string().min(1),
  description: z.string().default(''),
  keuzes: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
});
export type Preset = z.infer<typeof presetSchema>;

const sourcesSchema = z.object({
  protocols: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      organisation: z.string(),
      place: z.string().nullable(),
      date: z.string().nullable(),
    }),
  ),
  provisions: z.array(
    z.object({
      id: z.string(),
      protocol: z.string(),
      ref: z.string(),
      kind: z.string(),
      section: z.string().nullable().optional(),
    }),
  ),
});
export type Sources = z.infer<typeof sourcesSchema>;

const omittedSchema = z.object({
  omitted: z.array(z.strictObject({ id: z.string(), reason: z.string().min(1) })).default([]),
});

export interface Library {
  questions: Question[];
  chapters: Chapter[];
  clauses: Clause[];
  presets: Preset[];
  sources: Sources;
  omitted: { id: string; reason: string }[];
  /** The folders this library was read from, built-in first. */
  dirs: string[];
}

/** Parses `file` with `schema`; a failure becomes a Dutch error naming file, line and key. */
export function parseWith<T>(yaml: YamlFile, schema: z.ZodType<T>, what: string): T {
  const result = schema.safeParse(yaml.data, { reportInput: true });
  if (result.success) return result.data;
  const lines = result.error.issues.slice(0, 8).map((issue) => formatIssue(yaml, issue));
  const more = result.error.issues.length > 8 ? `\n  … en nog ${result.error.issues.length - 8} fouten` : '';
  throw inputError(`${what} klopt niet:\n${lines.map((l) => `  ${l}`).join('\n')}${more}`);
}

function readOptional<T>(dir: string, name: string, schema: z.ZodType<T>, what: string): T | undefined {
  const file = path.join(dir, name);
  if (!listYaml(dir).includes(name)) return undefined;
  return parseWith(loadYamlFile(file, what), schema, what);
}

function listYaml(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
      throw inputError(`${dir}: map met clausules niet gevonden. Controleer het pad bij --clauses.`);
    }
    if (error instanceof Error && 'code' in error && error.code === 'ENOTDIR') {
      throw inputError(`${dir}: dit is geen map. Bij --clauses hoort een map met .yaml-bestanden.`);
    }
    throw error;
  }
}

const RESERVED = new Set(['questions.yaml', 'chapters.yaml', 'presets.yaml', 'sources.yaml', 'omitted.yaml', 'migrations.yaml']);

function readClauseFiles(dir: string): Clause[] {
  const clauses: Clause[] = [];
  for (const name of listYaml(dir)) {
    if (RESERVED.has(name)) continue;
    const yaml = loadYamlFile(path.join(dir, name), 'clausulebestand');
    const file = parseWith(
      yaml,
      z.strictObject({ chapter: z.string().min(1), clauses: z.array(clauseSchema) }),
      `clausulebestand ${name}`,
    );
    file.clauses.forEach((raw, index) => {
      clauses.push({
        id: raw.id,
        chapter: file.chapter,
        ...(raw.title !== undefined && { title: raw.title }),
        ...(raw.when !== undefined && { when: raw.when }),
        variants: raw.variants ?? [{ text: raw.text ?? '', sources: [] }],
        sources: raw.sources,
        conflicts: raw.conflicts,
        origin: yaml.where(['clauses', index]),
      });
    });
  }
  return clauses;
}

/** What one folder of the library holds, checked. */
export interface DirContents {
  questions: Question[];
  chapters: Chapter[];
  presets: Preset[];
  sources?: Sources;
  omitted: { id: string; reason: string }[];
  clauses: Clause[];
}

/** Reads and checks one folder of clause files. */
export function readDir(dir: string): DirContents {
  const where = path.relative(process.cwd(), dir) || dir;
  const questions = readOptional(dir, 'questions.yaml', z.object({ questions: z.array(questionSchema) }), 'questions.yaml');
  const chapters = readOptional(dir, 'chapters.yaml', z.object({ chapters: z.array(chapterSchema) }), 'chapters.yaml');
  const presets = readOptional(dir, 'presets.yaml', z.object({ presets: z.array(presetSchema) }), 'presets.yaml');
  const sources = readOptional(dir, 'sources.yaml', sourcesSchema, 'sources.yaml');
  const omitted = readOptional(dir, 'omitted.yaml', omittedSchema, 'omitted.yaml');
  assertUnique(questions?.questions ?? [], `${where}/questions.yaml`, 'vraag');
  assertUnique(chapters?.chapters ?? [], `${where}/chapters.yaml`, 'hoofdstuk');
  assertUnique(presets?.presets ?? [], `${where}/presets.yaml`, 'preset');
  const clauses = readClauseFiles(dir);
  assertUnique(clauses, where, 'clausule');
  return {
    questions: questions?.questions ?? [],
    chapters: chapters?.chapters ?? [],
    presets: presets?.presets ?? [],
    ...(sources && { sources }),
    omitted: omitted?.omitted ?? [],
    clauses,
  };
}

/**
 * The built-in library as JSON, written by `npm run build` (library/write-cache.ts) next to the
 * compiled code: parsing 130 KB of YAML and checking it costs a fifth of a second per process
 * (and per worker thread); the JSON costs a few milliseconds. The cache holds a digest of every
 * clause file's name and contents and is used only when the files on disk still have that digest,
 * so an edited clause file is read from the YAML again. Clause origins are stored relative to the
 * folder and shown relative to the working folder, as a fresh read would.
 */
export const cacheFile = path.join(packageRoot, 'dist', 'library.json');
const CACHE_VERSION = 1;

/** The digest of a library folder's data files: their names and contents. */
export function libraryDigest(dir: string): string {
  const hash = createHash('sha256').update(`schoolprotocol-library-${CACHE_VERSION}\n`);
  for (const name of listYaml(dir)) hash.update(`${name}\n`).update(readFileSync(path.join(dir, name))).update('\n');
  return hash.digest('hex');
}

function readCache(dir: string): DirContents | undefined {
  let cached: { digest: string; contents: DirContents };
  try {
    cached = JSON.parse(readFileSync(cacheFile, 'utf8')) as typeof cached;
  } catch {
    return undefined;
  }
  if (cached.digest !== libraryDigest(dir)) return undefined;
  const contents = cached.contents;
  for (const clause of contents.clauses) {
    const m = /^(.*?\.yaml)((?::\d+:\d+)?)$/.exec(clause.origin);
    if (m?.[1]) clause.origin = `${displayPath(path.join(dir, m[1]))}${m[2] ?? ''}`;
  }
  return contents;
}

/** The cache's text for a folder: its contents read from the YAML, origins relative to the folder. */
export function cacheText(dir: string): string {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return JSON.stringify({ digest: libraryDigest(dir), contents: readDir(dir) });
  } finally {
    process.chdir(cwd);
  }
}

/**
 * Reads the built-in library and, when given, a folder of custom clauses whose files add
 * questions, chapters, clauses and presets, and replace built-in ones with the same id.
 */
export function loadLibrary(extraDirs: readonly string[] = [], base: string = clausesDir): Library {
  const dirs = [base, ...extraDirs.map((d) => path.resolve(d))];
  const library: Library = {
    questions: [],
    chapters: [],
    clauses: [],
    presets: [],
    sources: { protocols: [], provisions: [] },
    omitted: [],
    dirs,
  };
  for (const dir of dirs) {
    const { questions, chapters, presets, sources, omitted, clauses } = (dir === clausesDir ? readCache(dir) : undefined) ?? readDir(dir);
    library.questions = mergeById(library.questions, questions);
    library.chapters = mergeById(library.chapters, chapters);
    library.presets = mergeById(library.presets, presets);
    library.clauses = mergeById(library.clauses, clauses);
    if (sources) {
      library.sources = {
        protocols: mergeById(library.sources.protocols, sources.protocols),
        provisions: mergeById(library.sources.provisions, sources.provisions),
      };
    }
    library.omitted = mergeById(library.omitted, omitted);
  }
  return library;
}

function assertUnique(items: readonly { id: string; origin?: string }[], where: string, what: string): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) throw inputError(`${item.origin ?? where}: de ${what} met id "${item.id}" komt twee keer voor. Elk id moet uniek zijn.`);
    seen.add(item.id);
  }
}

/** Items of `extra` replace items of `base` with the same id in place; new ones are appended. */
function mergeById<T extends { id: string }>(base: T[], extra: T[]): T[] {
  const result = [...base];
  for (const item of extra) {
    const index = result.findIndex((b) => b.id === item.id);
    if (index >= 0) result[index] = item;
    else result.push(item);
  }
  return result;
}

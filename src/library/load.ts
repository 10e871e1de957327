/**
 * The clause library: questions, chapters, clauses, presets and source index, all read from data
 * files in clauses/ (see clauses/FORMAT.md). Loading checks the shape of every file; the deeper
 * checks (conditions, placeholders, reachability) live in lint.ts.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { conditionSchema, type Condition } from './conditions.js';
import { place } from './place.js';
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
  /** Offered (and part of the default) only when this holds, e.g. the school's social media only when it has an account. */
  when: conditionSchema.optional(),
});

/** Names that every JavaScript object already has: as a question id they would read as an answer. */
const RESERVED_IDS = new Set(['constructor', 'prototype', '__proto__', 'hasownproperty', 'tostring', 'valueof']);

const questionSchema = z.strictObject({
  id: z
    .string()
    .regex(idPattern, 'kleine letters, cijfers en _; begint met een letter')
    .refine((id) => !RESERVED_IDS.has(id), { message: 'deze naam is gereserveerd; kies een andere id' }),
  section: z.enum(['school', 'document', 'keuzes']),
  type: z.enum(['text', 'date', 'choice', 'multi']),
  prompt: z.string().min(1),
  help: z.string().default(''),
  required: z.boolean().optional(),
  default: z.union([z.string(), z.array(z.string())]).optional(),
  when: conditionSchema.optional(),
  choices: z.array(choiceSchema).optional(),
  /** Text questions: what {{tekst "id"}} shows when the answer is empty and the text gives no fallback. */
  fallback: z.string().min(1).optional(),
  /** The chapter this question mainly decides: the wizard walks and reviews the questions per chapter. */
  chapter: z.string().min(1).optional(),
  /** One of the decisions the wizard asks first (the short route); the rest can take the recommended choice. */
  core: z.boolean().optional(),
});

export type Choice = z.infer<typeof choiceSchema>;
export type Question = z.infer<typeof questionSchema>;

const chapterSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  title: z.string().min(1),
  intro: z.string().optional(),
  after: z.string().min(1).optional(),
});
export type Chapter = z.infer<typeof chapterSchema> & {
  /** Where the chapter was defined, for error messages: "clauses/chapters.yaml:3:5". */
  origin: string;
};

/** A statement a text makes ("foto-eigen-sociale-media-nooit"); `lint` reports a text that asserts one next to a text that denies it. */
export const statementSchema = z.array(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kleine letters, cijfers en streepjes')).default([]);

const variantSchema = z.strictObject({
  when: conditionSchema.optional(),
  text: z.string().min(1),
  sources: z.array(z.string()).default([]),
  asserts: statementSchema,
  denies: statementSchema,
});

const clauseSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/, 'hoofdstuk-id, een punt en een naam, bijvoorbeeld beeld.toestemming'),
    title: z.string().min(1).optional(),
    when: conditionSchema.optional(),
    text: z.string().min(1).optional(),
    sources: z.array(z.string()).default([]),
    conflicts: z.array(z.string()).default([]),
    asserts: statementSchema,
    denies: statementSchema,
    variants: z.array(variantSchema).min(1).optional(),
    after: z.string().min(1).optional(),
    /** The clause binds staff: the approval page lists it among the rules the personeelsgeleding votes on. */
    staff: z.boolean().default(false),
  })
  .refine((c) => (c.text === undefined) !== (c.variants === undefined), {
    message: 'een clausule heeft óf `text` óf `variants`',
  });

export interface Clause {
  id: string;
  /** The chapter the clause stands in: the one of its file, or the one of the clause named by `after`. */
  chapter: string;
  /** The chapter named in the clause's file (`chapter:`); its id starts with it. */
  fileChapter: string;
  /** The clause it comes directly after (`after:`), when its file says so. */
  after?: string;
  title?: string;
  when?: Condition;
  /** Variants in order; a clause with plain `text` has one variant without condition. `asserts`/`denies` include the clause's own. */
  variants: { when?: Condition; text: string; sources: string[]; asserts: string[]; denies: string[] }[];
  sources: string[];
  conflicts: string[];
  /** The clause binds staff (`staff: true`): the personeelsgeleding votes on it. */
  staff: boolean;
  /** Where the clause was defined, for error messages: "clauses/beeld.yaml:12:5". */
  origin: string;
  /** The index in `Library.dirs` of the folder it came from: 0 is the built-in library. */
  layer: number;
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

const TERM_SCOPES = ['protocol', 'ouderbrief', 'toestemmingsformulier', 'leerlingversie', 'vragen'] as const;
export type TermScope = (typeof TERM_SCOPES)[number];

const termSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    preferred: z.string().min(1),
    wrong: z.array(z.string().min(1)).default([]),
    pattern: z.string().min(1).optional(),
    case: z.literal('exact').optional(),
    except: z.array(z.string().min(1)).default([]),
    in: z.array(z.enum(TERM_SCOPES)).optional(),
    note: z.string().default(''),
  })
  .refine((t) => t.wrong.length > 0 || t.pattern !== undefined, { message: 'een term heeft `wrong` of `pattern`' })
  .refine(
    (t) => {
      try {
        if (t.pattern !== undefined) new RegExp(t.pattern, 'u');
        return true;
      } catch {
        return false;
      }
    },
    { message: '`pattern` is geen geldige reguliere expressie' },
  );

/** One entry of clauses/termen.yaml: the word the library uses and the forms that are wrong. */
export interface Term {
  id: string;
  preferred: string;
  /** Matches every wrong form (global). */
  regex: RegExp;
  except: string[];
  in: TermScope[];
  note: string;
  origin: string;
}

function readTerms(dir: string): Term[] {
  if (!listYaml(dir).includes('termen.yaml')) return [];
  const yaml = loadYamlFile(path.join(dir, 'termen.yaml'), 'termen.yaml');
  const file = parseWith(yaml, z.strictObject({ terms: z.array(termSchema) }), 'termen.yaml');
  const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return file.terms.map((t, index) => {
    const flags = t.case === 'exact' ? 'gu' : 'giu';
    const words = t.wrong.map((w) => `(?<![\\p{L}\\p{N}-])${escape(w)}(?![\\p{L}\\p{N}])`);
    const source = [...words, ...(t.pattern !== undefined ? [t.pattern] : [])].join('|');
    return {
      id: t.id,
      preferred: t.preferred,
      regex: new RegExp(source, flags),
      except: t.except,
      in: t.in ?? [...TERM_SCOPES],
      note: t.note,
      origin: yaml.where(['terms', index]),
    };
  });
}

export interface Library {
  questions: Question[];
  chapters: Chapter[];
  clauses: Clause[];
  presets: Preset[];
  sources: Sources;
  omitted: { id: string; reason: string }[];
  /** The vocabulary (termen.yaml); a later folder's term replaces one with the same id. */
  terms: Term[];
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

const RESERVED = new Set(['questions.yaml', 'chapters.yaml', 'presets.yaml', 'sources.yaml', 'omitted.yaml', 'migrations.yaml', 'termen.yaml']);

function readClauseFiles(dir: string, layer: number): Clause[] {
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
        fileChapter: file.chapter,
        ...(raw.after !== undefined && { after: raw.after }),
        ...(raw.title !== undefined && { title: raw.title }),
        ...(raw.when !== undefined && { when: raw.when }),
        variants: (raw.variants ?? [{ text: raw.text ?? '', sources: [], asserts: [], denies: [] }]).map((v) => ({
          ...v,
          asserts: [...raw.asserts, ...v.asserts],
          denies: [...raw.denies, ...v.denies],
        })),
        sources: raw.sources,
        conflicts: raw.conflicts,
        staff: raw.staff,
        origin: yaml.where(['clauses', index]),
        layer,
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
export function readDir(dir: string, layer = 0): DirContents {
  const where = path.relative(process.cwd(), dir) || dir;
  const questions = readOptional(dir, 'questions.yaml', z.object({ questions: z.array(questionSchema) }), 'questions.yaml');
  const chapters = readChapters(dir);
  const presets = readOptional(dir, 'presets.yaml', z.object({ presets: z.array(presetSchema) }), 'presets.yaml');
  const sources = readOptional(dir, 'sources.yaml', sourcesSchema, 'sources.yaml');
  const omitted = readOptional(dir, 'omitted.yaml', omittedSchema, 'omitted.yaml');
  assertUnique(questions?.questions ?? [], `${where}/questions.yaml`, 'vraag');
  assertUnique(chapters?.chapters ?? [], `${where}/chapters.yaml`, 'hoofdstuk');
  assertUnique(presets?.presets ?? [], `${where}/presets.yaml`, 'preset');
  const clauses = readClauseFiles(dir, layer);
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
 * The built-in library as JSON, written by `npm run build` (build/write-cache.ts) next to the
 * compiled code: parsing 130 KB of YAML and checking it costs a fifth of a second per process
 * (and per worker thread); the JSON costs a few milliseconds. Besides the folder's contents it
 * holds sections of other stages (the companion texts of `documenten/`, the migration steps),
 * which they read with `cachedSection`. The cache holds a digest of every data file's name and
 * contents (the folder's YAML and that of `documenten/`) and is used only when the files on disk
 * still have that digest, so an edited file is read from the YAML again. Origins are stored
 * relative to the folder and shown relative to the working folder, as a fresh read would.
 */
export const cacheFile = path.join(packageRoot, 'dist', 'library.json');
const CACHE_VERSION = 2;

/** The subfolder whose YAML the digest covers besides the folder's own (the companion texts). */
const CACHED_SUBFOLDERS = ['documenten'];

/** The digest of a library folder's data files: their names and contents. */
export function libraryDigest(dir: string): string {
  const hash = createHash('sha256').update(`schoolprotocol-library-${CACHE_VERSION}\n`);
  const names = [...listYaml(dir), ...CACHED_SUBFOLDERS.flatMap((sub) => (existsSync(path.join(dir, sub)) ? listYaml(path.join(dir, sub)).map((name) => `${sub}/${name}`) : []))];
  for (const name of names) hash.update(`${name}\n`).update(readFileSync(path.join(dir, name))).update('\n');
  return hash.digest('hex');
}

interface CacheData {
  digest: string;
  contents: DirContents;
  sections: Record<string, unknown>;
}

/**
 * The cache as read in this process: its text, once checked against the files (undefined: absent,
 * unreadable, or not of these files), and a parse whose parts are handed out once each.
 */
let cacheRead: { dir: string; text: string | undefined; parsed?: CacheData; taken: Set<string> } | undefined;

/**
 * The parse of the cache to take one part (`key`) from. Whoever takes a part owns it (and sets its
 * origins), so a part is never handed out twice: a second taker gets a parse of its own.
 */
function takeFromCache(dir: string, key: string): CacheData | undefined {
  if (cacheRead?.dir !== dir) {
    cacheRead = { dir, text: undefined, taken: new Set() };
    try {
      const text = readFileSync(cacheFile, 'utf8');
      const parsed = JSON.parse(text) as CacheData;
      if (parsed.digest === libraryDigest(dir) && typeof parsed.sections === 'object') cacheRead = { dir, text, parsed, taken: new Set() };
    } catch {
      // no cache, or not one that can be read: the YAML is read instead
    }
  }
  const read = cacheRead;
  if (read.text === undefined) return undefined;
  if (!read.parsed || read.taken.has(key)) {
    read.parsed = JSON.parse(read.text) as CacheData;
    read.taken.clear();
  }
  read.taken.add(key);
  return read.parsed;
}

/** An origin stored relative to the library folder ("beeld.yaml:12:5"), as a fresh read shows it. */
export function cachedOrigin(dir: string, origin: string): string {
  const m = /^(.*?\.yaml)((?::\d+:\d+)?)$/.exec(origin);
  return m?.[1] ? `${displayPath(path.join(dir, m[1]))}${m[2] ?? ''}` : origin;
}

function readCache(dir: string): DirContents | undefined {
  const contents = takeFromCache(dir, 'contents')?.contents;
  if (!contents) return undefined;
  for (const item of [...contents.clauses, ...contents.chapters]) {
    if (item.origin !== undefined) item.origin = cachedOrigin(dir, item.origin);
  }
  return contents;
}

/**
 * A section another stage stored in the cache for the built-in folder (see build/write-cache.ts),
 * or undefined when `dir` is not the built-in folder or the cache is not of its files. The caller
 * owns what it gets.
 */
export function cachedSection(dir: string, name: string): unknown {
  if (dir !== clausesDir) return undefined;
  return takeFromCache(dir, `section ${name}`)?.sections[name];
}

/** The cache's text for a folder: its contents read from the YAML, and the given sections, origins relative to the folder. */
export function cacheText(dir: string, sections: Record<string, () => unknown> = {}): string {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return JSON.stringify({ digest: libraryDigest(dir), contents: readDir(dir), sections: Object.fromEntries(Object.entries(sections).map(([name, read]) => [name, read()])) } satisfies CacheData);
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
    terms: [],
    dirs,
  };
  dirs.forEach((dir, layer) => {
    const { questions, chapters, presets, sources, omitted, clauses } = (layer === 0 && dir === clausesDir ? readCache(dir) : undefined) ?? readDir(dir, layer);
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
  });
  // The vocabulary only serves lint: read on first use.
  let terms: Term[] | undefined;
  Object.defineProperty(library, 'terms', {
    enumerable: true,
    get: () => (terms ??= dirs.reduce<Term[]>((all, dir) => mergeById(all, readTerms(dir)), [])),
    set: (value: Term[]) => {
      terms = value;
    },
  });
  return placeLibrary(library);
}

function readChapters(dir: string): { chapters: Chapter[] } | undefined {
  if (!listYaml(dir).includes('chapters.yaml')) return undefined;
  const yaml = loadYamlFile(path.join(dir, 'chapters.yaml'), 'chapters.yaml');
  const file = parseWith(yaml, z.object({ chapters: z.array(chapterSchema) }), 'chapters.yaml');
  return { chapters: file.chapters.map((chapter, index) => ({ ...chapter, origin: yaml.where(['chapters', index]) })) };
}

/**
 * Puts chapters and clauses in document order (`after:`, see place.ts); a clause after a clause of
 * another chapter moves to that chapter. Unknown ids, cycles and two items after the same one are
 * one Dutch input error that names every file and id.
 */
function placeLibrary(library: Library): Library {
  const chapters = place(library.chapters, {
    what: 'het hoofdstuk',
    which: 'dat',
    otherKind: {
      ids: new Set(library.clauses.map((c) => c.id)),
      what: 'een clausule',
      hint: 'Een hoofdstuk staat na een ander hoofdstuk: noem het id van een hoofdstuk uit chapters.yaml.',
    },
  });
  const clauses = place(library.clauses, {
    what: 'de clausule',
    which: 'die',
    otherKind: {
      ids: new Set(library.chapters.map((c) => c.id)),
      what: 'een hoofdstuk',
      hint: 'Een clausule staat na een andere clausule: noem het id van een clausule (bijvoorbeeld beeld.ouders). Zonder `after` komt een nieuwe clausule achteraan in het hoofdstuk van haar bestand.',
    },
  });
  const problems = [...chapters.problems, ...clauses.problems];
  if (problems.length > 0) {
    throw inputError(`de plaats van eigen hoofdstukken of clausules (\`after\`) klopt niet:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  library.chapters = chapters.order;
  library.clauses = clauses.order.map((clause) => {
    const chapter = clauses.anchor.get(clause.id)?.chapter ?? clause.chapter;
    return chapter === clause.chapter ? clause : { ...clause, chapter };
  });
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

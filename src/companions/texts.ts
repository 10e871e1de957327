/**
 * The texts of the companion documents: data in `clauses/documenten/<document>.yaml` (format in
 * clauses/documenten/README.md), read from every folder of the library, so a `--clauses` folder
 * with a `documenten/` subfolder can add or replace blocks, as it can clauses.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { conditionSchema, type Condition } from '../library/conditions.js';
import { inputError } from '../util/errors.js';
import { cachedOrigin, cachedSection, parseWith, statementSchema, type Library } from '../library/load.js';
import { place } from '../library/place.js';
import { loadYamlFile } from '../util/yaml.js';

/**
 * The companion documents, in the order they are built: file name, name (PDF title), footer label,
 * how a sentence names it, and the parts their templates fill.
 */
export const COMPANIONS = [
  { id: 'leerlingversie', name: 'Leerlingversie van het protocol sociale media', footer: 'Leerlingversie', called: 'de leerlingversie', parts: ['afspraken', 'hulp'] },
  { id: 'ouderbrief', name: 'Brief aan ouders/verzorgers over het protocol sociale media', footer: 'Brief aan ouders/verzorgers', called: 'de ouderbrief', parts: ['brief'] },
  {
    id: 'toestemmingsformulier',
    name: 'Toestemmingsformulier beeldmateriaal',
    footer: 'Toestemmingsformulier beeldmateriaal',
    called: 'het toestemmingsformulier',
    parts: ['uitleg', 'media', 'afspraken', 'inleveren'],
  },
] as const;

export type CompanionId = (typeof COMPANIONS)[number]['id'];
export const COMPANION_IDS = COMPANIONS.map((c) => c.id) as CompanionId[];

/** The folder of a library folder that holds the companion texts. */
export const TEXTS_FOLDER = 'documenten';

const variantSchema = z.strictObject({
  when: conditionSchema.optional(),
  title: z.string().min(1).optional(),
  text: z.string().min(1),
  asserts: statementSchema,
  denies: statementSchema,
});

const blockSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'kleine letters, cijfers en streepjes; begint met een letter'),
    title: z.string().min(1).optional(),
    when: conditionSchema.optional(),
    text: z.string().min(1).optional(),
    asserts: statementSchema,
    denies: statementSchema,
    variants: z.array(variantSchema).min(1).optional(),
    /** The block of the same part it comes directly after. */
    after: z.string().min(1).optional(),
    /** The protocol clause(s) whose rule this block repeats. */
    summarises: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    /** In a later folder: leave the block of an earlier folder out, for this reason. */
    omit: z.string().trim().min(1, 'noem de reden waarom het blok wegvalt').optional(),
    /** In a later folder: the block of an earlier folder still fits the custom clauses, for this reason. */
    keep: z.string().trim().min(1, 'noem de reden waarom het blok nog klopt').optional(),
  })
  .refine((b) => b.omit !== undefined || b.keep !== undefined || (b.text === undefined) !== (b.variants === undefined), { message: 'een blok heeft óf `text` óf `variants`' })
  .refine(
    (b) =>
      (b.omit === undefined && b.keep === undefined) ||
      (b.omit === undefined) !== (b.keep === undefined) && b.text === undefined && b.variants === undefined && b.title === undefined && b.when === undefined && b.summarises === undefined && b.after === undefined,
    { message: 'een blok met `omit` of `keep` heeft alleen een `id` en de reden (en niet allebei)' },
  );

const fileSchema = z.strictObject({
  document: z.enum(COMPANION_IDS as [CompanionId, ...CompanionId[]]),
  title: z.string().min(1).optional(),
  when: conditionSchema.optional(),
  parts: z.record(z.string(), z.array(blockSchema)).default({}),
});

export interface Variant {
  when?: Condition;
  /** Overrides the block's title. */
  title?: string;
  text: string;
  /** Statements this text makes or denies, the block's own included (see clauses/FORMAT.md). */
  asserts: string[];
  denies: string[];
}

export interface Block {
  id: string;
  title?: string;
  when?: Condition;
  /** In order; the first that matches is used. A block with plain `text` has one variant without condition. */
  variants: Variant[];
  /** The block of the same part it comes directly after (`after:`). */
  after?: string;
  /** The ids of the protocol clauses whose rules this block repeats; [] when it repeats none. */
  summarises: string[];
  /** "clauses/documenten/ouderbrief.yaml:12:7", for messages. */
  origin: string;
  /** The index in `Library.dirs` of the folder it came from: 0 is the built-in library. */
  layer: number;
}

/** What a later folder decided about a block of an earlier one: leave it out (`omit`) or keep it as it is (`keep`), and why. */
export interface BlockDecision {
  id: string;
  part: string;
  action: 'omit' | 'keep';
  reason: string;
  origin: string;
  /** False when no earlier folder has a block with this id in this part. */
  found: boolean;
}

export interface CompanionTexts {
  document: CompanionId;
  title: string;
  /** When the document is made at all; the answers setting lives here. */
  when?: Condition;
  parts: Record<string, Block[]>;
  /** Every block of every part, in order. */
  blocks: Block[];
  /** The blocks later folders leave out or keep, in the order read. */
  decisions: BlockDecision[];
  /** The files the texts came from, for messages. */
  origin: string;
}

const cache = new WeakMap<Library, CompanionTexts[]>();

/** One file of `documenten/`, checked, with the origins of its blocks ("…/ouderbrief.yaml:12:7"). */
export interface TextFile {
  name: string;
  file: z.infer<typeof fileSchema>;
  origin: string;
  blockOrigins: Record<string, string[]>;
}

/** The name of the library cache's section with the built-in folder's text files (build/write-cache.ts). */
export const TEXTS_SECTION = 'documenten';

/** Reads and checks the text files of one library folder, in name order; none when it has no `documenten/`. */
export function readTextFiles(dir: string): TextFile[] {
  const folder = path.join(dir, TEXTS_FOLDER);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((name) => {
      const yaml = loadYamlFile(path.join(folder, name), 'documenttekst');
      const file = parseWith(yaml, fileSchema, `documenttekst ${TEXTS_FOLDER}/${name}`);
      const blockOrigins = Object.fromEntries(Object.entries(file.parts).map(([part, blocks]) => [part, blocks.map((_b, index) => yaml.where(['parts', part, index]))]));
      return { name, file, origin: yaml.where([]), blockOrigins };
    });
}

/** The built-in folder's text files from the library cache (origins as a fresh read shows them), or undefined. */
export function cachedTextFiles(dir: string): TextFile[] | undefined {
  const files = cachedSection(dir, TEXTS_SECTION) as TextFile[] | undefined;
  if (!Array.isArray(files)) return undefined;
  for (const text of files) {
    text.origin = cachedOrigin(dir, text.origin);
    for (const origins of Object.values(text.blockOrigins)) origins.forEach((origin, i) => (origins[i] = cachedOrigin(dir, origin)));
  }
  return files;
}

/**
 * The companion texts of a library, one entry per document that has texts; a library without a
 * `documenten/` folder (a test fixture) has none. Later folders replace blocks with the same id
 * and the title and condition of a document, and add new blocks at the end of their part.
 */
export function companionTexts(library: Library): CompanionTexts[] {
  const cached = cache.get(library);
  if (cached) return cached;
  const byId = new Map<CompanionId, CompanionTexts>();
  library.dirs.forEach((dir, layer) => {
    for (const { file, origin: fileOrigin, blockOrigins } of (layer === 0 ? cachedTextFiles(dir) : undefined) ?? readTextFiles(dir)) {
      const texts = byId.get(file.document) ?? { document: file.document, title: '', parts: {}, blocks: [], decisions: [], origin: fileOrigin };
      if (file.title !== undefined) texts.title = file.title;
      if (file.when !== undefined) texts.when = file.when;
      for (const [part, raw] of Object.entries(file.parts)) {
        const blocks = [...(texts.parts[part] ?? [])];
        raw.forEach((b, index) => {
          const origin = blockOrigins[part]?.[index] ?? fileOrigin;
          if (raw.slice(0, index).some((other) => other.id === b.id)) {
            throw inputError(`${origin}: het blok "${b.id}" komt twee keer voor in het deel "${part}". Elk id moet uniek zijn.`);
          }
          const at = blocks.findIndex((other) => other.id === b.id);
          const found = at >= 0;
          if (b.omit !== undefined) {
            if (found) blocks.splice(at, 1);
            texts.decisions.push({ id: b.id, part, action: 'omit', reason: b.omit, origin, found });
            return;
          }
          const kept = blocks[at];
          if (b.keep !== undefined) {
            // The block stays as it is, but counts as given by this folder.
            if (kept) blocks[at] = { ...kept, layer };
            texts.decisions.push({ id: b.id, part, action: 'keep', reason: b.keep, origin, found });
            return;
          }
          const block: Block = {
            id: b.id,
            ...(b.title !== undefined && { title: b.title }),
            ...(b.when !== undefined && { when: b.when }),
            ...(b.after !== undefined && { after: b.after }),
            variants: (b.variants ?? [{ text: b.text ?? '', asserts: [], denies: [] }]).map((v) => ({
              ...v,
              asserts: [...b.asserts, ...v.asserts],
              denies: [...b.denies, ...v.denies],
            })),
            summarises: b.summarises === undefined ? [] : [b.summarises].flat(),
            origin,
            layer,
          };
          if (at >= 0) blocks[at] = block;
          else blocks.push(block);
        });
        texts.parts[part] = blocks;
      }
      byId.set(file.document, texts);
    }
  });
  const result = COMPANION_IDS.flatMap((id) => byId.get(id) ?? []);
  const problems: string[] = [];
  for (const texts of result) {
    for (const [part, blocks] of Object.entries(texts.parts)) {
      const placed = place(blocks, { what: 'het blok', which: 'dat', scope: `in het deel ${part} van ${texts.document}` });
      problems.push(...placed.problems);
      texts.parts[part] = placed.order;
    }
  }
  if (problems.length > 0) {
    throw inputError(`de plaats van eigen blokken in de documenten bij het protocol (\`after\`) klopt niet:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  for (const texts of result) {
    texts.blocks = Object.values(texts.parts).flat();
    if (!texts.title) throw inputError(`${texts.origin}: de documenttekst van ${texts.document} heeft geen \`title\`.`);
  }
  cache.set(library, result);
  return result;
}

/**
 * assemble(answers, library) → Protocol: selects, orders, numbers and fills in the clauses.
 * Pure and deterministic: no clock, no randomness, no file system.
 */
import type Handlebars from 'handlebars';
import { evaluate } from '../library/conditions.js';
import type { Answers, HistoryEntry, Values } from '../answers/schema.js';
import type { Clause, Library, Question } from '../library/load.js';
import { dutchList, escapeMarkdown, memo } from '../util/text.js';
import { compileTemplate, handlebarsEnvironment, TEXT_OPTIONS } from '../util/precompiled.js';

export interface Article {
  /** "4.2" */
  number: string;
  clause: string;
  /** The article's heading; '' when it has none (templates use strict mode, so never undefined). */
  title: string;
  /** Markdown body with every placeholder filled in. */
  text: string;
  /** Provision ids the article draws on, e.g. "kalisto/a.5". */
  sources: string[];
  /** The clause binds staff (`staff: true` in the library): the personeelsgeleding votes on it. */
  staff: boolean;
}

export interface Chapter {
  number: number;
  id: string;
  title: string;
  /** Markdown introduction; '' when none. */
  intro: string;
  articles: Article[];
}

export interface ChoiceRecord {
  question: string;
  prompt: string;
  /** The chosen labels (one for a choice question, any number for multi). */
  labels: string[];
  explanations: string[];
  defaulted: boolean;
}

export interface Protocol {
  school: { naam: string; bestuur?: string; plaats: string };
  document: { versie: string; datum: string; status: string; raad: string };
  chapters: Chapter[];
  choices: ChoiceRecord[];
  values: Values;
  /** Earlier versions, and the approved one a redline is made against; set by the build (redline/baseline.ts), not by assemble. */
  revision?: { history: HistoryEntry[]; redlineAgainst?: HistoryEntry };
  /** The companion documents that are part of what is approved ("leerlingversie", ...); set by the build, not by assemble. */
  companions?: string[];
}

/** Names clause text may use, beside the helpers lijst, keuze, tekst and ref. */
export const PLACEHOLDERS = ['school', 'bestuur', 'plaats', 'raad', 'raad_voluit'] as const;

export class AssemblyError extends Error {
  override readonly name = 'AssemblyError';
}

const compiled = new Map<string, HandlebarsTemplateDelegate>();
const handlebars = handlebarsEnvironment();
// Clause text may not write to the terminal or reach into objects: `{{log}}` and `{{lookup}}` are
// unknown helpers here (a compile error that lint reports), and the logger is silenced besides.
handlebars.unregisterHelper('log');
handlebars.unregisterHelper('lookup');
handlebars.log = () => undefined;

export function compile(text: string): HandlebarsTemplateDelegate {
  return memo(compiled, text, () => compileTemplate(handlebars, text, TEXT_OPTIONS));
}

function str(values: Values, id: string): string {
  const value = values[id];
  return typeof value === 'string' ? value : '';
}

/** The variant of a clause that applies, or undefined when the clause is not in the document. */
export function selectVariant(clause: Clause, values: Values) {
  if (!evaluate(clause.when, values)) return undefined;
  return clause.variants.find((v) => evaluate(v.when, values));
}

export function placeholderContext(values: Values) {
  const raad = str(values, 'raad') || 'MR';
  const bestuur = str(values, 'bestuur');
  return {
    school: escapeMarkdown(str(values, 'naam')),
    bestuur: bestuur ? escapeMarkdown(bestuur) : 'het schoolbestuur',
    plaats: escapeMarkdown(str(values, 'plaats')),
    raad,
    raad_voluit: raad === 'GMR' ? 'de gemeenschappelijke medezeggenschapsraad (GMR)' : 'de medezeggenschapsraad (MR)',
  };
}

const questionMaps = new WeakMap<Library, Map<string, Question>>();

function questionsById(library: Library): Map<string, Question> {
  return memo(questionMaps, library, () => new Map(library.questions.map((q) => [q.id, q])));
}

/**
 * What a filled text depends on, read from its placeholders: the names it takes from the context,
 * the answers its helpers read and the clauses it refers to. Only for a text whose every
 * placeholder is one of the plain forms below (helpers with text arguments only); any other text
 * gets null and is filled every time. A text with the school's name or place differs per school,
 * so it is not worth remembering either.
 */
interface TextReads {
  names: string[];
  answers: string[];
  refs: string[];
}
const PLAIN_PLACEHOLDER = /^(?:#?(lijst|keuze|tekst|ref) "([^"\\{}]*)"(?: "[^"\\{}]*")*|(bestuur|raad|raad_voluit)|\/tekst|else|antwoord)$/;
const PER_SCHOOL = /\{\{\s*(?:school|plaats)\s*\}\}/;

function textReads(text: string): TextReads | null {
  if (PER_SCHOOL.test(text) || text.includes('\\{{')) return null;
  const reads: TextReads = { names: [], answers: [], refs: [] };
  let count = 0;
  for (const [, inner = ''] of text.matchAll(/\{\{([^{}]*)\}\}/g)) {
    count++;
    const plain = PLAIN_PLACEHOLDER.exec(inner);
    if (!plain) return null;
    const [, helper, id = '', name] = plain;
    if (name) reads.names.push(name);
    else if (helper) (helper === 'ref' ? reads.refs : reads.answers).push(id);
  }
  // Every `{{` must be one of the placeholders read above.
  return count === text.split('{{').length - 1 ? reads : null;
}

/** A text without placeholders is its trimmed self (`plain`); one with placeholders is filled per school. */
type FilledText = { plain: string } | { reads: TextReads | null; filled: Map<string, string> };
/** Filled texts, per library and text, keyed by what the text reads: most recur across the schools of a batch. Emptied when it grows large. */
const filledTexts = new WeakMap<Library, { size: number; texts: Map<string, FilledText> }>();
const MAX_FILLED = 20_000;

/** A function that fills texts for one document; `refs` maps clause ids to article numbers. */
export function textFiller(library: Library, values: Values, refs: ReadonlyMap<string, string>): (text: string, where: string) => string {
  const context = placeholderContext(values);
  const fill = uncachedFiller(library, values, refs, context);
  const cache = memo(filledTexts, library, () => ({ size: 0, texts: new Map<string, FilledText>() }));
  return (text, where) => {
    // Most clause texts hold no placeholder: they are what they say, without Handlebars. The same
    // trimmed string for every school: the renderers' memos then find it without hashing it again.
    const entry = memo(cache.texts, text, (): FilledText => (text.includes('{{') ? { reads: textReads(text), filled: new Map() } : { plain: text.trim() }));
    if ('plain' in entry) return entry.plain;
    if (!entry.reads) return fill(text, where);
    const { names, answers, refs: refIds } = entry.reads;
    const key = JSON.stringify([names.map((n) => context[n as keyof typeof context]), answers.map((id) => values[id] ?? null), refIds.map((id) => refs.get(id) ?? null)]);
    const hit = entry.filled.get(key);
    if (hit !== undefined) return hit;
    const filled = fill(text, where);
    if (cache.size >= MAX_FILLED) {
      for (const other of cache.texts.values()) if ('filled' in other) other.filled.clear();
      cache.size = 0;
    }
    entry.filled.set(key, filled);
    cache.size++;
    return filled;
  };
}

function uncachedFiller(library: Library, values: Values, refs: ReadonlyMap<string, string>, context: ReturnType<typeof placeholderContext>): (text: string, where: string) => string {
  const questionById = questionsById(library);
  const labelOf = (q: Question | undefined, value: string) => q?.choices?.find((c) => c.value === value)?.label ?? value;
  return (text, where) => {
    const helpers = {
      // {{lijst "platforms"}}, or {{lijst "platforms" "x"}}: the labels of the chosen values, leaving out the values named after the id.
      lijst(id: unknown, ...rest: unknown[]) {
        const q = questionById.get(String(id));
        const value = values[String(id)];
        if (!q || !Array.isArray(value)) throw new AssemblyError(`${where}: {{lijst "${String(id)}"}} noemt geen meerkeuzevraag met een antwoord`);
        const leaveOut = new Set(rest.slice(0, -1).filter((r): r is string => typeof r === 'string'));
        return dutchList(value.filter((v) => !leaveOut.has(v)).map((v) => labelOf(q, v)));
      },
      keuze(id: unknown) {
        const q = questionById.get(String(id));
        const value = values[String(id)];
        if (!q || typeof value !== 'string') throw new AssemblyError(`${where}: {{keuze "${String(id)}"}} noemt geen keuzevraag met een antwoord`);
        return labelOf(q, value);
      },
      // {{tekst "vraag"}} or {{tekst "vraag" "vervangende tekst"}}: a text answer; when it is empty,
      // the text's own fallback, else the question's `fallback`.
      // As a block, {{#tekst "vraag"}} ({{antwoord}}){{else}}…{{/tekst}}: the body with `antwoord`
      // when the answer is filled in, else the {{else}} part (or nothing), e.g. for a named contact.
      tekst(this: object, id: unknown, ...rest: unknown[]) {
        const q = questionById.get(String(id));
        if (!q || q.type !== 'text') throw new AssemblyError(`${where}: {{tekst "${String(id)}"}} noemt geen tekstvraag`);
        const answer = str(values, q.id).trim();
        const options = rest.pop() as Handlebars.HelperOptions;
        if (typeof options.fn === 'function') return answer ? options.fn({ ...this, antwoord: escapeMarkdown(answer) }) : options.inverse(this);
        if (answer) return escapeMarkdown(answer);
        const fallback = typeof rest[0] === 'string' ? rest[0] : q.fallback;
        if (fallback === undefined) throw new AssemblyError(`${where}: {{tekst "${q.id}"}} heeft geen antwoord en geen vervangende tekst`);
        return fallback;
      },
      ref(id: unknown) {
        const number = refs.get(String(id));
        if (!number) throw new AssemblyError(`${where}: {{ref "${String(id)}"}} verwijst naar een artikel dat niet in dit document staat`);
        return `artikel ${number}`;
      },
    };
    try {
      return compile(text)(context, { helpers }).trim();
    } catch (error) {
      if (error instanceof AssemblyError) throw error;
      throw new AssemblyError(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
}

/** The provisions a variant draws on, its clause's first: made once per variant (every school takes the same list). */
const variantSources = new WeakMap<object, readonly string[]>();
function sourcesOf(clause: Clause, variant: Clause['variants'][number]): string[] {
  const sources = memo(variantSources, variant, () => Object.freeze([...new Set([...clause.sources, ...variant.sources])]));
  // A copy: an article's list is its own, whoever changes it.
  return [...sources];
}

export function assemble(answers: Answers, library: Library): Protocol {
  const values = answers.values;
  type Selected = { clause: Clause; text: string; sources: string[] };
  const selected = new Map<string, Selected[]>();
  for (const clause of library.clauses) {
    const variant = selectVariant(clause, values);
    if (!variant) continue;
    const list = selected.get(clause.chapter) ?? [];
    list.push({ clause, text: variant.text, sources: sourcesOf(clause, variant) });
    selected.set(clause.chapter, list);
  }

  const refs = new Map<string, string>();
  // A loop that pushes, not filter and map: V8 optimized assemble five times in a batch of 1000
  // (64 ms of compiling), each time thrown out at `numbered.map` below for "wrong map".
  const numbered: { chapter: Library['chapters'][number]; number: number; items: Selected[] }[] = [];
  for (const chapter of library.chapters) {
    // A chapter's list exists once a clause of it is selected.
    const items = selected.get(chapter.id);
    if (!items) continue;
    const number = numbered.length + 1;
    items.forEach((item, i) => refs.set(item.clause.id, `${number}.${i + 1}`));
    numbered.push({ chapter, number, items });
  }

  const fill = textFiller(library, values, refs);
  const chapters: Chapter[] = numbered.map(({ chapter, number, items }) => ({
    number,
    id: chapter.id,
    title: chapter.title,
    intro: chapter.intro === undefined ? '' : fill(chapter.intro, `hoofdstuk ${chapter.id}`),
    articles: items.map(({ clause, text, sources }) => ({
      number: refs.get(clause.id) ?? '',
      clause: clause.id,
      title: clause.title ?? '',
      text: fill(text, `clausule ${clause.id}`),
      sources,
      staff: clause.staff,
    })),
  }));

  const choices: ChoiceRecord[] = library.questions
    .filter((q) => q.section === 'keuzes' && values[q.id] !== undefined && q.choices)
    .map((q) => {
      const value = values[q.id];
      const chosen = (Array.isArray(value) ? value : [value]).map((v) => q.choices?.find((c) => c.value === v));
      return {
        question: q.id,
        prompt: q.prompt,
        labels: chosen.map((c) => c?.label ?? ''),
        explanations: chosen.map((c) => c?.explanation ?? ''),
        defaulted: answers.defaulted.includes(q.id),
      };
    });

  const bestuur = str(values, 'bestuur');
  return {
    school: { naam: str(values, 'naam'), ...(bestuur && { bestuur }), plaats: str(values, 'plaats') },
    document: { versie: str(values, 'versie'), datum: str(values, 'datum'), status: str(values, 'status'), raad: str(values, 'raad') },
    chapters,
    choices,
    values,
  };
}

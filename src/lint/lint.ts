/**
 * Checks a clause library beyond its shape: references between questions, clauses, sources and
 * presets; placeholders; reachability of every clause and variant; and that every choice value
 * changes the document. Returns Dutch problem descriptions; empty means the library is sound.
 */
import type Handlebars from 'handlebars';
import { evaluate, references, type Condition } from '../library/conditions.js';
import { compile, placeholderContext, selectVariant } from '../assemble/assemble.js';
import { rawHtmlIn } from '../render/html.js';
import { answerSchema, type Values } from '../answers/schema.js';
import { choiceQuestions, domain, effectiveValues, findAssignment, random, randomAssignment } from './combinations.js';
import { companionTexts, COMPANIONS, selectBlockVariant } from '../companions/index.js';
import type { Block } from '../companions/texts.js';
import { summaryProblems } from './summaries.js';
import type { Clause, Library, Question, TermScope } from '../library/load.js';

export const CORE_QUESTIONS = ['naam', 'bestuur', 'plaats', 'versie', 'datum', 'status', 'raad'];

export interface LintResult {
  problems: string[];
  /** How many answer combinations the value check tried. */
  samples: number;
  /** Not wrong, but worth fixing (a question without a chapter). */
  warnings: string[];
}

/** The questions a text shows through {{lijst}} and {{keuze}}, per text: signature() runs many thousands of times. */
const shownIds = new Map<string, string[]>();

/** The answers a text shows through {{lijst}} and {{keuze}}. */
function shown(text: string, values: Values): string {
  let ids = shownIds.get(text);
  if (!ids) {
    ids = [...text.matchAll(/\{\{#?\s*(?:lijst|keuze|tekst)\s+"([^"]+)"/g)].map((m) => m[1] ?? '');
    shownIds.set(text, ids);
  }
  return ids.map((id) => JSON.stringify(values[id])).join('');
}

/** Selected clause ids with their variant and the answers their text shows; then the same for the companion documents. */
export function signature(library: Library, values: Values): string {
  const parts: string[] = [];
  for (const clause of library.clauses) {
    const variant = selectVariant(clause, values);
    if (!variant) continue;
    parts.push(`${clause.id}#${clause.variants.indexOf(variant)}${shown(variant.text, values)}`);
  }
  for (const texts of companionTexts(library)) {
    if (!evaluate(texts.when, values)) continue;
    parts.push(texts.document);
    for (const block of variableBlocks(texts.blocks)) {
      const variant = selectBlockVariant(block, values);
      if (variant) parts.push(`${block.id}#${block.variants.indexOf(variant)}${shown(variant.title ?? '', values)}${shown(variant.text, values)}`);
    }
  }
  return parts.join('|');
}

const variable = new WeakMap<readonly Block[], Block[]>();

/** The blocks whose text can change with the answers; the others add nothing to a signature. */
function variableBlocks(blocks: readonly Block[]): Block[] {
  let found = variable.get(blocks);
  if (!found) {
    found = blocks.filter((b) => b.when !== undefined || b.variants.some((v) => v.when !== undefined || /\{\{#?\s*(?:lijst|keuze|tekst)\b/.test(`${v.title ?? ''}${v.text}`)));
    variable.set(blocks, found);
  }
  return found;
}

/** Problems with a condition: unknown questions or values, `filled` on a choice question. */
function conditionProblems(questions: ReadonlyMap<string, Question>, condition: Condition | undefined, where: string): string[] {
  const problems: string[] = [];
  for (const ref of references(condition)) {
    const q = questions.get(ref.question);
    if (!q) {
      problems.push(`${where}: de voorwaarde noemt vraag "${ref.question}", die niet bestaat`);
      continue;
    }
    if (ref.value === undefined) {
      if (q.type !== 'text') problems.push(`${where}: \`filled\` werkt alleen bij tekstvragen, niet bij "${q.id}"`);
      continue;
    }
    if (!q.choices?.some((c) => c.value === ref.value)) {
      problems.push(`${where}: de voorwaarde noemt waarde "${ref.value}" bij vraag "${q.id}", maar die vraag kent alleen: ${(q.choices ?? []).map((c) => c.value).join(', ') || '(geen keuzes)'}`);
    }
  }
  return problems;
}

/**
 * `quick` checks only what can be checked without trying answer combinations (shape, references,
 * placeholders): fast enough to run before every build with custom clauses.
 */
export function lintLibrary(library: Library, options: { samples?: number; quick?: boolean } = {}): LintResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  const questions = new Map(library.questions.map((q) => [q.id, q]));
  const protocols = new Set(library.sources.protocols.map((p) => p.id));
  const provisions = new Set(library.sources.provisions.map((p) => p.id));
  const clauseIds = new Set(library.clauses.map((c) => c.id));
  const chapterIds = new Set(library.chapters.map((c) => c.id));

  /** Raw HTML in clause text: shown as text, so not an error for a build, but `lint` says so. */
  const markup: string[] = [];
  const checkCondition = (condition: Condition | undefined, where: string) => problems.push(...conditionProblems(questions, condition, where));

  // Questions
  for (const id of CORE_QUESTIONS) if (!questions.has(id)) problems.push(`questions.yaml: de vraag "${id}" ontbreekt; die is nodig voor voorblad en vaststelling`);
  for (const q of library.questions) {
    const where = `vraag ${q.id}`;
    if (q.type === 'choice' || q.type === 'multi') {
      const values = (q.choices ?? []).map((c) => c.value);
      if (values.length < 2) problems.push(`${where}: een keuzevraag heeft minstens twee keuzes`);
      if (new Set(values).size !== values.length) problems.push(`${where}: een keuzewaarde staat er twee keer in`);
      for (const c of q.choices ?? []) {
        for (const s of c.sources) if (!protocols.has(s)) problems.push(`${where}, keuze ${c.value}: onbekende bronschool "${s}"`);
      }
    } else if (q.choices) problems.push(`${where}: alleen keuzevragen hebben \`choices\``);
    if (q.default !== undefined && !answerSchema(q).safeParse(q.default).success) problems.push(`${where}: de standaardwaarde ${JSON.stringify(q.default)} is geen geldige keuze`);
    checkCondition(q.when, where);
    for (const c of q.choices ?? []) checkCondition(c.when, `${where}, keuze ${c.value}`);
    if (q.chapter !== undefined && !chapterIds.has(q.chapter)) problems.push(`${where}: \`chapter\` "${q.chapter}" staat niet in chapters.yaml`);
    // The wizard groups the choices by chapter; without one a question lands in "Overig".
    if (q.section === 'keuzes' && q.chapter === undefined) warnings.push(`${where}: heeft geen \`chapter\`; de wizard toont de vraag onder "Overig". Geef het hoofdstuk dat de vraag vooral bepaalt.`);
  }

  // Chapters and clauses
  for (const chapter of library.chapters) {
    if (!library.clauses.some((c) => c.chapter === chapter.id)) problems.push(`hoofdstuk ${chapter.id}: heeft geen clausules`);
  }
  const sampleValues = effectiveValues(library, Object.fromEntries(choiceQuestions(library).map((q) => [q.id, q.type === 'multi' ? (q.choices ?? []).map((c) => c.value) : q.choices?.[0]?.value ?? ''])));
  for (const clause of library.clauses) {
    const where = `${clause.origin} (${clause.id})`;
    if (!chapterIds.has(clause.chapter)) problems.push(`${where}: hoofdstuk "${clause.chapter}" staat niet in chapters.yaml`);
    if (!clause.id.startsWith(`${clause.fileChapter}.`)) problems.push(`${where}: het id begint niet met het hoofdstuk "${clause.fileChapter}."`);
    checkCondition(clause.when, where);
    const allSources = [...clause.sources, ...clause.variants.flatMap((v) => v.sources)];
    for (const s of allSources) if (!provisions.has(s)) problems.push(`${where}: onbekende bron "${s}" (niet in sources.yaml)`);
    for (const other of clause.conflicts) if (!clauseIds.has(other)) problems.push(`${where}: \`conflicts\` noemt onbekende clausule "${other}"`);
    clause.variants.forEach((variant, index) => {
      const vwhere = clause.variants.length > 1 ? `${where}, variant ${index + 1}` : where;
      checkCondition(variant.when, vwhere);
      problems.push(...checkPlaceholders(variant.text, vwhere, library, clauseIds, sampleValues));
      problems.push(...headingProblems(variant.text, vwhere));
      const html = rawHtmlIn(variant.text);
      if (html.length > 0) markup.push(`${vwhere}: bevat HTML of een afbeelding van buiten (${html.join(', ')}); het document toont die als gewone tekst. Schrijf gewone tekst of Markdown (**vet**, *schuin*, lijstjes met -).`);
    });
  }
  for (const chapter of library.chapters) if (chapter.intro) problems.push(...headingProblems(chapter.intro, `hoofdstuk ${chapter.id} (intro)`));

  // The vocabulary is a check of the library's own texts, not a reason to stop a build with custom clauses.
  if (!options.quick) problems.push(...lintTerms(library));

  if (options.quick) return { problems: [...problems, ...lintCompanionTexts(library, [])], samples: 0, warnings };
  problems.push(...markup);

  // Reachability of clauses and variants
  for (const clause of library.clauses) {
    clause.variants.forEach((variant, index) => {
      // The first matching variant wins, so the earlier variants' conditions matter too.
      const conditions = [clause.when, ...clause.variants.slice(0, index + 1).map((v) => v.when)].filter((c): c is Condition => c !== undefined);
      const found = findAssignment(library, { all: conditions.length > 0 ? conditions : [{ any: [] }] } as Condition, (values) => selectVariant(clause, values) === variant);
      if (!found) problems.push(`${clause.origin} (${clause.id})${clause.variants.length > 1 ? `, variant ${index + 1}` : ''}: komt bij geen enkele combinatie van antwoorden in het document`);
    });
  }

  // Every choice value changes the document
  const samples = sampleCombinations(library, options.samples ?? 400);
  const changes = new Set<string>();
  const asked = choiceQuestions(library).filter((q) => q.section === 'keuzes');
  for (const sample of samples) {
    // A value already seen to change the document needs no further samples.
    const open = asked.filter((q) => (q.choices ?? []).some((c) => !changes.has(`${q.id}=${c.value}`)));
    if (open.length === 0) break;
    for (const q of open) {
      if (q.type === 'choice') {
        const sigs = domain(q).map((v) => signature(library, effectiveValues(library, { ...sample, [q.id]: v })));
        domain(q).forEach((v, i) => {
          if (sigs.some((s) => s !== sigs[i])) changes.add(`${q.id}=${String(v)}`);
        });
      } else {
        const current = (sample[q.id] as string[] | undefined) ?? [];
        for (const c of q.choices ?? []) {
          if (changes.has(`${q.id}=${c.value}`)) continue;
          const toggled = current.includes(c.value) ? current.filter((v) => v !== c.value) : [...current, c.value];
          if (signature(library, effectiveValues(library, { ...sample, [q.id]: current })) !== signature(library, effectiveValues(library, { ...sample, [q.id]: toggled }))) changes.add(`${q.id}=${c.value}`);
        }
      }
    }
  }
  for (const q of asked) {
    for (const c of q.choices ?? []) {
      if (!changes.has(`${q.id}=${c.value}`)) problems.push(`vraag ${q.id}: de keuze "${c.value}" verandert niets aan het document (in ${samples.length} geteste combinaties)`);
    }
  }

  // Conflicts and references on the samples
  const reported = new Set<string>();
  for (const sample of samples) {
    const values = effectiveValues(library, sample);
    const variants = new Map(library.clauses.map((c) => [c.id, selectVariant(c, values)]));
    const selected = new Set(library.clauses.filter((c) => variants.get(c.id)).map((c) => c.id));
    for (const clause of library.clauses) {
      if (!selected.has(clause.id)) continue;
      for (const match of variants.get(clause.id)?.text.matchAll(/\{\{\s*ref\s+"([^"]+)"/g) ?? []) {
        const target = match[1] ?? '';
        const key = `ref ${clause.id} ${target}`;
        if (clauseIds.has(target) && !selected.has(target) && !reported.has(key)) {
          reported.add(key);
          problems.push(`${clause.origin} (${clause.id}): {{ref "${target}"}} verwijst naar een artikel dat dan niet in het document staat (bijvoorbeeld bij ${describe(sample)})`);
        }
      }
      for (const other of clause.conflicts) {
        const key = [clause.id, other].sort().join(' en ');
        if (selected.has(other) && !reported.has(key)) {
          reported.add(key);
          problems.push(`clausules ${key} staan samen in het document, maar sluiten elkaar uit (bijvoorbeeld bij ${describe(sample)})`);
        }
      }
    }
  }

  problems.push(...lintStatements(library, samples));
  problems.push(...lintCompanionTexts(library, samples));

  // Presets and omitted provisions
  for (const preset of library.presets) {
    for (const [id, value] of Object.entries(preset.keuzes)) {
      const q = questions.get(id);
      if (!q) problems.push(`preset ${preset.id}: onbekende vraag "${id}"`);
      else if (!answerSchema(q).safeParse(value).success) problems.push(`preset ${preset.id}: ${JSON.stringify(value)} is geen geldige waarde voor "${id}"`);
    }
  }
  for (const o of library.omitted) if (!provisions.has(o.id)) problems.push(`omitted.yaml: onbekende bron "${o.id}"`);

  return { problems, samples: samples.length, warnings };
}

/**
 * The texts of the companion documents (clauses/documenten/): conditions, placeholders and known
 * parts; with samples also that every block and variant can be reached and that no {{ref}}
 * points to an article the protocol then does not have.
 */
function lintCompanionTexts(library: Library, samples: readonly Values[]): string[] {
  const problems: string[] = [];
  const questions = new Map(library.questions.map((q) => [q.id, q]));
  const clauseIds = new Set(library.clauses.map((c) => c.id));
  const sampleValues = effectiveValues(library, {});
  const effective = samples.map((sample) => effectiveValues(library, sample));
  const all = companionTexts(library);
  for (const texts of all) {
    const known: readonly string[] = COMPANIONS.find((c) => c.id === texts.document)?.parts ?? [];
    problems.push(...conditionProblems(questions, texts.when, texts.origin));
    problems.push(...checkPlaceholders(texts.title, `${texts.origin} (title)`, library, clauseIds, sampleValues));
    for (const [part, blocks] of Object.entries(texts.parts)) {
      if (!known.includes(part)) problems.push(`${blocks[0]?.origin ?? texts.origin}: het document ${texts.document} heeft geen deel "${part}"; wel: ${known.join(', ')}`);
      for (const block of blocks) {
        problems.push(...conditionProblems(questions, block.when, `${block.origin} (${block.id})`));
        block.variants.forEach((variant, index) => {
          const where = `${block.origin} (${block.id})${block.variants.length > 1 ? `, variant ${index + 1}` : ''}`;
          problems.push(...conditionProblems(questions, variant.when, where));
          for (const text of [variant.title ?? block.title ?? '', variant.text]) problems.push(...checkPlaceholders(text, where, library, clauseIds, sampleValues));
          if (samples.length === 0) return;
          const reached = (values: Values) => evaluate(texts.when, values) && selectBlockVariant(block, values) === variant;
          // Most variants show up in a sample; only the others need a search.
          const conditions = [texts.when, block.when, ...block.variants.slice(0, index + 1).map((v) => v.when)].filter((c): c is Condition => c !== undefined);
          const found = effective.some(reached) || findAssignment(library, { all: conditions.length > 0 ? conditions : [{ any: [] }] } as Condition, reached);
          if (!found) problems.push(`${where}: komt bij geen enkele combinatie van antwoorden in het document`);
        });
      }
    }
  }
  const reported = new Set<string>();
  effective.forEach((values, index) => {
    const selected = new Set(library.clauses.filter((c) => selectVariant(c, values)).map((c) => c.id));
    for (const texts of all.filter((t) => evaluate(t.when, values))) {
      for (const block of texts.blocks) {
        const variant = selectBlockVariant(block, values);
        for (const match of variant?.text.matchAll(/\{\{\s*ref\s+"([^"]+)"/g) ?? []) {
          const target = match[1] ?? '';
          const key = `${block.origin} ${target}`;
          if (clauseIds.has(target) && !selected.has(target) && !reported.has(key)) {
            reported.add(key);
            problems.push(`${block.origin} (${block.id}): {{ref "${target}"}} verwijst naar een artikel dat dan niet in het protocol staat (bijvoorbeeld bij ${describe(samples[index] ?? {})})`);
          }
        }
      }
    }
  });
  problems.push(...summaryProblems(library, effective, (index) => describe(samples[index] ?? {})));
  return problems;
}

/** A text a reader sees, where it comes from, and which part of the terms file applies to it. */
interface ReadText {
  text: string;
  where: string;
  scope: TermScope;
}

/** Every text a reader sees: clauses and chapter headings, companion texts, and the wizard's questions. */
function readableTexts(library: Library): ReadText[] {
  const texts: ReadText[] = [];
  for (const chapter of library.chapters) {
    for (const text of [chapter.title, chapter.intro ?? '']) texts.push({ text, where: `chapters.yaml (hoofdstuk ${chapter.id})`, scope: 'protocol' });
  }
  for (const clause of library.clauses) {
    texts.push({ text: clause.title ?? '', where: `${clause.origin} (${clause.id}, titel)`, scope: 'protocol' });
    clause.variants.forEach((variant, index) => {
      texts.push({ text: variant.text, where: `${clause.origin} (${clause.id}${clause.variants.length > 1 ? `, variant ${index + 1}` : ''})`, scope: 'protocol' });
    });
  }
  for (const document of companionTexts(library)) {
    texts.push({ text: document.title, where: `${document.origin} (titel)`, scope: document.document });
    for (const block of document.blocks) {
      texts.push({ text: block.title ?? '', where: `${block.origin} (${block.id})`, scope: document.document });
      block.variants.forEach((variant, index) => {
        const where = `${block.origin} (${block.id}${block.variants.length > 1 ? `, variant ${index + 1}` : ''})`;
        texts.push({ text: `${variant.title ?? ''}\n${variant.text}`, where, scope: document.document });
      });
    }
  }
  for (const q of library.questions) {
    texts.push({ text: `${q.prompt}\n${q.help}`, where: `questions.yaml (vraag ${q.id})`, scope: 'vragen' });
    for (const c of q.choices ?? []) texts.push({ text: `${c.label}\n${c.explanation}`, where: `questions.yaml (vraag ${q.id}, keuze ${c.value})`, scope: 'vragen' });
  }
  return texts;
}

/** The vocabulary of clauses/termen.yaml applied to every text a reader sees. */
export function lintTerms(library: Library): string[] {
  if (library.terms.length === 0) return [];
  const problems: string[] = [];
  for (const { text, where, scope } of readableTexts(library)) {
    // Placeholders name questions and clauses ({{ref "contact.ouderapp"}}); they are not read as words.
    const plain = text.replace(/\{\{[^}]*\}\}/g, (m) => ' '.repeat(m.length));
    const lower = plain.toLowerCase();
    for (const term of library.terms) {
      if (!term.in.includes(scope)) continue;
      const spans = term.except.flatMap((phrase) => {
        const found: [number, number][] = [];
        for (let at = lower.indexOf(phrase.toLowerCase()); at >= 0; at = lower.indexOf(phrase.toLowerCase(), at + 1)) found.push([at, at + phrase.length]);
        return found;
      });
      const seen = new Set<string>();
      for (const match of plain.matchAll(term.regex)) {
        const start = match.index ?? 0;
        const end = start + match[0].length;
        if (match[0].length === 0 || spans.some(([a, b]) => start >= a && end <= b)) continue;
        const word = match[0];
        if (seen.has(word.toLowerCase())) continue;
        seen.add(word.toLowerCase());
        problems.push(`${where}: "${word}" past niet bij het vocabulaire; schrijf ${term.preferred} (termen.yaml, term ${term.id}${term.note ? `: ${term.note}` : ''})`);
      }
    }
  }
  return problems;
}

/**
 * Contradictions as data: a clause or companion text `asserts` a statement that another text in
 * the same documents `denies`. Tried on every sampled combination of answers.
 */
function lintStatements(library: Library, samples: readonly Values[]): string[] {
  const problems: string[] = [];
  const reported = new Set<string>();
  const documents = companionTexts(library);
  for (const sample of samples) {
    const values = effectiveValues(library, sample);
    const asserted = new Map<string, string[]>();
    const denied = new Map<string, string[]>();
    const note = (map: Map<string, string[]>, statement: string, who: string) => map.set(statement, [...(map.get(statement) ?? []), who]);
    for (const clause of library.clauses) {
      const variant = selectVariant(clause, values);
      if (!variant) continue;
      const who = `${clause.origin} (${clause.id})`;
      for (const s of variant.asserts) note(asserted, s, who);
      for (const s of variant.denies) note(denied, s, who);
    }
    for (const document of documents) {
      if (!evaluate(document.when, values)) continue;
      for (const block of document.blocks) {
        const variant = selectBlockVariant(block, values);
        if (!variant) continue;
        const who = `${block.origin} (${document.document}, ${block.id})`;
        for (const s of variant.asserts) note(asserted, s, who);
        for (const s of variant.denies) note(denied, s, who);
      }
    }
    for (const [statement, by] of asserted) {
      const against = denied.get(statement);
      if (!against) continue;
      const key = `${statement} ${by[0]} ${against[0]}`;
      if (reported.has(key)) continue;
      reported.add(key);
      problems.push(`tegenstrijdig: ${by[0] ?? ''} zegt "${statement}", maar ${against[0] ?? ''} ontkent dat (bijvoorbeeld bij ${describe(sample)})`);
    }
  }
  return problems;
}

function describe(values: Values): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? `[${v.join(',')}]` : v}`)
    .join(', ');
}

/** Presets, every question's default combination, and seeded random combinations. */
export function sampleCombinations(library: Library, count: number): Values[] {
  const samples: Values[] = [{}];
  for (const preset of library.presets) samples.push({ ...preset.keuzes });
  const next = random(20261122);
  while (samples.length < count) samples.push(randomAssignment(library, next));
  return samples;
}

/**
 * A heading inside clause text would read as an article or chapter of its own (and `diff` would
 * see one there): the article's heading is its `title`.
 */
function headingProblems(text: string, where: string): string[] {
  const line = text.split('\n').findIndex((l) => /^ {0,3}#{1,6}(\s|$)/.test(l));
  if (line < 0) return [];
  return [`${where}: regel ${line + 1} van de tekst is een kop (begint met #). Een artikel krijgt zijn kop uit \`title\`; maak van deze regel gewone of **vetgedrukte** tekst, of zet er \\# voor als het hekje bedoeld is.`];
}

function checkPlaceholders(text: string, where: string, library: Library, clauseIds: Set<string>, values: Values): string[] {
  const problems: string[] = [];
  const byId = new Map(library.questions.map((q) => [q.id, q]));
  const helpers = {
    lijst: (id: unknown) => {
      if (byId.get(String(id))?.type !== 'multi') problems.push(`${where}: {{lijst "${String(id)}"}} noemt geen meerkeuzevraag`);
      return '';
    },
    keuze: (id: unknown) => {
      if (byId.get(String(id))?.type !== 'choice') problems.push(`${where}: {{keuze "${String(id)}"}} noemt geen keuzevraag`);
      return '';
    },
    tekst(this: object, id: unknown, ...rest: unknown[]) {
      const q = byId.get(String(id));
      const options = rest[rest.length - 1] as Handlebars.HelperOptions;
      if (q?.type !== 'text') problems.push(`${where}: {{tekst "${String(id)}"}} noemt geen tekstvraag`);
      else if (typeof options.fn === 'function') {
        // The block form: fill both branches, so a mistake in either shows up.
        options.fn({ ...this, antwoord: 'Voorbeeld' });
        options.inverse(this);
      } else if (!(rest.length > 1 && typeof rest[0] === 'string' && rest[0].trim()) && q.fallback === undefined && !q.required) {
        problems.push(`${where}: {{tekst "${q.id}"}} heeft geen vervangende tekst voor een leeg antwoord; geef die als tweede argument of als \`fallback\` bij de vraag`);
      }
      return '';
    },
    ref: (id: unknown) => {
      if (!clauseIds.has(String(id))) problems.push(`${where}: {{ref "${String(id)}"}} verwijst naar een onbekende clausule`);
      return '';
    },
  };
  try {
    compile(text)(placeholderContext(values), { helpers });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    problems.push(`${where}: placeholder kan niet worden ingevuld (${message}). Toegestaan: {{school}}, {{bestuur}}, {{plaats}}, {{raad}}, {{raad_voluit}}, {{lijst "vraag"}}, {{keuze "vraag"}}, {{tekst "vraag" "vervangende tekst"}}, {{#tekst "vraag"}}…{{antwoord}}…{{/tekst}}, {{ref "clausule"}}`);
  }
  return problems;
}

export type { Clause };

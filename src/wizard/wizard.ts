/**
 * The wizard: asks what the given answers do not yet answer, then shows every answer for review,
 * grouped by chapter, and lets the user change any before anything is written.
 *
 * The short route: first the school's identity and the `core` decisions ("vraag 4 van 13"), then
 * a choice between walking through the other questions (all, or one chapter at a time) and taking
 * their recommended choice. Every question screen says where the user is; Esc (an aborted prompt)
 * goes back one question. The prompt functions are injected, so tests drive the same logic with a
 * fake.
 */
import { evaluate } from '../library/conditions.js';
import { defaultValue, isValidDate, offeredChoices, withDefaults, type Values } from '../answers/schema.js';
import type { Library, Question } from '../library/load.js';
import { wrapText } from '../util/text.js';

export interface PromptChoice<T> {
  name: string;
  value: T;
  /** What the answered prompt shows (the label without "(aanbevolen)"). */
  short?: string;
  description?: string;
  checked?: boolean;
}

/** Shows inquirer's key hints in Dutch, with the key that goes back. */
export const theme = {
  style: {
    keysHelpTip: (keys: [string, string][]) =>
      [...keys.map(([key, action]) => `${key === 'space' ? 'spatie' : key} ${KEY_ACTIONS[action] ?? action}`), 'esc terug'].join(' • '),
  },
};

const KEY_ACTIONS: Record<string, string> = {
  navigate: 'kiezen',
  select: 'selecteren',
  submit: 'verder',
  all: 'alles',
  invert: 'omdraaien',
};

/** The subset of @inquirer/prompts the wizard uses. A prompt that rejects with an AbortPromptError means "back". */
export interface Prompts {
  input(config: { message: string; default?: string; validate?: (value: string) => boolean | string; theme?: object }): Promise<string>;
  select<T>(config: { message: string; choices: PromptChoice<T>[]; default?: T; pageSize?: number; theme?: object }): Promise<T>;
  checkbox<T>(config: { message: string; choices: PromptChoice<T>[]; pageSize?: number; theme?: object }): Promise<T[]>;
}

export interface WizardOptions {
  /** Default for date questions without a default of their own. */
  today: string;
  /** Prints a line (help texts, the review); `kind` lets a terminal show help texts dimmed and headers bold. */
  print: (line: string, kind?: 'help' | 'header') => void;
  /** Called after every answer, so an interrupted wizard can keep what was answered. */
  onAnswer?: (values: Values, answered: readonly string[]) => void;
  /** The terminal's width, to wrap help texts and explanations at spaces. */
  width?: number;
  /** Answers that come from a file this one extends (a board file): "opnieuw beginnen" keeps them. */
  inherited?: Values;
  /** Questions were just asked (a file from an older schema): go to the review, without the start menu. */
  review?: boolean;
}

export interface WizardResult {
  /** The complete answers (only applicable questions). */
  values: Values;
  /** The questions the user answered in this run (not those that took the recommended choice). */
  answered: string[];
}

export const DONE = '__klaar__';
const REST_DEFAULTS = '__aanbevolen__';
const REST_ALL = '__alles__';
const BACK = '__terug__';

/** The reason a prompt was aborted on purpose: the user pressed Esc to go back one question. */
export function isBack(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortPromptError';
}

export function sourceNames(library: Library, ids: readonly string[]): string {
  const names = ids.map((id) => library.sources.protocols.find((p) => p.id === id)?.organisation ?? id);
  return names.join('; ');
}

const NUMBERS = ['nul', 'een', 'twee', 'drie', 'vier', 'vijf', 'zes', 'zeven', 'acht', 'negen', 'tien'];

/** Under a choice: its explanation, and whether it is recommended and which source protocols chose it. */
function describeChoice(library: Library, question: Question, explanation: string, sources: readonly string[], recommended: boolean, width: number): string {
  const lines = [explanation];
  if (question.section === 'keuzes') {
    const count = library.sources.protocols.length;
    const chosen = sources.length > 0 ? `Gekozen door: ${sourceNames(library, sources)}.` : '';
    if (recommended) lines.push(chosen ? `Aanbevolen. ${chosen}` : `Aanbevolen; staat niet in de ${NUMBERS[count] ?? count} voorbeeldprotocollen.`);
    else if (chosen) lines.push(chosen);
  }
  return lines.map((line) => wrapText(line, width)).join('\n');
}

/** Shows an answer as the user chose it: labels for choices, the text itself otherwise. */
export function answerLabel(question: Question, value: string | string[] | undefined): string {
  if (value === undefined) return '(niet beantwoord)';
  const label = (v: string) => question.choices?.find((c) => c.value === v)?.label ?? v;
  if (Array.isArray(value)) return value.length > 0 ? value.map(label).join(', ') : '(geen)';
  if (value === '') return '(leeg)';
  return label(value);
}

/** A group of questions in the wizard and the review: the school, the document, or a chapter. */
export interface Group {
  id: string;
  title: string;
  questions: Question[];
}

export const OTHER_GROUP = 'overig';

/** The group a question belongs to: its section for the school and the document, else its chapter. */
export function groupOf(question: Question): string {
  if (question.section !== 'keuzes') return `sectie:${question.section}`;
  return question.chapter ?? OTHER_GROUP;
}

/** Questions grouped for the wizard and the review: De school, Het document, then the chapters in document order, then Overig. */
export function groupQuestions(library: Library, questions: readonly Question[]): Group[] {
  const order: { id: string; title: string }[] = [
    { id: 'sectie:school', title: 'De school' },
    { id: 'sectie:document', title: 'Het document' },
    ...library.chapters.map((c) => ({ id: c.id, title: c.title })),
    { id: OTHER_GROUP, title: 'Overig' },
  ];
  const known = new Set(order.map((g) => g.id));
  return order
    .map((g) => ({ ...g, questions: questions.filter((q) => (known.has(groupOf(q)) ? groupOf(q) : OTHER_GROUP) === g.id) }))
    .filter((g) => g.questions.length > 0);
}

function groupTitle(library: Library, question: Question): string {
  return groupQuestions(library, [question])[0]?.title ?? 'Overig';
}

export async function ask(question: Question, current: string | string[] | undefined, library: Library, prompts: Prompts, options: WizardOptions, context: Values = {}): Promise<string | string[]> {
  const width = options.width ?? 80;
  if (question.help) options.print(`\n${wrapText(question.help, width, '  ')}`, 'help');
  const recommended = defaultValue(question, options.today, withDefaults(library.questions, context, options.today));
  // The school's identity has no placeholder: a name the user did not type must not end up in a protocol.
  const fallback = current ?? (question.section === 'school' && question.type === 'text' && question.required ? undefined : recommended);
  const offered = offeredChoices(question, withDefaults(library.questions, context, options.today));
  switch (question.type) {
    case 'text':
      return (
        await prompts.input({
          message: question.prompt,
          ...(typeof fallback === 'string' && fallback !== '' && { default: fallback }),
          validate: (value) => {
            if (question.required && value.trim() === '') return 'Dit antwoord is verplicht.';
            if (value.length > 200) return 'Maximaal 200 tekens.';
            return true;
          },
        })
      ).trim();
    case 'date':
      return (
        await prompts.input({
          message: question.prompt,
          ...(typeof fallback === 'string' && fallback !== '' && { default: fallback }),
          validate: (value) =>
            isValidDate(value.trim()) || (!question.required && value.trim() === '') ? true : 'Geef een datum als JJJJ-MM-DD, bijvoorbeeld 2026-11-22.',
        })
      ).trim();
    case 'choice': {
      const isOffered = (v: unknown) => offered.some((c) => c.value === v);
      const preselect = isOffered(fallback) ? fallback : recommended;
      return prompts.select<string>({
        message: question.prompt,
        choices: offered.map((c) => {
          const isRecommended = question.section === 'keuzes' && c.value === recommended;
          return {
            name: isRecommended ? `${c.label} (aanbevolen)` : c.label,
            short: c.label,
            value: c.value,
            description: describeChoice(library, question, c.explanation, c.sources, isRecommended, width),
          };
        }),
        ...(typeof preselect === 'string' && { default: preselect }),
        pageSize: 10,
        theme,
      });
    }
    case 'multi': {
      const chosen = Array.isArray(fallback) ? fallback : [];
      const recommendedList = Array.isArray(recommended) ? recommended : [];
      return prompts.checkbox<string>({
        message: `${question.prompt} (spatie: aan/uit, enter: verder)`,
        choices: offered.map((c) => ({
          name: c.label,
          value: c.value,
          description: describeChoice(library, question, c.explanation, c.sources, recommendedList.includes(c.value), width),
          checked: chosen.includes(c.value),
        })),
        pageSize: 10,
        theme,
      });
    }
  }
}

/** The questions that apply to these values (unanswered ones judged by their defaults). */
function applicable(library: Library, values: Values, today: string): Question[] {
  const context = withDefaults(library.questions, values, today);
  return library.questions.filter((q) => evaluate(q.when, context));
}

/** Questions a first run asks before offering the rest: the school, the core decisions, and what has no default. */
function isShortRoute(question: Question): boolean {
  return question.section === 'school' || question.core === true || (question.required === true && question.type === 'text' && question.default === undefined);
}

class Session {
  readonly answered = new Set<string>();

  constructor(
    readonly library: Library,
    readonly values: Values,
    readonly prompts: Prompts,
    readonly options: WizardOptions,
  ) {}

  get today() {
    return this.options.today;
  }

  applicable(): Question[] {
    return applicable(this.library, this.values, this.today);
  }

  missing(): Question[] {
    return this.applicable().filter((q) => this.values[q.id] === undefined);
  }

  record(question: Question, value: string | string[]): void {
    this.values[question.id] = value;
    this.answered.add(question.id);
    this.options.onAnswer?.({ ...this.values }, [...this.answered]);
  }

  /**
   * Asks the questions of one round, in the given order, with "vraag 4 van 13" and the chapter
   * above each. The round holds the questions `member` accepts as far as they apply; a question
   * that becomes applicable by an answer in the round joins it. Esc goes back one question.
   */
  async round(member: (q: Question) => boolean, order: (qs: Question[]) => Question[] = (qs) => qs): Promise<void> {
    const done = new Set<string>();
    const history: string[] = [];
    for (;;) {
      const list = order(this.applicable().filter(member));
      const next = list.find((q) => !done.has(q.id));
      if (!next) return;
      const position = list.indexOf(next) + 1;
      this.options.print('');
      this.options.print(`Vraag ${position} van ${list.length} · ${groupTitle(this.library, next)}${history.length > 0 ? ' · Esc: vorige vraag' : ''}`, 'header');
      try {
        const value = await ask(next, this.values[next.id], this.library, this.prompts, this.options, this.values);
        this.record(next, value);
        done.add(next.id);
        history.push(next.id);
      } catch (error) {
        if (!isBack(error)) throw error;
        const previous = history.pop();
        if (previous === undefined) this.options.print('  Dit is de eerste vraag.');
        else done.delete(previous);
      }
    }
  }

  /** Orders questions by group (the document's chapter order), keeping question order within a group. */
  byGroup = (questions: Question[]): Question[] => groupQuestions(this.library, questions).flatMap((g) => g.questions);

  /** After the short route: walk through the other questions (all, or per chapter), or take the recommended choices. */
  async rest(): Promise<void> {
    for (;;) {
      const missing = this.missing();
      if (missing.length === 0) return;
      const groups = groupQuestions(this.library, missing);
      const count = (n: number) => `${n} ${n === 1 ? 'vraag' : 'vragen'}`;
      this.options.print('');
      let choice: string;
      try {
        choice = await this.prompts.select<string>({
          message: 'Hoe wilt u verder?',
          choices: [
            {
              name: `Neem voor de overige ${count(missing.length)} de aanbevolen keuze`,
              value: REST_DEFAULTS,
              description: 'U ziet ze daarna in het overzicht en kunt ze daar nog wijzigen.',
            },
            { name: `Doorloop alle overige ${count(missing.length)}, hoofdstuk voor hoofdstuk`, value: REST_ALL },
            ...groups.map((g) => ({ name: `Doorloop alleen: ${g.title} (${count(g.questions.length)})`, value: g.id })),
          ],
          default: REST_DEFAULTS,
          pageSize: 14,
          theme,
        });
      } catch (error) {
        if (!isBack(error)) throw error;
        continue;
      }
      if (choice === REST_DEFAULTS) return;
      const start = new Set(Object.keys(this.values));
      const open = (q: Question) => !start.has(q.id) || this.values[q.id] === undefined;
      if (choice === REST_ALL) await this.round(open, this.byGroup);
      else await this.round((q) => open(q) && groupOf(q) === choice, this.byGroup);
    }
  }

  /** The overview, grouped by chapter; the user opens a group to change an answer in it. */
  async review(): Promise<void> {
    const width = this.options.width ?? 80;
    for (;;) {
      const groups = groupQuestions(this.library, this.applicable());
      this.options.print('');
      this.options.print('Overzicht van uw antwoorden:', 'header');
      for (const group of groups) {
        this.options.print(`  ${group.title}`, 'header');
        for (const q of group.questions) this.options.print(wrapText(`${q.prompt} → ${answerLabel(q, this.values[q.id])}`, width, '    '));
      }
      this.options.print('');
      let choice: string;
      try {
        choice = await this.prompts.select<string>({
          message: 'Klopt alles?',
          choices: [
            { name: 'Ja, schrijf het antwoordbestand en maak het protocol', value: DONE },
            ...groups.map((g) => ({ name: `Wijzig iets bij: ${g.title} (${g.questions.length})`, value: g.id })),
          ],
          default: DONE,
          pageSize: 16,
          theme,
        });
      } catch (error) {
        if (!isBack(error)) throw error;
        continue;
      }
      if (choice === DONE) return;
      await this.changeIn(choice);
    }
  }

  /** One group of the review: pick a question, answer it again; newly applicable questions follow. */
  private async changeIn(groupId: string): Promise<void> {
    for (;;) {
      const group = groupQuestions(this.library, this.applicable()).find((g) => g.id === groupId);
      if (!group) return;
      let choice: string;
      try {
        choice = await this.prompts.select<string>({
          message: `${group.title}: welk antwoord wilt u wijzigen?`,
          choices: [
            { name: '← Terug naar het overzicht', value: BACK },
            ...group.questions.map((q) => ({ name: q.prompt, value: q.id, description: `Nu: ${answerLabel(q, this.values[q.id])}` })),
          ],
          default: BACK,
          pageSize: 14,
          theme,
        });
      } catch (error) {
        if (!isBack(error)) throw error;
        return;
      }
      if (choice === BACK) return;
      const question = group.questions.find((q) => q.id === choice);
      if (!question) continue;
      try {
        this.options.print('');
        this.options.print(group.title, 'header');
        this.record(question, await ask(question, this.values[question.id], this.library, this.prompts, this.options, this.values));
      } catch (error) {
        if (!isBack(error)) throw error;
        continue;
      }
      // An answer can make other questions apply (an account → its platforms): ask them now.
      const start = new Set(Object.keys(this.values));
      await this.round((q) => !start.has(q.id));
    }
  }
}

/**
 * Runs the wizard. With answers that leave nothing open, it first asks what the user wants: review
 * them, walk through every question again (the current answers as defaults), or start over.
 */
export async function runWizard(library: Library, given: Values, prompts: Prompts, options: WizardOptions): Promise<WizardResult> {
  let session = new Session(library, { ...given }, prompts, options);
  const complete = Object.keys(given).length > 0 && session.missing().length === 0;
  if (complete && options.review) {
    await session.review();
    return result(session);
  }
  if (complete) {
    let start: string;
    for (;;) {
      try {
        start = await prompts.select<string>({
          message: 'Alle vragen zijn beantwoord. Wat wilt u doen?',
          choices: [
            { name: 'De antwoorden bekijken en wijzigen waar nodig', value: 'overzicht', description: 'Het overzicht per hoofdstuk; daar kiest u wat u wilt wijzigen.' },
            { name: 'Alle vragen opnieuw doorlopen', value: 'alles', description: 'Uw huidige antwoorden staan steeds klaar; Enter houdt ze.' },
            {
              name: 'Opnieuw beginnen',
              value: 'opnieuw',
              description: options.inherited && Object.keys(options.inherited).length > 0 ? 'De eigen antwoorden van deze school vervallen; de antwoorden van het bestuursbestand blijven.' : 'Alle antwoorden vervallen; u begint met de aanbevolen keuzes.',
            },
          ],
          default: 'overzicht',
          theme,
        });
        break;
      } catch (error) {
        if (!isBack(error)) throw error;
      }
    }
    if (start === 'alles') await session.round(() => true);
    if (start === 'opnieuw') session = new Session(library, { ...(options.inherited ?? {}) }, prompts, options);
    if (start !== 'opnieuw') {
      await session.review();
      return result(session);
    }
  }
  // The short route: the school and the core decisions; then the rest, or the recommended choices.
  const start = new Set(Object.keys(session.values));
  await session.round((q) => isShortRoute(q) && !start.has(q.id));
  await session.rest();
  // Whatever is still open takes the recommended choice (following the answers given).
  for (const q of session.missing()) {
    const fallback = defaultValue(q, options.today, withDefaults(library.questions, session.values, options.today));
    if (fallback !== undefined) session.values[q.id] = fallback;
  }
  await session.review();
  return result(session);
}

function result(session: Session): WizardResult {
  const keep = new Set(session.applicable().map((q) => q.id));
  return {
    values: Object.fromEntries(Object.entries(session.values).filter(([id]) => keep.has(id))),
    answered: [...session.answered].filter((id) => keep.has(id)),
  };
}

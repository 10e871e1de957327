/**
 * The wizard: asks what the given answers do not yet answer, in question order, then shows every
 * answer for review and lets the user change any before anything is written. The prompt
 * functions are injected, so tests drive the same logic with a fake.
 */
import { evaluate } from '../library/conditions.js';
import { defaultValue, isValidDate, type Values } from '../answers/schema.js';
import type { Library, Question } from '../library/load.js';

export interface PromptChoice<T> {
  name: string;
  value: T;
  description?: string;
  checked?: boolean;
}

/** Shows inquirer's key hints in Dutch. */
export const theme = {
  style: {
    keysHelpTip: (keys: [string, string][]) =>
      keys.map(([key, action]) => `${key === 'space' ? 'spatie' : key} ${KEY_ACTIONS[action] ?? action}`).join(' • '),
  },
};

const KEY_ACTIONS: Record<string, string> = {
  navigate: 'kiezen',
  select: 'selecteren',
  submit: 'verder',
  all: 'alles',
  invert: 'omdraaien',
};

/** The subset of @inquirer/prompts the wizard uses. */
export interface Prompts {
  input(config: { message: string; default?: string; validate?: (value: string) => boolean | string; theme?: object }): Promise<string>;
  select<T>(config: { message: string; choices: PromptChoice<T>[]; default?: T; pageSize?: number; theme?: object }): Promise<T>;
  checkbox<T>(config: { message: string; choices: PromptChoice<T>[]; pageSize?: number; theme?: object }): Promise<T[]>;
}

export interface WizardOptions {
  /** Default for date questions without a default of their own. */
  today: string;
  /** Prints a line (help texts, the review); `kind` lets a terminal show help texts dimmed. */
  print: (line: string, kind?: 'help') => void;
  /** Called after every answer, so an interrupted wizard can keep what was answered. */
  onAnswer?: (values: Values) => void;
}

const DONE = '__klaar__';

export function sourceNames(library: Library, ids: readonly string[]): string {
  const names = ids.map((id) => library.sources.protocols.find((p) => p.id === id)?.organisation ?? id);
  return names.join('; ');
}

function describeChoice(library: Library, question: Question, explanation: string, sources: readonly string[]): string {
  if (question.section !== 'keuzes') return explanation;
  return sources.length > 0 ? `${explanation}\nGekozen door: ${sourceNames(library, sources)}.` : `${explanation}\nNieuwe keuze: geen van de bronprotocollen koos dit.`;
}

/** Shows an answer as the user chose it: labels for choices, the text itself otherwise. */
export function answerLabel(question: Question, value: string | string[] | undefined): string {
  if (value === undefined) return '(niet beantwoord)';
  const label = (v: string) => question.choices?.find((c) => c.value === v)?.label ?? v;
  if (Array.isArray(value)) return value.length > 0 ? value.map(label).join(', ') : '(geen)';
  if (value === '') return '(leeg)';
  return label(value);
}

export async function ask(question: Question, current: string | string[] | undefined, library: Library, prompts: Prompts, options: WizardOptions): Promise<string | string[]> {
  if (question.help) options.print(`\n  ${question.help}`, 'help');
  const fallback = current ?? defaultValue(question, options.today);
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
    case 'choice':
      return prompts.select<string>({
        message: question.prompt,
        choices: (question.choices ?? []).map((c) => ({ name: c.label, value: c.value, description: describeChoice(library, question, c.explanation, c.sources) })),
        ...(typeof fallback === 'string' && { default: fallback }),
        pageSize: 10,
        theme,
      });
    case 'multi': {
      const chosen = Array.isArray(fallback) ? fallback : [];
      return prompts.checkbox<string>({
        message: `${question.prompt} (spatie: aan/uit, enter: verder)`,
        choices: (question.choices ?? []).map((c) => ({
          name: c.label,
          value: c.value,
          description: describeChoice(library, question, c.explanation, c.sources),
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
  const context: Values = { ...values };
  for (const q of library.questions) {
    if (context[q.id] === undefined) {
      const fallback = defaultValue(q, today);
      if (fallback !== undefined) context[q.id] = fallback;
    }
  }
  return library.questions.filter((q) => evaluate(q.when, context));
}

/** Asks every applicable question that `values` does not answer yet. */
async function askMissing(library: Library, values: Values, prompts: Prompts, options: WizardOptions): Promise<void> {
  for (;;) {
    const next = applicable(library, values, options.today).find((q) => values[q.id] === undefined);
    if (!next) return;
    values[next.id] = await ask(next, undefined, library, prompts, options);
    options.onAnswer?.({ ...values });
  }
}

/** Runs the wizard; returns the complete answers (only applicable questions). */
export async function runWizard(library: Library, given: Values, prompts: Prompts, options: WizardOptions): Promise<Values> {
  const values: Values = { ...given };
  await askMissing(library, values, prompts, options);
  for (;;) {
    const questions = applicable(library, values, options.today);
    options.print('');
    options.print('Overzicht van uw antwoorden:');
    for (const q of questions) options.print(`  ${q.prompt}\n    → ${answerLabel(q, values[q.id])}`);
    options.print('');
    const choice = await prompts.select<string>({
      message: 'Klopt alles?',
      choices: [
        { name: 'Ja, schrijf het antwoordbestand en maak het protocol', value: DONE },
        ...questions.map((q) => ({ name: `Wijzig: ${q.prompt}`, value: q.id, description: `Nu: ${answerLabel(q, values[q.id])}` })),
      ],
      default: DONE,
      pageSize: 12,
      theme,
    });
    if (choice === DONE) break;
    const question = questions.find((q) => q.id === choice);
    if (!question) continue;
    values[question.id] = await ask(question, values[question.id], library, prompts, options);
    options.onAnswer?.({ ...values });
    await askMissing(library, values, prompts, options);
  }
  const keep = new Set(applicable(library, values, options.today).map((q) => q.id));
  return Object.fromEntries(Object.entries(values).filter(([id]) => keep.has(id)));
}

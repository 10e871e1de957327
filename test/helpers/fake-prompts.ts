/**
 * A fake of the prompt functions the wizard uses. It answers from a script keyed by question id,
 * in order, and fails on any question that the script does not expect next, so a test proves
 * exactly which questions the wizard's conditions let through.
 */
import type { Library } from '../../src/library/load.js';
import type { PromptChoice, Prompts } from '../../src/wizard/wizard.js';

/** The answer that presses Esc: back one question. */
export const BACK = '<esc>';

export type Step = [id: string, answer: string | string[]];

export interface FakePrompts extends Prompts {
  asked: string[];
  remaining(): Step[];
}

export function fakePrompts(library: Library, script: Step[]): FakePrompts {
  const steps = [...script];
  const asked: string[] = [];
  const idOf = (message: string) => {
    if (message === 'Klopt alles?') return 'review';
    if (message === 'Hoe wilt u verder?') return 'verder';
    if (message === 'Alle vragen zijn beantwoord. Wat wilt u doen?') return 'start';
    if (message.endsWith(': welk antwoord wilt u wijzigen?')) return 'groep';
    const q = library.questions.find((q) => message === q.prompt || message.startsWith(`${q.prompt} (`));
    if (!q) throw new Error(`unknown prompt: ${message}`);
    return q.id;
  };
  const next = (message: string) => {
    const id = idOf(message);
    asked.push(id);
    const step = steps.shift();
    if (!step) throw new Error(`unexpected question "${id}" (${message}): the script has no more answers`);
    if (step[0] !== id) throw new Error(`unexpected question "${id}"; the script expected "${step[0]}"`);
    // Esc in a real terminal: the prompt is aborted, which the wizard reads as "back".
    if (step[1] === BACK) throw Object.assign(new Error('Prompt was aborted'), { name: 'AbortPromptError' });
    return step[1];
  };
  const checkChoice = <T>(choices: PromptChoice<T>[], value: unknown, id: string) => {
    if (!choices.some((c) => c.value === value)) throw new Error(`"${String(value)}" is not a choice of ${id}`);
  };
  return {
    asked,
    remaining: () => steps,
    async input(config) {
      const answer = next(config.message);
      if (typeof answer !== 'string') throw new Error('input expects a string');
      const value = answer === '' && config.default !== undefined ? config.default : answer;
      const valid = config.validate?.(value) ?? true;
      if (valid !== true) throw new Error(`validation failed for "${value}": ${String(valid)}`);
      return value;
    },
    async select<T>(config: { message: string; choices: PromptChoice<T>[]; default?: T }) {
      const answer = next(config.message);
      const id = asked[asked.length - 1] ?? '';
      const value = (answer === '' ? config.default : answer) as T;
      checkChoice(config.choices, value, id);
      return value;
    },
    async checkbox<T>(config: { message: string; choices: PromptChoice<T>[] }) {
      const answer = next(config.message);
      if (!Array.isArray(answer)) throw new Error('checkbox expects a list');
      const id = asked[asked.length - 1] ?? '';
      for (const v of answer) checkChoice(config.choices, v, id);
      return answer as T[];
    },
  };
}

/**
 * The real prompts of @inquirer/prompts, with one key added: Esc aborts the prompt on screen, which
 * the wizard reads as "back one question" (see isBack in wizard.ts).
 */
import type { Prompts } from './wizard.js';

type PromptFunction = (config: never, context?: { signal?: AbortSignal }) => Promise<unknown>;

interface Keypress {
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
  sequence?: string;
}

/** Wraps inquirer's prompt functions so that Esc (a lone escape key) aborts the current prompt. */
export function withBackKey(inquirer: Record<'input' | 'select' | 'checkbox', PromptFunction>, input: NodeJS.ReadStream = process.stdin): Prompts {
  const wrap =
    (prompt: PromptFunction) =>
    (config: never): Promise<unknown> => {
      const controller = new AbortController();
      const onKey = (_text: string, key: Keypress | undefined) => {
        if (key?.name === 'escape' && key.sequence === '\x1b') controller.abort();
      };
      const pending = prompt(config, { signal: controller.signal });
      // inquirer's readline makes the input emit keypress events; listen only while this prompt is on screen.
      input.on('keypress', onKey);
      return pending.finally(() => input.removeListener('keypress', onKey));
    };
  return {
    input: wrap(inquirer.input),
    select: wrap(inquirer.select),
    checkbox: wrap(inquirer.checkbox),
  } as unknown as Prompts;
}

/**
 * Conditions are data: `{ telefoon: [inleveren, in-tas] }`, `{ all: [...] }`, `{ any: [...] }`,
 * `{ not: ... }`, `{ filled: bestuur }`. See clauses/FORMAT.md.
 */
import { z } from 'zod';
import { memo } from '../util/text.js';

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { filled: string }
  | { match: Record<string, string[]> };

/** Answer values keyed by question id: a string for text/date/choice, a list for multi. */
export type AnswerValues = Readonly<Record<string, string | readonly string[] | undefined>>;

const OPERATORS = ['all', 'any', 'not', 'filled'] as const;

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.record(z.string(), z.unknown()).transform((raw, ctx): Condition => {
    const keys = Object.keys(raw);
    const operators = keys.filter((k) => (OPERATORS as readonly string[]).includes(k));
    if (keys.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'een lege voorwaarde; laat `when` weg als de tekst altijd geldt' });
      return z.NEVER;
    }
    if (operators.length > 0 && keys.length > 1) {
      ctx.addIssue({ code: 'custom', message: `\`${operators[0]}\` moet de enige sleutel van de voorwaarde zijn` });
      return z.NEVER;
    }
    const op = operators[0];
    if (op === 'all' || op === 'any') {
      const parsed = z.array(conditionSchema).min(1).safeParse(raw[op]);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: [op, ...issue.path] } as never);
        return z.NEVER;
      }
      return op === 'all' ? { all: parsed.data } : { any: parsed.data };
    }
    if (op === 'not') {
      const parsed = conditionSchema.safeParse(raw.not);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: ['not', ...issue.path] } as never);
        return z.NEVER;
      }
      return { not: parsed.data };
    }
    if (op === 'filled') {
      if (typeof raw.filled !== 'string') {
        ctx.addIssue({ code: 'custom', message: '`filled` noemt één vraag', path: ['filled'] });
        return z.NEVER;
      }
      return { filled: raw.filled };
    }
    const match: Record<string, string[]> = {};
    for (const key of keys) {
      const value = raw[key];
      const values = Array.isArray(value) ? value : [value];
      if (values.length === 0 || !values.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
        ctx.addIssue({ code: 'custom', message: `bij \`${key}\` hoort een waarde of een lijst van waarden`, path: [key] });
        return z.NEVER;
      }
      match[key] = values.map(String);
    }
    return { match };
  }),
);

export function evaluate(condition: Condition | undefined, answers: AnswerValues): boolean {
  if (!condition) return true;
  return memo(tests, condition, () => testFor(condition))(answers);
}

type Test = (answers: AnswerValues) => boolean;

/**
 * Each condition as a function, made once per condition object. A condition is data of five
 * shapes; walking that data on every call makes the code that evaluates conditions (inlined in
 * assemble and in completing the answers) meet new shapes one after another, and V8 optimizes it
 * again each time. A function per condition is called the same way, whatever its shape.
 */
const tests = new WeakMap<Condition, Test>();

function testFor(condition: Condition): Test {
  if ('all' in condition) {
    const parts = condition.all.map(testFor);
    return (answers) => {
      for (const part of parts) if (!part(answers)) return false;
      return true;
    };
  }
  if ('any' in condition) {
    const parts = condition.any.map(testFor);
    return (answers) => {
      for (const part of parts) if (part(answers)) return true;
      return false;
    };
  }
  if ('not' in condition) {
    const inner = testFor(condition.not);
    return (answers) => !inner(answers);
  }
  if ('filled' in condition) {
    const id = condition.filled;
    return (answers) => {
      const value = answers[id];
      return typeof value === 'string' ? value.trim() !== '' : Array.isArray(value) && value.length > 0;
    };
  }
  const entries = Object.entries(condition.match);
  return (answers) => {
    for (const [id, wanted] of entries) {
      const value = answers[id];
      if (value === undefined) return false;
      if (typeof value === 'string' ? !wanted.includes(value) : !value.some((v) => wanted.includes(v))) return false;
    }
    return true;
  };
}

/** Every (question, value) a condition names; `value` is undefined for `filled`. */
export function references(condition: Condition | undefined): { question: string; value?: string }[] {
  if (!condition) return [];
  if ('all' in condition) return condition.all.flatMap(references);
  if ('any' in condition) return condition.any.flatMap(references);
  if ('not' in condition) return references(condition.not);
  if ('filled' in condition) return [{ question: condition.filled }];
  return Object.entries(condition.match).flatMap(([question, values]) => values.map((value) => ({ question, value })));
}

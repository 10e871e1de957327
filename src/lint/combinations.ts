/**
 * Answer combinations over the choice questions, for the linter and the contradiction tests:
 * effective values (answers to questions that do not apply are dropped, as in a real build),
 * a seeded random sampler, and a search for a combination that satisfies a condition.
 */
import { evaluate, references, type Condition } from '../library/conditions.js';
import { defaultValue, offeredChoices, type Values } from '../answers/schema.js';
import type { Library, Question } from '../library/load.js';

/** The values a choice question can take; for multi: none, each one alone, and all. */
export function domain(question: Question): (string | string[])[] {
  const values = (question.choices ?? []).map((c) => c.value);
  if (question.type === 'choice') return values;
  if (question.type === 'multi') return [[], ...values.map((v) => [v]), values];
  return [];
}

export function choiceQuestions(library: Library): Question[] {
  return library.questions.filter((q) => q.type === 'choice' || q.type === 'multi');
}

/** Fixed answers for the text and date questions, so placeholders can be filled. */
export const SAMPLE_IDENTITY: Values = { naam: 'Voorbeeldschool', bestuur: 'Stichting Voorbeeld', plaats: 'Voorbeeldstad', versie: '1.0', datum: '2026-11-22' };

/** The defaults of a library's questions under the sample identity, computed once per library. */
const baseContexts = new WeakMap<Library, Values>();

function baseContext(library: Library): Values {
  let base = baseContexts.get(library);
  if (!base) {
    const context: Values = { ...SAMPLE_IDENTITY };
    for (const q of library.questions) {
      if (context[q.id] === undefined) {
        const fallback = defaultValue(q, '2026-11-22');
        if (fallback !== undefined) context[q.id] = fallback;
      }
    }
    base = context;
    baseContexts.set(library, base);
  }
  return base;
}

/** Drops answers to questions whose condition does not hold, in question order; fills defaults. */
export function effectiveValues(library: Library, assignment: Values): Values {
  const context: Values = { ...baseContext(library) };
  for (const [id, value] of Object.entries(assignment)) if (value !== undefined) context[id] = value;
  const values: Values = {};
  for (const q of library.questions) {
    const value = context[q.id];
    if (value === undefined || !evaluate(q.when, context)) continue;
    // A choice the other answers rule out does not count, as in a real build (completeAnswers).
    if (Array.isArray(value) && q.choices?.some((c) => c.when)) {
      const offered = new Set(offeredChoices(q, context).map((c) => c.value));
      values[q.id] = value.filter((v) => offered.has(v));
    } else values[q.id] = value;
  }
  return values;
}

/** A small deterministic PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomAssignment(library: Library, next: () => number): Values {
  const values: Values = {};
  for (const q of choiceQuestions(library)) {
    if (q.type === 'choice') {
      const options = domain(q);
      values[q.id] = options[Math.floor(next() * options.length)] as string;
    } else {
      values[q.id] = (q.choices ?? []).map((c) => c.value).filter(() => next() < 0.5);
    }
  }
  return values;
}

/** The questions a condition depends on, with the questions their own conditions depend on. */
function dependencies(library: Library, condition: Condition | undefined): Question[] {
  const byId = new Map(library.questions.map((q) => [q.id, q]));
  const seen = new Set<string>();
  const queue = references(condition).map((r) => r.question);
  while (queue.length > 0) {
    const id = queue.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const r of references(byId.get(id)?.when)) queue.push(r.question);
  }
  return library.questions.filter((q) => seen.has(q.id) && (q.type === 'choice' || q.type === 'multi'));
}

/**
 * Finds answers under which `holds` is true, trying every combination of the questions the
 * condition depends on (up to `limit`); undefined when there is none.
 */
export function findAssignment(library: Library, condition: Condition | undefined, holds: (values: Values) => boolean, limit = 200_000): Values | undefined {
  const questions = dependencies(library, condition);
  // Each question's default first: most conditions hold for the recommended answers, so the search
  // usually ends early instead of walking most of the product (the order does not change the result).
  const domains = questions.map((q) => {
    const values = domain(q);
    const fallback = JSON.stringify(defaultValue(q, '2026-11-22'));
    const index = values.findIndex((v) => JSON.stringify(v) === fallback);
    return index > 0 ? [values[index] as string | string[], ...values.slice(0, index), ...values.slice(index + 1)] : values;
  });
  const total = domains.reduce((n, d) => n * Math.max(1, d.length), 1);
  const count = Math.min(total, limit);
  for (let index = 0; index < count; index++) {
    const assignment: Values = {};
    let rest = index;
    questions.forEach((q, i) => {
      const d = domains[i] ?? [];
      if (d.length === 0) return;
      assignment[q.id] = d[rest % d.length] as string | string[];
      rest = Math.floor(rest / d.length);
    });
    const values = effectiveValues(library, assignment);
    if (holds(values)) return values;
  }
  return undefined;
}

/**
 * A pairwise covering array over the choice questions: every value of every question appears
 * together with every value of every other question in at least one combination. Greedy (AETG
 * style) and seeded, so it is the same on every run.
 */
export function pairwiseCombinations(library: Library, seed = 1): Values[] {
  const questions = choiceQuestions(library);
  const domains = questions.map(domain);
  const key = (a: number, va: number, b: number, vb: number) => `${a}:${va}|${b}:${vb}`;
  const uncovered = new Set<string>();
  for (let a = 0; a < questions.length; a++) {
    for (let b = a + 1; b < questions.length; b++) {
      for (let va = 0; va < (domains[a]?.length ?? 0); va++) for (let vb = 0; vb < (domains[b]?.length ?? 0); vb++) uncovered.add(key(a, va, b, vb));
    }
  }
  const next = random(seed);
  const rows: number[][] = [];
  const gain = (row: number[]) => {
    let count = 0;
    for (let a = 0; a < row.length; a++) for (let b = a + 1; b < row.length; b++) if (uncovered.has(key(a, row[a] ?? 0, b, row[b] ?? 0))) count++;
    return count;
  };
  // The uncovered pairs that question i forms at its value in the row. Trying values for i changes
  // only these, so the best value is the same as by gain(row), at a fraction of the work.
  const gainOf = (row: number[], i: number) => {
    let count = 0;
    for (let j = 0; j < row.length; j++) {
      if (j !== i && uncovered.has(i < j ? key(i, row[i] ?? 0, j, row[j] ?? 0) : key(j, row[j] ?? 0, i, row[i] ?? 0))) count++;
    }
    return count;
  };
  while (uncovered.size > 0) {
    let best: number[] = [];
    let bestGain = -1;
    for (let candidate = 0; candidate < 30; candidate++) {
      // Start from one uncovered pair, fill the rest value by value, greedily.
      const [first] = uncovered;
      const [left, right] = (first ?? '').split('|');
      const [a, va] = (left ?? '').split(':').map(Number);
      const [b, vb] = (right ?? '').split(':').map(Number);
      const row = domains.map((d) => Math.floor(next() * d.length));
      row[a ?? 0] = va ?? 0;
      row[b ?? 0] = vb ?? 0;
      const order = domains.map((_, i) => i).sort(() => next() - 0.5);
      for (const i of order) {
        if (i === a || i === b) continue;
        let bestValue = row[i] ?? 0;
        let bestValueGain = -1;
        for (let v = 0; v < (domains[i]?.length ?? 0); v++) {
          row[i] = v;
          const g = gainOf(row, i);
          if (g > bestValueGain) {
            bestValueGain = g;
            bestValue = v;
          }
        }
        row[i] = bestValue;
      }
      const g = gain(row);
      if (g > bestGain) {
        bestGain = g;
        best = [...row];
      }
    }
    for (let a = 0; a < best.length; a++) for (let b = a + 1; b < best.length; b++) uncovered.delete(key(a, best[a] ?? 0, b, best[b] ?? 0));
    rows.push(best);
  }
  return rows.map((row) => Object.fromEntries(questions.map((q, i) => [q.id, domains[i]?.[row[i] ?? 0] as string | string[]])));
}

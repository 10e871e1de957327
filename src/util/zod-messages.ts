/** Turns zod issues into Dutch messages that name file, line, column and key. */
import type { z } from 'zod';
import { closest } from './text.js';
import type { YamlFile } from './yaml.js';

type Issue = z.core.$ZodIssue;

export function keyPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
}

function typeName(expected: string): string {
  switch (expected) {
    case 'string':
      return 'tekst';
    case 'number':
      return 'een getal';
    case 'boolean':
      return 'ja/nee (true of false)';
    case 'array':
      return 'een lijst';
    case 'object':
    case 'record':
      return 'een groep sleutels';
    default:
      return expected;
  }
}

function received(input: unknown): string {
  if (input === undefined) return 'niets';
  if (input === null) return 'een lege waarde';
  if (Array.isArray(input)) return 'een lijst';
  if (typeof input === 'object') return 'een groep sleutels';
  if (typeof input === 'string') return `de tekst "${input}"`;
  return `${String(input)}`;
}

export function issueMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'ontbreekt; vul deze waarde in';
      return `verwacht ${typeName(issue.expected)}, maar kreeg ${received(issue.input)}`;
    case 'invalid_value': {
      const options = issue.values.map(String);
      if (Array.isArray(issue.input)) return `hier hoort één waarde, geen lijst. Kies één van: ${options.join(', ')}`;
      const got = String(issue.input);
      const guess = typeof issue.input === 'string' ? closest(got, options) : undefined;
      return `"${got}" is geen geldige waarde. Kies uit: ${options.join(', ')}${guess ? `. Bedoelt u "${guess}"?` : ''}`;
    }
    case 'unrecognized_keys':
      return `onbekende sleutel${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return 'mag niet leeg zijn';
      if (issue.origin === 'array') return `moet minstens ${String(issue.minimum)} element(en) bevatten`;
      return `is te klein (minimaal ${String(issue.minimum)})`;
    case 'too_big':
      if (issue.origin === 'string') return `is te lang (maximaal ${String(issue.maximum)} tekens)`;
      return `is te groot (maximaal ${String(issue.maximum)})`;
    case 'invalid_format':
      return issue.message;
    default:
      return issue.message;
  }
}

/**
 * "file:line:col: `key` what is wrong". `knownKeys` lists the valid keys at a path, so an
 * unknown key gets the valid ones and a "bedoelt u" suggestion.
 */
export function formatIssue(yaml: YamlFile, issue: Issue, knownKeys?: (path: readonly PropertyKey[]) => string[]): string {
  const clean = (path: readonly PropertyKey[]) => path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys
      .map((key) => {
        const valid = knownKeys?.(issue.path) ?? [];
        const guess = closest(key, valid);
        const hint = valid.length > 0 ? ` Geldige sleutels hier: ${valid.join(', ')}.${guess ? ` Bedoelt u "${guess}"?` : ''}` : '';
        return `${yaml.where(clean([...issue.path, key]))}: \`${keyPath([...issue.path, key])}\` is een onbekende sleutel.${hint}`;
      })
      .join('\n  ');
  }
  const key = keyPath(issue.path);
  return `${yaml.where(clean(issue.path))}: ${key ? `\`${key}\` ` : ''}${issueMessage(issue)}`;
}

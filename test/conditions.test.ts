import { describe, expect, it } from 'vitest';
import { conditionSchema, evaluate, references } from '../src/library/conditions.js';

const parse = (raw: unknown) => conditionSchema.parse(raw);

describe('conditions', () => {
  const answers = { telefoon: 'in-tas', platforms: ['instagram', 'facebook'], bestuur: '', naam: 'De Regenboog' };

  it.each([
    [{ telefoon: 'in-tas' }, true],
    [{ telefoon: 'inleveren' }, false],
    [{ telefoon: ['inleveren', 'in-tas'] }, true],
    [{ platforms: 'facebook' }, true],
    [{ platforms: ['youtube', 'x'] }, false],
    [{ telefoon: 'in-tas', platforms: 'youtube' }, false],
    [{ all: [{ telefoon: 'in-tas' }, { platforms: 'instagram' }] }, true],
    [{ any: [{ telefoon: 'inleveren' }, { platforms: 'instagram' }] }, true],
    [{ any: [{ telefoon: 'inleveren' }, { platforms: 'x' }] }, false],
    [{ not: { telefoon: 'inleveren' } }, true],
    [{ filled: 'bestuur' }, false],
    [{ filled: 'naam' }, true],
    [{ onbekend: 'x' }, false],
  ])('%j → %s', (raw, expected) => {
    expect(evaluate(parse(raw), answers)).toBe(expected);
  });

  it('holds without a condition', () => {
    expect(evaluate(undefined, {})).toBe(true);
  });

  it('rejects operators mixed with questions and empty conditions', () => {
    expect(conditionSchema.safeParse({ all: [{ a: 'b' }], telefoon: 'x' }).success).toBe(false);
    expect(conditionSchema.safeParse({}).success).toBe(false);
    expect(conditionSchema.safeParse({ all: [] }).success).toBe(false);
    expect(conditionSchema.safeParse({ telefoon: [] }).success).toBe(false);
  });

  it('lists every question and value it names', () => {
    expect(references(parse({ any: [{ telefoon: ['a', 'b'] }, { not: { filled: 'bestuur' } }] }))).toEqual([
      { question: 'telefoon', value: 'a' },
      { question: 'telefoon', value: 'b' },
      { question: 'bestuur' },
    ]);
  });
});

/**
 * The documents of the presets and a few other answer sets, as Markdown file snapshots: a change
 * in clauses or templates shows up as a document diff that a reviewer reads like the MR would.
 * After an intended change: `npx vitest run test/snapshots.test.ts -u`.
 */
import { describe, expect, it } from 'vitest';
import { completeAnswers } from '../src/answers/load.js';
import { type Values } from '../src/answers/schema.js';
import { assemble } from '../src/assemble/assemble.js';
import { loadLibrary } from '../src/library/load.js';
import { renderMarkdown } from '../src/render/markdown.js';

const library = loadLibrary();
const identity: Values = {
  naam: 'Basisschool De Regenboog',
  bestuur: 'Stichting Voorbeeld Onderwijs',
  plaats: 'Utrecht',
  versie: '1.0',
  datum: '2026-11-22',
};

const answerSets: [string, Values][] = [
  ...library.presets.map((p): [string, Values] => [`preset-${p.id}`, { ...identity, ...p.keuzes }]),
  ['standaard-zonder-bestuur', { ...identity, bestuur: '' }],
  ['gmr-vastgesteld', { ...identity, raad: 'GMR', status: 'vastgesteld', instemming: '2026-12-10', besproken: '2026-11-30', ondertekenaar: 'J. de Vries', voorzitter: 'A. Bakker' }],
];

describe('documents (file snapshots)', () => {
  it.each(answerSets)('%s', async (name, values) => {
    const markdown = renderMarkdown(assemble(completeAnswers(library, values), library), library);
    await expect(markdown).toMatchFileSnapshot(`__snapshots__/${name}.md`);
  });
});

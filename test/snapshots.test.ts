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

describe('precompiled templates (dist/templates.cjs, made by npm run build)', () => {
  it('cover every template and text the presets use', async () => {
    const { templateCounts } = await import('../src/util/precompiled.js');
    const { renderHtml } = await import('../src/render/html.js');
    const { renderCompanions } = await import('../src/companions/index.js');
    for (const [name, values] of answerSets) {
      const protocol = assemble(completeAnswers(library, values), library);
      renderMarkdown(protocol, library);
      renderHtml(protocol, library);
      expect(renderCompanions(protocol, library, name).length).toBeGreaterThan(0);
    }
    // Counted from the start of this file: the snapshots above took most of them.
    expect(templateCounts.precompiled).toBeGreaterThan(20);
    expect(templateCounts.compiled).toBe(0);
  });

  it('give the same documents as compiling the templates in the process', async () => {
    const { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } = await import('node:fs');
    const path = await import('node:path');
    const { spawnSync } = await import('node:child_process');
    const { root, tempDir } = await import('./helpers/fixtures.js');
    // A copy of the package without dist/templates.cjs: there every template is compiled at run time.
    const copy = path.join(tempDir(), 'pakket');
    mkdirSync(copy);
    for (const part of ['bin', 'dist', 'clauses', 'templates', 'package.json']) cpSync(path.join(root, part), path.join(copy, part), { recursive: true });
    symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
    rmSync(path.join(copy, 'dist', 'templates.cjs'));
    for (const preset of library.presets) {
      const outs = [root, copy].map((pkg, i) => {
        const out = path.join(copy, `out-${preset.id}-${i}`);
        const result = spawnSync(process.execPath, [path.join(pkg, 'bin', 'schoolprotocol.js'), 'build', '--preset', preset.id, '--format', 'md,html', '--out', out], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
        expect(result.status, result.stderr).toBe(0);
        return out;
      });
      const [a, b] = outs as [string, string];
      const files = readdirSync(a, { recursive: true }).map(String).filter((f) => /\.(md|html)$/.test(f)).sort();
      expect(files.length, preset.id).toBeGreaterThanOrEqual(6);
      expect(readdirSync(b, { recursive: true }).map(String).filter((f) => /\.(md|html)$/.test(f)).sort()).toEqual(files);
      for (const file of files) expect(readFileSync(path.join(b, file), 'utf8'), `${preset.id} ${file}`).toBe(readFileSync(path.join(a, file), 'utf8'));
    }
  }, 120_000);
});

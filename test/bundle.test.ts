import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, tempDir } from './helpers/fixtures.js';
import { run } from './helpers/run.js';

/**
 * bin/schoolprotocol.js runs the bundle in dist/app/ that `npm run build` makes (src/build/bundle.ts).
 * These tests run the bin from a copy of the package that holds the bundle and not tsc's modules,
 * with the bundle's thread scripts wrapped so that each start leaves a mark: a bundle that reached
 * back into dist/build or dist/render, or started tsc's thread scripts, fails here.
 */
function bundledPackage(): { dir: string; marks: string } {
  const dir = tempDir('sp-bundle-');
  for (const entry of ['package.json', 'bin', 'clauses', 'templates', 'dist/app', 'dist/library.json', 'dist/templates.cjs']) {
    cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const marks = path.join(dir, 'marks');
  mkdirSync(marks);
  for (const name of ['worker', 'print-worker']) {
    const script = path.join(dir, 'dist/app', `${name}.js`);
    renameSync(script, path.join(dir, 'dist/app', `${name}-real.js`));
    writeFileSync(
      script,
      `import { writeFileSync } from 'node:fs';\nimport { threadId } from 'node:worker_threads';\n` +
        `writeFileSync(${JSON.stringify(marks)} + '/${name}-' + threadId, '');\nawait import('./${name}-real.js');\n`,
    );
  }
  return { dir, marks };
}

const runBin = (pkg: string, args: string[], cwd: string) => run(args, { cwd, bin: path.join(pkg, 'bin/schoolprotocol.js') });

describe('the bundle the bin runs', () => {
  it('has every entry point and imports nothing of tsc\'s output', () => {
    const app = path.join(root, 'dist/app');
    for (const entry of ['program.js', 'makes-pdf.js', 'launch.js', 'early.js', 'worker.js', 'print-worker.js']) expect(existsSync(path.join(app, entry))).toBe(true);
    const bin = readFileSync(path.join(root, 'bin/schoolprotocol.js'), 'utf8');
    expect([...bin.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) => m[1])).toEqual(['../dist/app/makes-pdf.js', '../dist/app/launch.js', '../dist/app/early.js', '../dist/app/program.js']);
    for (const file of readdirSync(app)) {
      const text = readFileSync(path.join(app, file), 'utf8');
      // Relative imports stay inside dist/app; zod and puppeteer-core are inside the bundle.
      for (const [, spec] of text.matchAll(/(?:from|import\()\s*["']([^"']+)["']/g)) {
        if (spec?.startsWith('.')) expect(spec, file).toMatch(/^\.\/[^/]+\.js$/);
        else expect(spec, file).not.toMatch(/^(zod|puppeteer-core)(\/|$)/);
      }
    }
  });

  it('builds a PDF on the bundle\'s print thread, and a large Markdown batch on the bundle\'s workers, with the same text as one thread', () => {
    const { dir, marks } = bundledPackage();
    const work = path.join(dir, 'werk');
    mkdirSync(work);
    const init = runBin(dir, ['init', '--yes'], work);
    expect(init.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(init.status).toBe(0);
    expect(readdirSync(marks)).toEqual(['print-worker-1']);
    expect(readFileSync(path.join(work, 'out/voorbeeldschool/protocol.pdf')).subarray(0, 5).toString()).toBe('%PDF-');

    const answers = readFileSync(path.join(work, 'protocol.yaml'), 'utf8');
    mkdirSync(path.join(work, 'scholen'));
    for (let i = 0; i < 100; i++) {
      writeFileSync(path.join(work, 'scholen', `school-${i}.yaml`), answers.replace('naam: Voorbeeldschool', `naam: Basisschool ${i}`));
    }
    const batch = runBin(dir, ['build', 'scholen', '--format', 'md', '--out', 'batch'], work);
    expect(batch.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(batch.status).toBe(0);
    // One worker for each processor core beyond the main thread's (src/build/batch.ts), started
    // by the bin before the program (src/build/early.ts) and not a second time.
    const workers = () => readdirSync(marks).filter((m) => m.startsWith('worker-'));
    expect(workers()).toHaveLength(Math.min(8, os.availableParallelism()) - 1);
    const one = runBin(dir, ['build', 'scholen/school-7.yaml', '--format', 'md', '--out', 'een'], work);
    expect(one.status).toBe(0);
    expect(readFileSync(path.join(work, 'batch/basisschool-7/protocol.md'), 'utf8')).toBe(readFileSync(path.join(work, 'een/basisschool-7/protocol.md'), 'utf8'));
    expect(readdirSync(path.join(work, 'batch')).filter((d) => d.startsWith('basisschool-'))).toHaveLength(100);
    // A folder of a few schools starts no worker (the bin counts its answers files).
    mkdirSync(path.join(work, 'klein'));
    for (const i of [1, 2]) writeFileSync(path.join(work, 'klein', `school-${i}.yaml`), answers.replace('naam: Voorbeeldschool', `naam: Kleine School ${i}`));
    const before = workers().length;
    const small = runBin(dir, ['build', 'klein', '--format', 'md', '--out', 'klein-uit'], work);
    expect(small.status).toBe(0);
    expect(readdirSync(path.join(work, 'klein-uit')).sort()).toEqual(['kleine-school-1', 'kleine-school-2']);
    expect(workers()).toHaveLength(before);
    // Bad input after the workers started early: exit 2 with the message, and no worker keeps the process alive.
    const bad = runBin(dir, ['build', 'scholen', '--format', 'md', '--zonder', 'onzin', '--out', 'fout'], work);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/onzin/);
    expect(existsSync(path.join(work, 'fout'))).toBe(false);
  }, 120_000);
});

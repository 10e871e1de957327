import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serializeAnswers } from '../src/answers/write.js';
import { buildAll } from '../src/build/batch.js';
import { type Result } from '../src/build/school.js';
import { collectJobs } from '../src/build/find.js';
import { progress } from '../src/cli/progress.js';
import { buildInWorkers, workerScript } from '../src/build/workers.js';
import { pathToFileURL } from 'node:url';
import { packageRoot } from '../src/util/paths.js';
import { fixtureLibrary, tempDir } from './helpers/fixtures.js';
import { pdfText } from './helpers/run.js';
import { runMain } from './helpers/main.js';

const library = fixtureLibrary();

function schools(dir: string, names: string[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'bestuur.yaml'), serializeAnswers(library, { bestuur: 'Stichting Test', versie: '2.0', datum: '2026-11-22', raad: 'GMR', telefoon: 'inleveren' }));
  names.forEach((naam, i) => writeFileSync(path.join(dir, `school-${i}.yaml`), serializeAnswers(library, { naam, plaats: 'Utrecht' }, { extends: 'bestuur.yaml' })));
}

describe('batch builds', () => {
  it('collects files, folders and glob patterns, skipping board files that schools extend', () => {
    const dir = tempDir();
    schools(path.join(dir, 'scholen'), ['A', 'B', 'C']);
    const labels = (inputs: string[]) => collectJobs(inputs, dir).map((j) => path.basename(j.file ?? ''));
    expect(labels(['scholen'])).toEqual(['school-0.yaml', 'school-1.yaml', 'school-2.yaml']);
    expect(labels(['scholen/school-1.yaml'])).toEqual(['school-1.yaml']);
    expect(labels(['scholen/school-[02].yaml'])).toEqual(['school-0.yaml', 'school-2.yaml']);
    expect(() => collectJobs(['scholen/*.yml'], dir)).toThrow(/past op geen enkel antwoordbestand/);
  });

  it('reads each answers file once: a school keeps the bytes read when the jobs were collected, and builds from them', async () => {
    const dir = tempDir();
    schools(path.join(dir, 'scholen'), ['A', 'B']);
    const jobs = collectJobs(['scholen'], dir);
    expect(jobs.map((job) => Buffer.from(job.bytes ?? []).toString('utf8'))).toEqual(jobs.map((job) => readFileSync(job.file ?? '', 'utf8')));
    // Changed on disk after the jobs were collected: the build uses the bytes it read.
    writeFileSync(path.join(dir, 'scholen/school-0.yaml'), 'kapot: [');
    const results = await buildAll(jobs, { library, outDir: path.join(dir, 'uit'), formats: ['md'] });
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(readFileSync(path.join(dir, 'uit/a/protocol.md'), 'utf8')).toContain('**A**');
    // A file that cannot be read as text keeps no bytes: its build reports why.
    writeFileSync(path.join(dir, 'binair.yaml'), Buffer.from([0x6e, 0x61, 0x61, 0x6d, 0, 0x3a]));
    const [broken] = collectJobs(['binair.yaml'], dir);
    expect(broken?.bytes).toBeUndefined();
    const [failed] = await buildAll([broken!], { library, outDir: path.join(dir, 'uit'), formats: ['md'] });
    expect(failed?.error).toMatch(/binair\.yaml: dit is geen tekstbestand/);
  });

  it('builds many schools with board defaults in one browser; one broken school does not stop the others', async () => {
    const dir = tempDir();
    schools(path.join(dir, 'scholen'), ['Basisschool Een', 'Basisschool Twee', 'Basisschool Drie', 'Basisschool Vier']);
    writeFileSync(path.join(dir, 'scholen/school-9.yaml'), 'extends: bestuur.yaml\nschool:\n  naam: Kapot\n  plaats: X\nkeuzes:\n  telefoon: thuis\n');
    const seen: Result[] = [];
    const results = await buildAll(collectJobs(['scholen'], dir), { library, outDir: path.join(dir, 'out'), formats: ['md', 'pdf'], jobs: 3, onResult: (r) => seen.push(r) });
    expect(results.map((r) => [r.school ?? null, r.ok])).toEqual([
      ['Basisschool Een', true],
      ['Basisschool Twee', true],
      ['Basisschool Drie', true],
      ['Basisschool Vier', true],
      [null, false],
    ]);
    expect(seen).toHaveLength(5);
    expect(results[4]?.error).toMatch(/school-9\.yaml:6:3: `keuzes\.telefoon` "thuis" is geen geldige waarde/);
    expect(readdirSync(path.join(dir, 'out')).sort()).toEqual(['basisschool-drie', 'basisschool-een', 'basisschool-twee', 'basisschool-vier']);
    const markdown = readFileSync(path.join(dir, 'out/basisschool-twee/protocol.md'), 'utf8');
    expect(markdown).toContain('Stichting Test');
    expect(markdown).toContain('Leerlingen leveren hun telefoon in');
    expect(pdfText(path.join(dir, 'out/basisschool-vier/protocol.pdf'))).toContain('Basisschool Vier');
    expect(existsSync(path.join(dir, 'out/basisschool-een/protocol.html'))).toBe(false);
  }, 120_000);

  it('gives two schools with the same name in different places each a folder with the place, says so, and check finds them', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'scholen'), { recursive: true });
    writeFileSync(path.join(dir, 'scholen/a.yaml'), serializeAnswers(library, { naam: 'OBS De Linde', plaats: 'Ede', versie: '1.0', datum: '2026-11-22' }));
    writeFileSync(path.join(dir, 'scholen/b.yaml'), serializeAnswers(library, { naam: 'OBS De Linde', plaats: 'Zeist', versie: '1.0', datum: '2026-11-22' }));
    const built = await runMain(['build', 'scholen', '--format', 'md'], dir);
    expect(built.code).toBe(0);
    expect(built.stderr).toMatch(/Let op: twee scholen heten "OBS De Linde"; hun mappen krijgen de plaats erbij: \S*out\/obs-de-linde-ede, \S*out\/obs-de-linde-zeist\.\n/);
    expect(built.stderr.match(/twee scholen heten/g)).toHaveLength(1);
    expect(built.stderr).toMatch(/^OBS De Linde \(obs-de-linde-ede\) /m);
    expect(existsSync(path.join(dir, 'out/obs-de-linde-ede/protocol.md'))).toBe(true);
    expect(existsSync(path.join(dir, 'out/obs-de-linde-zeist/protocol.md'))).toBe(true);
    const check = await runMain(['check', 'scholen'], dir);
    expect(check.stdout).toBe('De documenten van alle 2 scholen zijn actueel.\n');
  });

  it('names a broken school file once in the batch summary, and sorts schools naturally', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'scholen'), { recursive: true });
    for (const n of [1, 2, 10]) writeFileSync(path.join(dir, `scholen/s${n}.yaml`), serializeAnswers(library, { naam: `School ${n}`, plaats: 'Ede', versie: '1.0', datum: '2026-11-22' }));
    writeFileSync(path.join(dir, 'scholen/b.yaml'), 'school:\n  naam: B\n  plaats: Ede\ndocument:\n  raad: MRR\n');
    const result = await runMain(['build', 'scholen', '--format', 'md'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/b\.yaml: \S*b\.yaml:/);
    const rows = result.stderr.split('\n').filter((l) => /^School \d+ /.test(l)).map((l) => l.split('  ')[0]);
    expect(rows).toEqual(['School 1', 'School 2', 'School 10']);
  });

  it('refuses two schools that would share an output folder instead of overwriting', async () => {
    const dir = tempDir();
    schools(path.join(dir, 'scholen'), ['De Regenboog', 'De regenboog!']);
    const results = await buildAll(collectJobs(['scholen'], dir), { library, outDir: path.join(dir, 'out'), formats: ['md'] });
    expect(results[0]?.ok).toBe(true);
    expect(results[1]?.ok).toBe(false);
    expect(results[1]?.error).toMatch(/zou in dezelfde map .*de-regenboog komen als .*school-0\.yaml/);
    expect(readFileSync(path.join(dir, 'out/de-regenboog/protocol.md'), 'utf8')).toContain('**De Regenboog**');
  });
});

describe('batch on worker threads', () => {
  it('a large Markdown/HTML batch spread over workers writes exactly what one thread writes, and still refuses a shared folder and reports a broken school', async () => {
    expect(workerScript()).toBeDefined(); // npm test builds dist/ first
    const dir = tempDir();
    const names = Array.from({ length: 40 }, (_, i) => `Basisschool ${i}`);
    names[31] = 'Basisschool 3'; // same folder as school 3, most likely staged by another thread
    schools(path.join(dir, 'scholen'), names);
    writeFileSync(path.join(dir, 'scholen/school-9.yaml'), 'extends: bestuur.yaml\nschool:\n  naam: Kapot\n  plaats: X\nkeuzes:\n  telefoon: thuis\n');
    const jobs = collectJobs(['scholen'], dir);
    const run = async (workers: number, out: string, articles = false) => {
      const seen: number[] = [];
      const results = await buildAll(jobs, { library, outDir: path.join(dir, out), formats: ['md', 'html'], workers, articles, onResult: (_, done) => seen.push(done) });
      expect(seen).toEqual(Array.from({ length: jobs.length }, (_, i) => i + 1));
      return results.map((r) => ({ ...r, ms: 0, stack: undefined, error: r.error?.replaceAll(path.join(dir, out), 'UIT'), files: r.files.map((f) => path.relative(path.join(dir, out), f)) }));
    };
    const one = await run(0, 'een');
    const four = await run(4, 'vier');
    expect(four).toEqual(one);
    expect(four.filter((r) => !r.ok).map((r) => r.label.replace(/.*\//, ''))).toEqual(['school-9.yaml', 'school-31.yaml']);
    expect(four.find((r) => r.label.endsWith('school-31.yaml'))?.error).toMatch(/zou in dezelfde map UIT\/basisschool-3 komen als .*school-3\.yaml/);
    const files = (out: string) => readdirSync(path.join(dir, out), { recursive: true }).map(String).sort();
    expect(files('vier')).toEqual(files('een'));
    expect(files('vier').length).toBeGreaterThan(38 * 2);
    for (const file of files('een').filter((f) => /\.(md|html)$/.test(f))) {
      expect(readFileSync(path.join(dir, 'vier', file), 'utf8')).toBe(readFileSync(path.join(dir, 'een', file), 'utf8'));
    }
    expect(readFileSync(path.join(dir, 'vier/basisschool-3/protocol.md'), 'utf8')).toContain('**Basisschool 3**');
    // The articles only when asked for (the JSON report), from every thread alike.
    expect(one.filter((r) => r.articles)).toEqual([]);
    const listed = await run(4, 'lijst', true);
    expect(listed).toEqual(await run(0, 'lijst-een', true));
    const built = listed.filter((r) => r.ok);
    expect(built).toHaveLength(38);
    for (const r of built) expect(r.articles?.map((a) => a.number)).toEqual(expect.arrayContaining(['1.1', '2.1']));
  }, 60_000);

  it('a worker that dies takes only the schools it had taken: they get its error, the main thread builds all the others', async () => {
    const dir = tempDir();
    const count = 600;
    schools(path.join(dir, 'scholen'), Array.from({ length: count }, (_, i) => `Basisschool ${i}`));
    const jobs = collectJobs(['scholen'], dir);
    // A real worker thread that takes two schools from the shared counter, as worker.js does, and then stops.
    const script = path.join(dir, 'stervende-worker.mjs');
    writeFileSync(
      script,
      `import { parentPort } from 'node:worker_threads';\n` +
        `import { takeJob } from ${JSON.stringify(pathToFileURL(path.join(packageRoot, 'dist/build/stage.js')).href)};\n` +
        `parentPort.once('message', (input) => {\n` +
        `  const shared = { control: new Int32Array(input.control), owners: new Int32Array(input.owners) };\n` +
        `  takeJob(shared, input.thread);\n  takeJob(shared, input.thread);\n  process.exit(3);\n});\n`,
    );
    const seen: number[] = [];
    const results = await buildInWorkers(jobs, { library, outDir: path.join(dir, 'uit'), formats: ['md'], onResult: (_, done) => seen.push(done) }, 2, script);
    expect(results).toHaveLength(jobs.length);
    expect(seen).toEqual(Array.from({ length: jobs.length }, (_, i) => i + 1));
    const failed = results.filter((r) => !r.ok);
    // The main thread needs far longer for 600 schools than the worker needs to start.
    expect(failed).toHaveLength(2);
    for (const r of failed) expect(r.error).toMatch(/de worker stopte met code 3/);
    const built = readdirSync(path.join(dir, 'uit'));
    expect(built).toHaveLength(count - 2);
    expect(built.filter((name) => name.startsWith('.'))).toEqual([]);
    for (const r of results.filter((r) => r.ok)) expect(existsSync(path.join(dir, 'uit', r.slug ?? '', 'protocol.md'))).toBe(true);
  }, 120_000);
});

describe('batch summary', () => {
  it('shows per school which documents and formats were made, names the output folder once, and counts schools', () => {
    let text = '';
    const stream = { write: (chunk: string) => ((text += chunk), true) } as unknown as NodeJS.WritableStream;
    const files = (slug: string, docs: string[], formats: string[]) =>
      formats.flatMap((f) => docs.map((d) => path.join('/tmp/x/out', slug, `${d}.${f}`)));
    const results: Result[] = [
      { label: 'a.yaml', school: 'De Regenboog', ok: true, ms: 1200, files: files('de-regenboog', ['protocol', 'toestemmingsformulier', 'leerlingversie', 'ouderbrief', 'wijzigingen'], ['pdf', 'md', 'html']) },
      { label: 'b.yaml', school: 'De Wilg', ok: true, ms: 800, files: files('de-wilg', ['protocol'], ['md']) },
      { label: 'c.yaml', ok: false, ms: 5, files: [], error: 'kapot' },
    ];
    progress(stream).finish(results, 2.5);
    const lines = text.split('\n');
    expect(lines).toContain('School        Documenten                                            Formaten       Tijd   Status');
    expect(lines).toContain('De Regenboog  protocol, wijzigingen, leerlingen, ouders, formulier  md, html, pdf  1,2 s  ok');
    expect(lines).toContain('De Wilg       protocol                                              md             0,8 s  ok');
    expect(lines).toContain('c.yaml        -                                                     -              0,0 s  mislukt');
    expect(text).toContain('\n2 van de 3 scholen klaar in 2,5 s, in /tmp/x/out.\n');
    expect(text).not.toContain('de-regenboog/');
  });
});

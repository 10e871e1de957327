/**
 * A large Markdown/HTML batch starts its worker threads before the program is loaded
 * (src/build/early.ts): which command lines do, and that the batch uses those workers (no second
 * start), ends those that do not fit, and that nothing keeps running when they are not used.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serializeAnswers } from '../src/answers/write.js';
import { collectJobs } from '../src/build/find.js';
import { endEarlyWorkers, startEarlyWorkers, takeEarlyWorkers } from '../src/build/early.js';
import { buildInWorkers, workerScript } from '../src/build/workers.js';
import { loadLibrary } from '../src/library/load.js';
import { earlyBatch } from '../src/render/makes-pdf.js';
import { clausesDir } from '../src/util/paths.js';
import { tempDir } from './helpers/fixtures.js';

const library = loadLibrary();
/** Workers beside the main thread on this machine (none on one core: then nothing starts early). */
const extra = Math.min(8, os.availableParallelism()) - 1;

function schools(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'bestuur.yaml'), serializeAnswers(library, { bestuur: 'Stichting Test', versie: '1.0', datum: '2026-11-22', raad: 'GMR' }));
  for (let i = 0; i < count; i++) writeFileSync(path.join(dir, `school-${i}.yaml`), serializeAnswers(library, { naam: `Basisschool ${i}`, plaats: 'Utrecht' }, { extends: 'bestuur.yaml' }));
}

/** worker.js wrapped so that every start leaves a file in `marks` (its thread id), and its batch another (id-batch). */
function markingWorker(dir: string): { script: string; marks: string } {
  const marks = path.join(dir, 'starts');
  mkdirSync(marks);
  const script = path.join(dir, 'worker.mjs');
  writeFileSync(
    script,
    `import { writeFileSync } from 'node:fs';\nimport { parentPort, threadId } from 'node:worker_threads';\n` +
      `writeFileSync(${JSON.stringify(marks)} + '/' + threadId, '');\n` +
      // After worker.js has its own listener: the port passes on messages once one listens.
      `await import(${JSON.stringify(pathToFileURL(workerScript() ?? '').href)});\n` +
      `parentPort.once('message', () => writeFileSync(${JSON.stringify(marks)} + '/' + threadId + '-batch', ''));\n`,
  );
  return { script, marks };
}

describe('which command lines start a batch\'s workers early', () => {
  it('a Markdown/HTML build of 100 answers files (named or in folders) or a pattern, with the custom clause folder it names', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'scholen'));
    for (let i = 0; i < 100; i++) writeFileSync(path.join(dir, 'scholen', `school-${i}.yaml`), '');
    writeFileSync(path.join(dir, 'een.yaml'), '');
    // Spread over subfolders, and over two folders named on the command line.
    for (const [sub, count] of [['regio/noord', 60], ['regio/zuid', 40]] as const) {
      mkdirSync(path.join(dir, sub), { recursive: true });
      for (let i = 0; i < count; i++) writeFileSync(path.join(dir, sub, `s${i}.yml`), '');
    }
    expect(earlyBatch(['build', 'regio', '--format', 'md'], dir)).toEqual({ clauses: [] });
    expect(earlyBatch(['build', 'regio/noord', 'regio/zuid', '--format', 'md'], dir)).toEqual({ clauses: [] });
    expect(earlyBatch(['build', 'scholen', '--format', 'md'], dir)).toEqual({ clauses: [] });
    expect(earlyBatch(['build', '--format=html,md', 'scholen/*.yaml'], dir)).toEqual({ clauses: [] });
    // The same test for a pattern as when the jobs are collected (an extglob has no * or ?).
    expect(earlyBatch(['build', '--format=md', 'scholen/school-+(1|2).yaml'], dir)).toEqual({ clauses: [] });
    expect(earlyBatch(['build', 'scholen', '--format', 'md', '--clauses', 'eigen'], dir)).toEqual({ clauses: [path.join(dir, 'eigen')] });
    expect(earlyBatch(['build', '--clauses=eigen', 'scholen', '--format', 'MD'], dir)).toEqual({ clauses: [path.join(dir, 'eigen')] });
    expect(earlyBatch(['build', ...Array.from({ length: 100 }, (_, i) => `s${i}.yaml`), '--format', 'md'], dir)).toEqual({ clauses: [] });
  });

  it('not for PDF or Word, the default formats, help, fewer than 100 files, or a folder that is an option\'s value', () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'scholen'));
    for (let i = 0; i < 100; i++) writeFileSync(path.join(dir, 'scholen', `school-${i}.yaml`), '');
    mkdirSync(path.join(dir, 'klein/.verborgen'), { recursive: true });
    for (let i = 0; i < 99; i++) writeFileSync(path.join(dir, 'klein', `school-${i}.yaml`), '');
    for (let i = 0; i < 10; i++) writeFileSync(path.join(dir, 'klein/.verborgen', `oud-${i}.yaml`), '');
    writeFileSync(path.join(dir, 'klein', 'notities.txt'), '');
    expect(earlyBatch(['build', 'klein', '--format', 'md'], dir)).toBeUndefined();
    expect(earlyBatch(['build', 'scholen'], dir)).toBeUndefined();
    expect(earlyBatch(['build', 'scholen', '--format', 'md,pdf'], dir)).toBeUndefined();
    expect(earlyBatch(['build', 'scholen', '--format', 'docx'], dir)).toBeUndefined();
    expect(earlyBatch(['build', 'scholen', '--format', 'md', '--help'], dir)).toBeUndefined();
    expect(earlyBatch(['build', 'een.yaml', '--format', 'md'], dir)).toBeUndefined();
    expect(earlyBatch(['build', 'een.yaml', '--format', 'md', '--out', 'scholen', '--clauses', 'scholen'], dir)).toBeUndefined();
    expect(earlyBatch(['check', 'scholen', '--format', 'md'], dir)).toBeUndefined();
  });
});

describe.skipIf(extra === 0)('early workers', () => {
  it('are the batch\'s workers: no worker starts a second time, and the batch is complete', async () => {
    const dir = tempDir();
    schools(path.join(dir, 'scholen'), 120);
    const { script, marks } = markingWorker(dir);
    const started = startEarlyWorkers(earlyBatch(['build', 'scholen', '--format', 'md'], dir)!, script);
    expect(started).toHaveLength(extra);
    const ids = started.map(({ worker }) => worker.threadId);
    const results = await buildInWorkers(collectJobs(['scholen'], dir), { library, outDir: path.join(dir, 'uit'), formats: ['md'] }, started.length + 1, script);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    // Each early worker got a batch, and no other worker started.
    expect(readdirSync(marks).sort()).toEqual(ids.flatMap((id) => [`${id}`, `${id}-batch`]).sort());
    expect(readdirSync(path.join(dir, 'uit'))).toHaveLength(120);
    expect(readFileSync(path.join(dir, 'uit/basisschool-7/protocol.md'), 'utf8')).toContain('**Basisschool 7**, Stichting Test, Utrecht');
  }, 60_000);

  it('that do not fit (another clause library, another script) are ended, and new ones start', async () => {
    const dir = tempDir();
    const { script } = markingWorker(dir);
    const started = startEarlyWorkers(earlyBatch(['build', 'scholen/*.yaml', '--format', 'md', '--clauses', 'eigen'], dir)!, script);
    expect(started.length).toBeGreaterThan(0);
    const exits = started.map(({ worker }) => once(worker, 'exit'));
    expect(takeEarlyWorkers(script, [clausesDir], started.length)).toEqual([]);
    await Promise.all(exits);
    // Taken once: a second look finds none.
    expect(takeEarlyWorkers(script, [clausesDir, path.join(dir, 'eigen')], started.length)).toEqual([]);
  });

  it('load the library the command loads: the built-in clauses, then the folder of --clauses as the command resolves it', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'eigen'));
    const { script } = markingWorker(dir);
    const started = startEarlyWorkers(earlyBatch(['build', 'scholen/*.yaml', '--format', 'md', '--clauses', 'eigen/'], dir)!, script);
    const exits = started.map(({ worker }) => once(worker, 'exit'));
    try {
      // What build.ts does with --clauses: path.resolve against the working folder, then loadLibrary.
      const custom = loadLibrary([path.resolve(dir, 'eigen/')]);
      expect(started.map((item) => item.dirs)).toEqual(started.map(() => custom.dirs));
      expect(takeEarlyWorkers(script, custom.dirs, started.length)).toEqual(started);
    } finally {
      for (const { worker } of started) void worker.terminate();
    }
    await Promise.all(exits);
  });

  it('that nothing takes are ended on the way out', async () => {
    const dir = tempDir();
    const { script, marks } = markingWorker(dir);
    const started = startEarlyWorkers(earlyBatch(['build', 'scholen/*.yaml', '--format', 'html'], dir)!, script);
    expect(started.length).toBeGreaterThan(0);
    const exits = started.map(({ worker }) => once(worker, 'exit'));
    await endEarlyWorkers();
    await Promise.all(exits);
    expect(readdirSync(marks).length).toBeLessThanOrEqual(started.length);
  });
});

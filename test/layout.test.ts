/**
 * The source tree shows the pipeline: every folder of src/ is a stage, and a stage imports only
 * stages below it (or its own files, or util/). No import cycles at all. madge reads the imports,
 * dynamic ones included.
 */
import { describe, expect, it } from 'vitest';
import madge from 'madge';
import path from 'node:path';

/** Stages from the bottom up; a file may import its own stage and any stage of a lower rank. */
const RANK: Record<string, number> = {
  util: 0,
  library: 1,
  answers: 2,
  wizard: 3,
  assemble: 3,
  render: 4,
  companions: 5,
  redline: 6,
  lint: 6,
  build: 7,
  cli: 8,
  bench: 9,
};

const src = path.join(import.meta.dirname, '..', 'src');

describe('source layout', async () => {
  const graph = await madge(src, { fileExtensions: ['ts'], tsConfig: path.join(src, '..', 'tsconfig.json') });
  const deps = graph.obj();

  it('reads every source file', () => {
    expect(Object.keys(deps).length).toBeGreaterThan(40);
    expect(Object.keys(deps)).toContain('build/job.ts');
  });

  it('has no import cycles', () => {
    expect(graph.circular()).toEqual([]);
  });

  it('puts every file in a known stage', () => {
    const unknown = Object.keys(deps).filter((file) => RANK[file.split('/')[0] ?? ''] === undefined);
    expect(unknown).toEqual([]);
  });

  it('imports only down the pipeline', () => {
    const upward: string[] = [];
    for (const [file, imports] of Object.entries(deps)) {
      const from = file.split('/')[0] ?? '';
      for (const target of imports) {
        const to = target.split('/')[0] ?? '';
        if (to !== from && (RANK[to] ?? Infinity) >= (RANK[from] ?? -1)) upward.push(`${file} → ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });
});

import path from 'node:path';
import { buildAll, parseFormats, type Job, type Result } from '../build.js';
import type { Io } from '../cli.js';
import { inputError } from '../errors.js';
import { collectJobs, findPreset } from '../jobs.js';
import { loadLibrary } from '../library.js';
import { todayIso } from '../today.js';
import { displayPath } from '../yamlfile.js';

export interface BuildCommandOptions {
  files: string[];
  preset?: string;
  out?: string;
  format?: string;
  clauses?: string;
  json?: boolean;
  io: Io;
}

export async function runBuild(options: BuildCommandOptions): Promise<number> {
  const { io } = options;
  const formats = parseFormats(options.format);
  const library = loadLibrary(options.clauses ? [path.resolve(io.cwd, options.clauses)] : []);
  const outDir = path.resolve(io.cwd, options.out ?? 'out');
  const preset = options.preset ? findPreset(library, options.preset) : undefined;

  let jobs: Job[];
  if (options.files.length > 0) {
    jobs = collectJobs(options.files, io.cwd);
    if (preset) {
      // The preset's choices are the base; each file's own answers win.
      jobs = jobs.map((job) => ({ ...job, baseValues: preset.keuzes }));
    }
  } else if (preset) {
    jobs = [{ label: `preset ${preset.id}`, values: { naam: `Voorbeeldschool (${preset.name})`, datum: todayIso(), ...preset.keuzes } }];
  } else {
    throw inputError('noem een of meer antwoordbestanden, bijvoorbeeld `schoolprotocol build protocol.yaml`, of kies een preset met --preset. Nog geen antwoordbestand? Begin met `schoolprotocol init`.');
  }

  const report = (result: Result) => {
    if (options.json) return;
    if (result.ok) io.stdout.write(`✓ ${result.school} → ${result.files.map(displayPath).join(', ')}\n`);
    else io.stderr.write(`✗ ${result.label}: ${result.error}\n`);
  };
  const results = await buildAll(jobs, { library, outDir, formats, onResult: report });
  if (options.json) io.stdout.write(`${JSON.stringify({ documents: results.map(toJson) }, null, 2)}\n`);

  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) {
    if (!options.json) io.stderr.write(`${failed.length} van ${results.length} ${results.length === 1 ? 'document' : 'documenten'} mislukt: ${failed.map((f) => f.label).join(', ')}\n`);
    return results.length === failed.length && failed.every((f) => f.files.length === 0 && !f.school) ? 2 : 1;
  }
  return 0;
}

function toJson(result: Result) {
  return {
    school: result.school ?? null,
    input: result.label,
    status: result.ok ? 'ok' : 'fout',
    ...(result.error && { error: result.error }),
    files: result.files.map(displayPath),
    articles: result.articles ?? [],
  };
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildAll } from '../../build/batch.js';
import { parseFormats } from '../../build/outputs.js';
import { removedMessage } from '../../build/school.js';
import { type Job } from '../../build/job.js';
import { type Result } from '../../build/school.js';
import { pathOption, type Io } from '../io.js';
import { parseWithout } from '../../companions/index.js';
import { inputError } from '../../util/errors.js';
import { timeoutSetting } from '../../render/launch.js';
import { collectJobs, findPreset } from '../../build/find.js';
import { loadCustomLibrary } from '../../lint/custom.js';
import { progress } from '../progress.js';
import { todayIso } from '../../util/today.js';
import { displayPath, fileLines } from '../../util/paths.js';
import { naturalCompare } from '../../util/text.js';

export interface BuildCommandOptions {
  files: string[];
  preset?: string;
  out?: string;
  format?: string;
  /** Companion documents not to make, comma-separated: `--zonder leerlingversie,ouderbrief`. */
  zonder?: string;
  clauses?: string;
  jobs?: string;
  /** Print every PDF again, also one that is still current (`--force`). */
  force?: boolean;
  json?: boolean;
  io: Io;
}

export function parseJobs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  // A plain whole number: "1e1", "0x10", " 4", "4.0" are not what a person types for a count.
  const jobs = /^[1-9][0-9]{0,2}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw inputError(`--jobs: "${text}" is geen geldig aantal. Geef een heel getal van 1 tot en met 64.`);
  return jobs;
}

export async function runBuild(options: BuildCommandOptions): Promise<number> {
  const { io } = options;
  const formats = parseFormats(options.format);
  const without = parseWithout(options.zonder);
  const jobCount = parseJobs(options.jobs);
  if (formats.includes('pdf')) {
    // A bad SCHOOLPROTOCOL_PDF_TIMEOUT is a usage error before anything is built.
    const timeout = timeoutSetting();
    if ('error' in timeout) throw inputError(timeout.error);
  }
  const library = await loadCustomLibrary(pathOption(options.clauses, '--clauses') ? path.resolve(io.cwd, options.clauses ?? '') : undefined);
  const outDir = path.resolve(io.cwd, pathOption(options.out, '--out') ?? 'out');
  const preset = options.preset ? findPreset(library, options.preset) : undefined;

  let jobs: Job[];
  if (options.files.length > 0) {
    jobs = collectJobs(options.files, io.cwd);
    // The preset's choices are the base; each file's own answers win.
    if (preset) jobs = jobs.map((job) => ({ ...job, baseValues: preset.keuzes }));
  } else if (preset) {
    // A preset alone: the built-in example school, in a folder named after the preset.
    jobs = [{ label: `preset ${preset.id}`, slug: `preset-${preset.id}`, values: { datum: todayIso(), ...preset.keuzes } }];
  } else if (existsSync(path.join(io.cwd, 'protocol.yaml'))) {
    // As init: without a file named, the answers file in this folder.
    jobs = collectJobs(['protocol.yaml'], io.cwd);
  } else {
    throw inputError('noem een of meer antwoordbestanden, bijvoorbeeld `schoolprotocol build protocol.yaml`, of kies een preset met --preset. Nog geen antwoordbestand? Begin met `schoolprotocol init`.');
  }

  const started = performance.now();
  // One school: plain messages. Several: a progress display and a summary.
  const single = jobs.length === 1;
  const display = progress(io.stderr, options.json === true, { single });
  display.start(jobs, formats);
  const results = await buildAll(jobs, { library, outDir, formats, without, ...(jobCount && { jobs: jobCount }), ...(options.force && { force: true }), ...(options.json && { articles: true }), onResult: display.update, onDocument: display.document });
  if (single) display.stop();
  if (!single) display.finish(results, (performance.now() - started) / 1000);
  for (const warning of new Set(results.flatMap((r) => r.warnings ?? []))) io.stderr.write(`Let op: ${warning}\n`);
  if (options.json) io.stdout.write(`${JSON.stringify({ documents: results.map(toJson) }, null, 2)}\n`);

  const failed = results.filter((r) => !r.ok);
  if (single && !options.json) {
    const [result] = results;
    if (result?.ok) io.stdout.write(`Gemaakt:\n${fileLines(result.files)}${removedMessage([result])}`);
    else if (result) io.stderr.write(`Fout: ${result.error ?? 'het document kon niet worden gemaakt.'}\n${result.files.length > 0 ? `Wel gemaakt: ${result.files.map(displayPath).join(', ')}\n` : ''}`);
  }
  // A batch: its summary table is on stderr; which files went is worth a line of its own.
  if (!single && !options.json) io.stdout.write(removedMessage(results));
  if (io.debug) {
    for (const f of failed) if (f.stack) io.stderr.write(`${f.stack}\n`);
  }
  if (failed.length === 0) return 0;
  if (!single) io.stderr.write(`Mislukt (${failed.length}): ${failed.map((f) => f.school ?? f.label).sort(naturalCompare).join(', ')}\n`);
  // Only bad input (nothing could be built at all) is exit 2; a failed render is exit 1.
  return failed.length === results.length && failed.every((f) => f.exitCode === 2) ? 2 : 1;
}

function toJson(result: Result) {
  return {
    school: result.school ?? null,
    input: result.label,
    status: result.ok ? 'ok' : 'fout',
    ...(result.error && { error: result.error }),
    files: result.files.map(displayPath),
    ...(result.removed && { removed: result.removed.map(displayPath) }),
    seconds: Math.round(result.ms) / 1000,
    articles: result.articles ?? [],
  };
}

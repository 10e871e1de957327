/**
 * `npm run bench`: one run on generated answers files, printing a table with ratios.
 *   (a) one school, cold process to PDF, beside md-to-pdf on the same Markdown and beside a naive
 *       browser-per-document baseline;
 *   (b) 100 schools Markdown+HTML+PDF in one command: documents per second and peak memory
 *       (the whole process tree, Chromium included), beside the naive baseline; then the same
 *       with the companion documents, in PDFs per second;
 *   (c) 1000 schools Markdown only (the protocol; then with the companions);
 *   (d) `--help` start-up;
 *   (e) Word: ten schools as .docx (protocol and companions), the cost per school.
 * A benchmark, not a test: it reports and never fails on a missed target.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { renderJob } from '../build/job.js';
import { COMPANION_IDS } from '../companions/index.js';
import { generateSchools } from './generate.js';
import { loadLibrary, type Library } from '../library/load.js';
import { packageRoot } from '../util/paths.js';
import { PdfRenderer } from '../render/pdf.js';

const bin = path.join(packageRoot, 'bin/schoolprotocol.js');
const mdToPdf = path.join(packageRoot, 'node_modules/md-to-pdf/dist/cli.js');

interface Timed {
  seconds: number;
  peakMb: number;
  status: number | null;
}

/**
 * Memory of one process in bytes: its proportional set size (PSS), in which memory shared between
 * processes (Chromium's processes share most of their code) counts once in total, not once per
 * process; the resident size where PSS cannot be read.
 */
function memoryOf(pid: number): number {
  try {
    const pss = /^Pss:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    if (pss?.[1]) return Number(pss[1]) * 1024;
  } catch {
    // no smaps_rollup (older kernel) or the process ended
  }
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096;
  } catch {
    return 0;
  }
}

/** Memory of a process and all its descendants, in bytes (see memoryOf). */
function treeMemory(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    total += memoryOf(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Runs a command to its end; wall time and peak memory of its process tree. */
function timed(command: string, args: string[], cwd: string): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let peak = 0;
    const sample = setInterval(() => {
      if (child.pid) peak = Math.max(peak, treeMemory(child.pid));
    }, 50);
    child.on('error', reject);
    child.on('close', (status) => {
      clearInterval(sample);
      if (status !== 0) process.stderr.write(`bench: ${path.basename(args[0] ?? command)} ${args.slice(1).join(' ')} ended with ${status}:\n${stderr.slice(-2000)}\n`);
      resolve({ seconds: (performance.now() - started) / 1000, peakMb: peak / 1024 / 1024, status });
    });
  });
}

/** The naive baseline: a fresh browser for every document, as md-to-pdf's API does per call. */
async function naive(library: Library, files: readonly string[]): Promise<number> {
  const started = performance.now();
  for (const file of files) {
    const doc = renderJob({ label: file, file }, library);
    const renderer = await PdfRenderer.launch();
    try {
      await renderer.render(doc.html, { title: doc.protocol.school.naam, author: doc.protocol.school.naam, footer: doc.protocol.school.naam, date: doc.protocol.document.datum });
    } finally {
      await renderer.close();
    }
  }
  return (performance.now() - started) / 1000;
}

/** Every companion document, for `--zonder`: the measured runs make the protocol only. */
const COMPANIONS = COMPANION_IDS.join(',');

/** How many files under `dir` end with `ext`. */
function countFiles(dir: string, ext: string): number {
  return readdirSync(dir, { recursive: true }).filter((name) => String(name).endsWith(ext)).length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const fmt = (n: number, digits = 2) => n.toFixed(digits);

async function main(): Promise<void> {
  const library = loadLibrary();
  const work = mkdtempSync(path.join(os.tmpdir(), 'schoolprotocol-bench-'));
  const executable = (await import('../render/pdf.js')).findBrowser;
  const browser = await executable();
  const rows: [string, string, string, string][] = [];
  const add = (what: string, value: string, target: string, ok: boolean | undefined) =>
    rows.push([what, value, target, ok === undefined ? '' : target === '' ? (ok ? 'klaar' : 'mislukt') : ok ? 'gehaald' : 'niet gehaald']);
  /** Cold runs vary by a second on a small machine: the median of three, and every run ended well. */
  const timed3 = async (command: string, args: string[]): Promise<Timed> => {
    const runs: Timed[] = [];
    for (let i = 0; i < 3; i++) runs.push(await timed(command, args, work));
    return { seconds: median(runs.map((r) => r.seconds)), peakMb: Math.max(...runs.map((r) => r.peakMb)), status: runs.find((r) => r.status !== 0)?.status ?? 0 };
  };
  console.log(`schoolprotocol benchmark — ${os.cpus().length} kernen, Node ${process.version}, browser ${browser}`);
  try {
    // (a) one school, cold process
    const one = generateSchools(library, path.join(work, 'one'), 1)[1 - 1] as string;
    // The protocol alone, as md-to-pdf makes one PDF from its Markdown.
    const ours = await timed3(process.execPath, [bin, 'build', one, '--out', path.join(work, 'out-one'), '--zonder', COMPANIONS]);
    const markdown = path.join(work, 'out-one', 'basisschool-nummer-1', 'protocol.md');
    const theirs = await timed3(process.execPath, [mdToPdf, markdown, '--launch-options', JSON.stringify({ executablePath: browser, args: ['--no-sandbox', '--disable-gpu'] })]);
    const naiveOne = await naive(library, [one]);
    add('(a) 1 school, koud proces → protocol md+html+pdf (mediaan van 3)', `${fmt(ours.seconds)} s`, '', ours.status === 0);
    add('(a) md-to-pdf, zelfde Markdown (mediaan van 3)', `${fmt(theirs.seconds)} s`, '', theirs.status === 0);
    add('(a) naïef (browser per document, warm proces)', `${fmt(naiveOne)} s`, '', undefined);
    add('(a) verhouding schoolprotocol / md-to-pdf', `${fmt(ours.seconds / theirs.seconds)}×`, '≤ 0,5×', ours.seconds / theirs.seconds <= 0.5);

    // (b) 100 schools, all formats. The target is about the protocol (the naive baseline renders the
    // protocol too), so the companions are switched off for the measured run; a second run shows
    // the whole folder per school (protocol, pupils' version, letter, consent form).
    const hundred = generateSchools(library, path.join(work, 'hundred'), 100);
    const batch = await timed(process.execPath, [bin, 'build', path.join(work, 'hundred'), '--out', path.join(work, 'out-100'), '--zonder', COMPANIONS], work);
    const rate = 100 / batch.seconds;
    const naiveSample = hundred.slice(0, 10);
    const naiveSeconds = await naive(library, naiveSample);
    const naiveRate = naiveSample.length / naiveSeconds;
    add('(b) 100 scholen md+html+pdf (protocol)', `${fmt(batch.seconds)} s`, '', batch.status === 0);
    add('(b) documenten per seconde', fmt(rate, 1), '≥ 8', rate >= 8);
    add('(b) piekgeheugen (PSS van proces + Chromium)', `${fmt(batch.peakMb, 0)} MB`, '', undefined);
    add(`(b) naïef, ${naiveSample.length} documenten`, `${fmt(naiveRate, 2)} doc/s`, '', undefined);
    add('(b) verhouding t.o.v. naïef', `${fmt(rate / naiveRate, 1)}×`, '≥ 6×', rate / naiveRate >= 6);
    const full = await timed(process.execPath, [bin, 'build', path.join(work, 'hundred'), '--out', path.join(work, 'out-100-alles')], work);
    const pdfs = countFiles(path.join(work, 'out-100-alles'), '.pdf');
    add(`(b) idem met bijbehorende documenten: ${pdfs} PDF's`, `${fmt(full.seconds)} s`, '', full.status === 0);
    add("(b) PDF's per seconde, met bijbehorende documenten", fmt(pdfs / full.seconds, 1), '', undefined);

    // (c) 1000 schools, Markdown only: the protocol (the target), then with the companions.
    generateSchools(library, path.join(work, 'thousand'), 1000);
    const thousand = await timed3(process.execPath, [bin, 'build', path.join(work, 'thousand'), '--format', 'md', '--out', path.join(work, 'out-1000'), '--zonder', COMPANIONS]);
    add('(c) 1000 scholen, alleen Markdown (protocol, mediaan van 3)', `${fmt(thousand.seconds)} s`, '≤ 3 s', thousand.seconds <= 3 && thousand.status === 0);
    const thousandFull = await timed(process.execPath, [bin, 'build', path.join(work, 'thousand'), '--format', 'md', '--out', path.join(work, 'out-1000-alles')], work);
    const mds = countFiles(path.join(work, 'out-1000-alles'), '.md');
    add(`(c) idem met bijbehorende documenten: ${mds} bestanden`, `${fmt(thousandFull.seconds)} s`, '', thousandFull.status === 0);

    // (e) Word documents: ten of the hundred schools, every document as .docx, in one command.
    const tenSchools = hundred.slice(0, 10);
    const word = await timed(process.execPath, [bin, 'build', ...tenSchools, '--format', 'docx', '--out', path.join(work, 'out-docx')], work);
    const docxFiles = countFiles(path.join(work, 'out-docx'), '.docx');
    add(`(e) ${tenSchools.length} scholen als Word (.docx): ${docxFiles} bestanden`, `${fmt(word.seconds)} s`, '', word.status === 0 && docxFiles > 0);
    add('(e) Word per school (protocol en bijbehorende documenten)', `${fmt(word.seconds / tenSchools.length)} s`, '', undefined);

    // (d) --help start-up
    const helps: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      spawnSync(process.execPath, [bin, '--help'], { stdio: 'ignore' });
      helps.push(performance.now() - started);
    }
    const help = median(helps);
    add('(d) --help opstarttijd (mediaan van 10)', `${fmt(help, 0)} ms`, '≤ 150 ms', help <= 150);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0), ['meting', 'waarde', 'doel', ''][i]?.length ?? 0));
  const line = (cells: string[]) => console.log(`| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`);
  line(['meting', 'waarde', 'doel', '']);
  line(widths.map((w) => '-'.repeat(w)));
  for (const row of rows) line(row);
}

await main();

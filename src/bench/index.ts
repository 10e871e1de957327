/**
 * `npm run bench [-- --baseline DIR] [--runs N] [--batch-runs N] [--only a,b,c,d,e]`: one run on generated answers files that prints
 * a table, each row with its goal (issue 18). Measures side by side, interleaved run by run, so a
 * busy machine slows every contender alike:
 *   (a) one school, cold process to the protocol's PDF (companions skipped), first build (output
 *       folder cleared) and rebuild (the previous PDF is there, `--force`: printed once with its
 *       page numbers), against a floor script (Node + puppeteer + one tagged print with outline)
 *       and md-to-pdf on the same Markdown; and a rebuild without `--force` (nothing changed, the
 *       PDF is kept);
 *   (b) 100 schools, protocol to PDF, first build, rebuild (`--force`) and rebuild without change,
 *       protocols per second, and the peak memory (PSS) of the process tree, Chromium included;
 *   (c) 1000 schools, Markdown only;
 *   (d) `--help`.
 * With --baseline DIR (a checkout with a built dist/, e.g. the main branch) each measure runs that
 * build too, in the same interleaved runs: the "voor" column. Prints which measurement runs as it
 * goes (on stderr). A benchmark, not a test: it reports and never fails on a missed goal.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { COMPANION_IDS } from '../companions/index.js';
import { generateSchools } from './generate.js';
import { loadLibrary } from '../library/load.js';
import { packageRoot } from '../util/paths.js';
import { browserBinary } from '../render/launch.js';

interface Timed {
  seconds: number;
  peakMb: number;
  status: number | null;
}

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

/** Memory of a process and all its descendants (PSS: memory shared between Chromium's processes counts once). */
function treeMemory(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
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

/** Runs a command to its end; wall time and peak memory of its process tree (Chromium in its own group is still a descendant). */
function timed(command: string, args: string[], cwd: string, sampleMemory = false): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    let peak = 0;
    // Every half second: reading smaps_rollup of every Chromium process costs the kernel real time,
    // which on two cores would slow the batch being measured (the memory plateaus for the whole run).
    const sample = sampleMemory
      ? setInterval(() => {
          if (child.pid) peak = Math.max(peak, treeMemory(child.pid));
        }, 500)
      : undefined;
    child.on('error', reject);
    child.on('close', (status) => {
      clearInterval(sample);
      if (status !== 0) process.stderr.write(`bench: ${path.basename(args[0] ?? command)} ${args.slice(1).join(' ')} ended with ${status}:\n${stderr.slice(-1500)}\n`);
      resolve({ seconds: (performance.now() - started) / 1000, peakMb: peak / 1024 / 1024, status });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const fmt = (n: number, digits = 2) => n.toLocaleString('nl-NL', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const say = (text: string) => process.stderr.write(`bench: ${text}\n`);

/** How many files with this extension a folder holds, subfolders included. */
function countFiles(dir: string, ext: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true }).filter((name) => String(name).endsWith(ext)).length;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const option = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const runs = Math.max(3, Number(option('--runs') ?? 3));
  // The 100-school batches take minutes each on a small, busy machine: --batch-runs 1 for a quick look.
  const batchRuns = Math.max(1, Number(option('--batch-runs') ?? runs));
  const baselineDir = option('--baseline');
  // --only a,d: just those sections (a: one school, b: 100 schools, c: 1000 Markdown, d: --help, e: Word).
  const only = option('--only')?.split(',');
  const section = (name: string) => !only || only.includes(name);
  const library = loadLibrary();
  const work = mkdtempSync(path.join(os.tmpdir(), 'schoolprotocol-bench-'));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  process.once('exit', () => rmSync(work, { recursive: true, force: true }));
  const { findBrowser } = await import('../render/pdf.js');
  const browser = await findBrowser();
  const binary = browserBinary(browser);
  const ours = path.join(packageRoot, 'bin/schoolprotocol.js');
  const before = baselineDir ? path.resolve(baselineDir, 'bin/schoolprotocol.js') : undefined;
  if (before && !existsSync(before)) throw new Error(`--baseline: ${before} not found`);
  const bins: [string, string][] = [['na', ours], ...(before ? [['voor', before] as [string, string]] : [])];
  const zonder = ['--zonder', COMPANION_IDS.join(',')];
  const node = process.execPath;
  // A rebuild keeps a PDF that is still current (since this version); `--force` makes it print
  // once, reusing the contents' page numbers: that is the rebuild the goals are about. An older
  // build without `--force` always prints.
  const printAgain = (bin: string) => (spawnSync(node, [bin, 'build', '--help'], { encoding: 'utf8' }).stdout.includes('--force') ? ['--force'] : []);
  const force = Object.fromEntries(bins.map(([label, bin]) => [label, printAgain(bin)]));

  type Row = { what: string; after: string; before: string; goal: string; verdict: string };
  const rows: Row[] = [];
  const add = (what: string, after: string, beforeValue: string | undefined, goal: string, ok: boolean | undefined) => {
    const row = { what, after, before: beforeValue ?? '', goal, verdict: ok === undefined ? '' : ok ? 'gehaald' : 'niet gehaald' };
    rows.push(row);
    // Each figure as soon as it is known, so a run stopped midway still tells what it measured.
    say(`= ${row.what}: ${row.after}${before ? ` (voor: ${row.before || '–'})` : ''}${row.goal ? `, doel ${row.goal}: ${row.verdict}` : ''}`);
  };
  console.log(`schoolprotocol benchmark — ${os.cpus().length} kernen, Node ${process.version}, browser ${binary}${binary !== browser ? ` (achter ${browser})` : ''}, belasting bij start ${os.loadavg()[0]?.toFixed(1)}`);
  // Node 20 reads NODE_EXTRA_CA_CERTS, and with it every root certificate, when it starts, before
  // any program code: on a two-core machine about 0,1 s per process. schoolprotocol opens no
  // network connections, so the variable only adds that time; the runs below go without it, and
  // row (d) shows Node's own start beside --help.
  if (process.env.NODE_EXTRA_CA_CERTS !== undefined) {
    delete process.env.NODE_EXTRA_CA_CERTS;
    console.log('NODE_EXTRA_CA_CERTS is voor de metingen weggelaten (Node 20 laadt dan bij elke start alle certificaten).');
  }

  try {
    const failures: string[] = [];
    const ok = (t: Timed, what: string) => (t.status === 0 ? t.seconds : (failures.push(what), t.seconds));
    // (a) one school, cold process
    if (section('a')) {
    const [one] = generateSchools(library, path.join(work, 'one'), 1);
    if (!one) throw new Error('no school generated');
    const first: Record<string, number[]> = {};
    const rebuild: Record<string, number[]> = {};
    const unchanged: number[] = [];
    const floor: number[] = [];
    const peer: number[] = [];
    for (let run = 1; run <= runs; run++) {
      for (const [label, bin] of bins) {
        const out = path.join(work, `out-one-${label}`);
        say(`(a) 1 school, eerste build (${label}), run ${run} van ${runs}`);
        rmSync(out, { recursive: true, force: true });
        (first[label] ??= []).push(ok(await timed(node, [bin, 'build', one, '--out', out, ...zonder], work), `first ${label}`));
        say(`(a) 1 school, opnieuw bouwen (${label}), run ${run} van ${runs}`);
        (rebuild[label] ??= []).push(ok(await timed(node, [bin, 'build', one, '--out', out, ...zonder, ...(force[label] ?? [])], work), `rebuild ${label}`));
        if (label === 'na') {
          say(`(a) 1 school, opnieuw bouwen zonder wijziging (${label}), run ${run} van ${runs}`);
          unchanged.push(ok(await timed(node, [bin, 'build', one, '--out', out, ...zonder], work), 'unchanged'));
        }
      }
      const html = path.join(work, 'out-one-na', 'basisschool-nummer-1', 'protocol.html');
      say(`(a) vloer (node + puppeteer + één getagde afdruk), run ${run} van ${runs}`);
      floor.push(ok(await timed(node, [path.join(packageRoot, 'dist/bench/floor.js'), binary, html, path.join(work, 'floor.pdf')], work), 'floor'));
      const markdown = path.join(work, 'out-one-na', 'basisschool-nummer-1', 'protocol.md');
      say(`(a) md-to-pdf op dezelfde Markdown, run ${run} van ${runs}`);
      peer.push(ok(await timed(node, [path.join(packageRoot, 'node_modules/md-to-pdf/dist/cli.js'), markdown, '--launch-options', JSON.stringify({ executablePath: binary, args: ['--no-sandbox', '--disable-gpu'] })], work), 'md-to-pdf'));
    }
    const floorS = median(floor);
    const ratio = (values: number[] | undefined) => (values ? median(values) / floorS : NaN);
    add(`(a) vloer: node + puppeteer + één getagde afdruk met bladwijzers (mediaan van ${runs})`, `${fmt(floorS)} s`, undefined, '', undefined);
    add(`(a) md-to-pdf, zelfde Markdown (mediaan van ${runs})`, `${fmt(median(peer))} s`, undefined, '', undefined);
    add('(a) 1 school, eerste build, koud proces (s)', `${fmt(median(first.na ?? []))} s`, first.voor && `${fmt(median(first.voor))} s`, '', undefined);
    add('(a) 1 school, eerste build / vloer', `${fmt(ratio(first.na))}×`, first.voor && `${fmt(ratio(first.voor))}×`, '≤ 1,15×', ratio(first.na) <= 1.15);
    add('(a) 1 school, opnieuw bouwen, koud proces (s)', `${fmt(median(rebuild.na ?? []))} s`, rebuild.voor && `${fmt(median(rebuild.voor))} s`, '', undefined);
    add('(a) 1 school, opnieuw bouwen / vloer', `${fmt(ratio(rebuild.na))}×`, rebuild.voor && `${fmt(ratio(rebuild.voor))}×`, '≤ 1,0×', ratio(rebuild.na) <= 1.0);
    add('(a) 1 school, opnieuw bouwen zonder wijziging (de PDF blijft staan), koud proces (s)', `${fmt(median(unchanged))} s`, undefined, '', undefined);
    add('(a) schoolprotocol (eerste build) / md-to-pdf', `${fmt(median(first.na ?? []) / median(peer))}×`, first.voor && `${fmt(median(first.voor) / median(peer))}×`, '', undefined);
    }

    // (c) 1000 schools, Markdown only
    if (section('c')) {
    generateSchools(library, path.join(work, 'thousand'), 1000);
    const md: Record<string, number[]> = {};
    // Each run writes to a folder of its own, and all of them are removed after the last run. On
    // an ext4 file system without a journal (this machine's), a new file or folder skips the
    // inodes freed shortly before, one by one (the kernel's recently_deleted): 1000 folders made
    // right after removing 1000 took 0.45-0.7 s of the kernel's time instead of 0.03 s. That
    // measures the clean-up, not the build; a first build into an empty folder is what this row
    // is about.
    const outs: string[] = [];
    for (let run = 1; run <= runs; run++) {
      for (const [label, bin] of bins) {
        const out = path.join(work, `out-1000-${label}-${run}`);
        outs.push(out);
        say(`(c) 1000 scholen, alleen Markdown (${label}), run ${run} van ${runs}`);
        (md[label] ??= []).push(ok(await timed(node, [bin, 'build', path.join(work, 'thousand'), '--format', 'md', '--out', out, ...zonder], work), `md ${label}`));
      }
    }
    for (const out of outs) rmSync(out, { recursive: true, force: true });
    add(`(c) 1000 scholen, alleen Markdown (mediaan van ${runs})`, `${fmt(median(md.na ?? []))} s`, md.voor && `${fmt(median(md.voor))} s`, '≤ 1,5 s', median(md.na ?? []) <= 1.5);
    }

    // (d) --help
    if (section('d')) {
    const helps: Record<string, number[]> = {};
    const bare: number[] = [];
    const clock = (args: string[]) => {
      const started = performance.now();
      spawnSync(node, args, { stdio: 'ignore' });
      return performance.now() - started;
    };
    say('(d) --help, 10 keer per versie, en Node zelf');
    for (let i = 0; i < 10; i++) {
      bare.push(clock(['-e', '0']));
      for (const [label, bin] of bins) (helps[label] ??= []).push(clock([bin, '--help']));
    }
    add('(d) Node zelf: node -e 0 (mediaan van 10)', `${fmt(median(bare), 0)} ms`, undefined, '', undefined);
    add('(d) --help (mediaan van 10)', `${fmt(median(helps.na ?? []), 0)} ms`, helps.voor && `${fmt(median(helps.voor), 0)} ms`, '≤ 100 ms', median(helps.na ?? []) <= 100);
    }
    // (b) 100 schools, protocol to PDF (last: it takes longest)
    if (section('b')) {
    generateSchools(library, path.join(work, 'hundred'), 100);
    const batchFirst: Record<string, Timed[]> = {};
    const batchRebuild: Record<string, Timed[]> = {};
    const batchUnchanged: Timed[] = [];
    for (let run = 1; run <= batchRuns; run++) {
      for (const [label, bin] of bins) {
        const out = path.join(work, `out-100-${label}`);
        say(`(b) 100 scholen, eerste build (${label}), run ${run} van ${batchRuns}`);
        rmSync(out, { recursive: true, force: true });
        (batchFirst[label] ??= []).push(await timed(node, [bin, 'build', path.join(work, 'hundred'), '--out', out, ...zonder], work, true));
        say(`(b) 100 scholen, opnieuw bouwen (${label}), run ${run} van ${batchRuns}`);
        (batchRebuild[label] ??= []).push(await timed(node, [bin, 'build', path.join(work, 'hundred'), '--out', out, ...zonder, ...(force[label] ?? [])], work, true));
        if (label === 'na') {
          say(`(b) 100 scholen, opnieuw bouwen zonder wijziging (${label}), run ${run} van ${batchRuns}`);
          batchUnchanged.push(await timed(node, [bin, 'build', path.join(work, 'hundred'), '--out', out, ...zonder], work, true));
        }
      }
    }
    const rate = (list: Timed[] | undefined) => (list ? 100 / median(list.map((t) => t.seconds)) : NaN);
    const peak = (list: Timed[] | undefined) => (list ? Math.max(...list.map((t) => t.peakMb)) : NaN);
    for (const list of [...Object.values(batchFirst), ...Object.values(batchRebuild), batchUnchanged]) for (const t of list) if (t.status !== 0) failures.push('batch');
    add(`(b) 100 scholen, eerste build, protocollen per seconde (${batchRuns === 1 ? '1 run' : `mediaan van ${batchRuns}`})`, fmt(rate(batchFirst.na), 1), batchFirst.voor && fmt(rate(batchFirst.voor), 1), '≥ 4', rate(batchFirst.na) >= 4);
    add(`(b) 100 scholen, opnieuw bouwen, protocollen per seconde (${batchRuns === 1 ? '1 run' : `mediaan van ${batchRuns}`})`, fmt(rate(batchRebuild.na), 1), batchRebuild.voor && fmt(rate(batchRebuild.voor), 1), '≥ 5,5', rate(batchRebuild.na) >= 5.5);
    add(`(b) 100 scholen, opnieuw bouwen zonder wijziging (de PDF's blijven staan), protocollen per seconde`, fmt(rate(batchUnchanged), 1), undefined, '', undefined);
    const peakNa = Math.max(peak(batchFirst.na), peak(batchRebuild.na));
    const peakVoor = batchFirst.voor ? Math.max(peak(batchFirst.voor), peak(batchRebuild.voor)) : undefined;
    add('(b) piekgeheugen (PSS van proces + Chromium), 100 scholen', `${fmt(peakNa / 1024, 2)} GB`, peakVoor === undefined ? undefined : `${fmt(peakVoor / 1024, 2)} GB`, '≤ 1 GB', peakNa <= 1024);
    }

    // (e) Word documents: ten schools, every document as .docx, in one command (this version only).
    if (section('e')) {
      const ten = generateSchools(library, path.join(work, 'ten'), 10);
      say('(e) 10 scholen als Word (.docx), protocol en bijbehorende documenten');
      const word = await timed(node, [ours, 'build', ...ten, '--format', 'docx', '--out', path.join(work, 'out-docx')], work);
      const docxFiles = countFiles(path.join(work, 'out-docx'), '.docx');
      if (word.status !== 0 || docxFiles === 0) failures.push('docx');
      add(`(e) Word per school (${ten.length} scholen, ${docxFiles} bestanden)`, `${fmt(word.seconds / ten.length)} s`, undefined, '', undefined);
    }

    if (failures.length > 0) add('runs die mislukten', failures.join(', '), undefined, '', false);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const header = ['meting', 'na', ...(before ? ['voor'] : []), 'doel', ''];
  const cells = rows.map((r) => [r.what, r.after, ...(before ? [r.before] : []), r.goal, r.verdict]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]?.length ?? 0)));
  const line = (c: string[]) => console.log(`| ${c.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`);
  line(header);
  line(widths.map((w) => '-'.repeat(w)));
  for (const c of cells) line(c);
  console.log(`belasting bij einde ${os.loadavg()[0]?.toFixed(1)} (${os.cpus().length} kernen)`);
}

await main();

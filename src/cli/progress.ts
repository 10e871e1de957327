/**
 * Progress of a batch: on a terminal one line that updates in place; otherwise one plain line
 * per finished school, so CI logs stay readable. Then a summary table.
 */
import path from 'node:path';
import type { DocumentEvent, Result } from '../build/school.js';
import { displayPath } from '../util/paths.js';
import { naturalCompare } from '../util/text.js';

/** Short names for the summary table, in the order a reader expects them. */
const SHORT: Record<string, string> = {
  protocol: 'protocol',
  wijzigingen: 'wijzigingen',
  leerlingversie: 'leerlingen',
  ouderbrief: 'ouders',
  toestemmingsformulier: 'formulier',
};
const ORDER = Object.keys(SHORT);
const FORMAT_ORDER = ['md', 'html', 'pdf'];

function parts(files: readonly string[]): { stems: string[]; exts: string[] } {
  const stems = new Set<string>();
  const exts = new Set<string>();
  for (const file of files) {
    const { name, ext } = path.parse(file);
    stems.add(name);
    exts.add(ext.slice(1));
  }
  const rank = (order: string[], x: string) => (order.includes(x) ? order.indexOf(x) : order.length);
  return {
    stems: [...stems].sort((a, b) => rank(ORDER, a) - rank(ORDER, b)),
    exts: [...exts].sort((a, b) => rank(FORMAT_ORDER, a) - rank(FORMAT_ORDER, b)),
  };
}
const documents = (files: readonly string[]) => parts(files).stems.map((s) => SHORT[s] ?? s).join(', ') || '-';
const formats = (files: readonly string[]) => parts(files).exts.join(', ') || '-';

export interface Progress {
  /** Shows from the very start that work is under way: a spinner on a terminal, one plain line in a log. */
  start(jobs: readonly { label: string }[], formats: readonly string[]): void;
  /** A PDF was written. */
  document(event: DocumentEvent): void;
  update(result: Result, done: number, total: number): void;
  /** Stops the spinner (and clears its line). */
  stop(): void;
  finish(results: readonly Result[], seconds: number): void;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1).replace('.', ',')} s`;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Progress of a build. On a terminal a spinner line that says what is being made, from the start;
 * in a log (CI) one plain line at the start of a batch and one per finished school. `single`: one
 * school (init, build of one file), where a log gets no lines at all.
 */
export function progress(stream: NodeJS.WriteStream | NodeJS.WritableStream, quiet = false, { single = false } = {}): Progress {
  const tty = 'isTTY' in stream && stream.isTTY === true;
  const write = (text: string) => stream.write(text);
  const width = () => ('columns' in stream && typeof stream.columns === 'number' ? stream.columns : 80) - 1;
  let timer: NodeJS.Timeout | undefined;
  let frame = 0;
  let began = 0;
  let schools = { done: 0, total: 0 };
  let pdfs = { done: 0, total: 0 };
  let current = '';
  const status = () => {
    const parts = single ? [current || 'Documenten maken'] : [`${schools.done} van ${schools.total} scholen klaar`];
    if (pdfs.total > 0) parts.push(`PDF ${pdfs.done} van ${pdfs.total}`);
    return `${SPINNER[frame % SPINNER.length]} ${parts.join(' · ')} · ${seconds(Date.now() - began)}`;
  };
  const draw = () => {
    if (!timer) return;
    frame++;
    write(`\r\x1b[K${status().slice(0, width())}`);
  };
  const clear = () => {
    if (timer) write('\r\x1b[K');
  };
  return {
    start(jobs, formats) {
      if (quiet) return;
      began = Date.now();
      schools = { done: 0, total: jobs.length };
      if (tty) {
        timer = setInterval(draw, 100);
        timer.unref();
        current = formats.includes('pdf') ? 'Documenten maken (de PDF\'s duren even)' : 'Documenten maken';
        draw();
      } else if (!single) write(`Documenten maken voor ${jobs.length} scholen (${formats.join(', ')})…\n`);
    },
    document(event) {
      if (quiet) return;
      pdfs = { done: event.done, total: event.total };
      current = `${displayPath(event.file)} gemaakt`;
      draw();
    },
    update(result, done, total) {
      schools = { done, total };
      if (quiet || single) return;
      const name = result.school ?? result.label;
      if (tty && result.ok) {
        draw();
        return;
      }
      clear();
      write(result.ok ? `[${done}/${total}] ✓ ${name}\n` : `[${done}/${total}] ✗ ${errorLine(result)}\n`);
      draw();
    },
    stop() {
      clear();
      if (timer) clearInterval(timer);
      timer = undefined;
    },
    finish(results, elapsed) {
      this.stop();
      if (quiet) return;
      const sorted = [...results].sort((a, b) => naturalCompare(a.school ?? a.label, b.school ?? b.label));
      // Schools with the same name are told apart by their folder.
      const count = new Map<string, number>();
      for (const r of sorted) count.set(r.school ?? r.label, (count.get(r.school ?? r.label) ?? 0) + 1);
      const name = (r: Result) => (r.school && r.slug && (count.get(r.school) ?? 0) > 1 ? `${r.school} (${r.slug})` : (r.school ?? r.label));
      const rows = sorted.map((r) => [name(r), documents(r.files), formats(r.files), seconds(r.ms), r.ok ? 'ok' : 'mislukt']);
      const header = ['School', 'Documenten', 'Formaten', 'Tijd', 'Status'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
      const line = (cells: string[]) => `${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()}\n`;
      if (results.length > 1) {
        write('\n');
        write(line(header));
        write(line(widths.map((w) => '-'.repeat(w))));
        for (const row of rows) write(line(row));
      }
      const ok = results.filter((r) => r.ok).length;
      // Each school has its own folder inside the output folder: name the output folder(s) once.
      const dirs = [...new Set(results.flatMap((r) => r.files.map((f) => displayPath(path.dirname(path.dirname(f))))))];
      write(
        `\n${results.length === 1 ? `${ok} van 1 school` : ok === results.length ? `Alle ${ok} scholen` : `${ok} van de ${results.length} scholen`} klaar in ${seconds(elapsed * 1000)}${dirs.length > 0 ? `, in ${dirs.join(', ')}` : ''}.\n`,
      );
    },
  };
}

/** A failed school's line: its file once, then the error (which often names the file itself). */
export function errorLine(result: Result): string {
  const error = result.error ?? '';
  return error.startsWith(`${result.label}:`) || error.startsWith(`${result.label} `) ? error : `${result.label}: ${error}`;
}

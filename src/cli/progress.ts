/**
 * Progress of a batch: on a terminal one line that updates in place; otherwise one plain line
 * per finished school, so CI logs stay readable. Then a summary table.
 */
import path from 'node:path';
import type { Result } from '../build/school.js';
import { displayPath } from '../util/paths.js';

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
  update(result: Result, done: number, total: number): void;
  finish(results: readonly Result[], seconds: number): void;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1).replace('.', ',')} s`;

export function progress(stream: NodeJS.WriteStream | NodeJS.WritableStream, quiet = false): Progress {
  const tty = 'isTTY' in stream && stream.isTTY === true;
  const write = (text: string) => stream.write(text);
  return {
    update(result, done, total) {
      if (quiet) return;
      const name = result.school ?? result.label;
      if (tty && result.ok) {
        const width = ('columns' in stream && typeof stream.columns === 'number' ? stream.columns : 80) - 1;
        write(`\r\x1b[K${`[${done}/${total}] ${name}`.slice(0, width)}`);
        if (done === total) write('\r\x1b[K');
        return;
      }
      if (tty) write('\r\x1b[K');
      write(result.ok ? `[${done}/${total}] ✓ ${name}\n` : `[${done}/${total}] ✗ ${result.label}: ${result.error ?? ''}\n`);
    },
    finish(results, elapsed) {
      if (quiet) return;
      const rows = results.map((r) => [r.school ?? r.label, documents(r.files), formats(r.files), seconds(r.ms), r.ok ? 'ok' : 'mislukt']);
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

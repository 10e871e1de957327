import { readdirSync, readFileSync } from 'node:fs';

/**
 * How many Chromium processes run whose command line or TMPDIR contains `text` (a test's own
 * temporary folder, or a profile folder's name). TMPDIR counts because the headless shell's helper
 * processes do not get the profile folder as an argument; every process inherits TMPDIR, which
 * the program sets to the profile folder (src/render/launch.ts).
 */
export function chromiumWith(text: string): number {
  let count = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
      if (!/chrom/i.test(args.split('\0')[0] ?? '')) continue;
      const tmpdir = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').find((entry) => entry.startsWith('TMPDIR=')) ?? '';
      if (args.includes(text) || tmpdir.includes(text)) count++;
    } catch {
      // The process ended while it was read.
    }
  }
  return count;
}

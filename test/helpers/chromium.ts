import { readdirSync, readFileSync } from 'node:fs';

/** Sessions of browsers seen before, by the text their command line held (see chromiumWith). */
const seen = new Map<string, Set<number>>();

/**
 * How many Chromium processes belong to a browser whose command line contains `text` (a test's
 * own temporary folder, or a profile folder's name): the program starts the browser in a session
 * of its own (`detached`), and its helper processes stay in that session. The helpers' own command
 * lines do not name the profile folder (the headless shell's renderer and zygotes don't), and
 * Chromium overwrites their environment when it renames them, so the session is what tells them
 * apart. A session seen once is remembered, so helpers that outlive their browser still count.
 */
export function chromiumWith(text: string): number {
  const processes: { args: string; session: number }[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
      if (!/chrom/i.test(args.split('\0')[0] ?? '')) continue;
      // /proc/PID/stat: "pid (comm) state ppid pgrp session ..."; comm may hold spaces, so count from its ")".
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      processes.push({ args, session: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[3]) });
    } catch {
      // The process ended while it was read.
    }
  }
  const sessions = seen.get(text) ?? new Set<number>();
  seen.set(text, sessions);
  for (const { args, session } of processes) if (args.includes(text)) sessions.add(session);
  return processes.filter(({ args, session }) => args.includes(text) || sessions.has(session)).length;
}

import { spawnSync } from 'node:child_process';
import { bin } from './fixtures.js';

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built bin (or another copy's, `bin`) without a terminal (stdin closed), as CI and scripts do. */
export function run(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeout?: number; bin?: string }): Run {
  const result = spawnSync(process.execPath, [options.bin ?? bin, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeout ?? 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The text of a PDF, through pdftotext (poppler-utils). */
export function pdfText(file: string, layout = false): string {
  const result = spawnSync('pdftotext', [...(layout ? ['-layout'] : []), file, '-'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
  return result.stdout;
}

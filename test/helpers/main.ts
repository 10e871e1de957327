import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/program.js';

/** An Io whose output is collected: `text()` gives what was written so far. */
export function capturedIo(cwd: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return { io: { stdout, stderr, cwd }, text: () => ({ stdout: out, stderr: err }) };
}

/** Runs the CLI in this process with captured output. */
export async function runMain(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, text } = capturedIo(cwd);
  const code = await main(args, io);
  return { code, ...text() };
}

import { PassThrough } from 'node:stream';
import { main } from '../../src/cli/program.js';

/** Runs the CLI in this process with captured output. */
export async function runMain(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const code = await main(args, { stdout, stderr, cwd });
  return { code, stdout: out, stderr: err };
}

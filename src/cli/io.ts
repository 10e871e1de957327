import { inputError } from '../util/errors.js';

/**
 * What a command gets from outside instead of globals: its output streams, the working folder
 * and how the program was started. Commands return their exit code (0 done, 1 a document failed or
 * is stale, 2 bad usage or input); only main() in program.ts sets the process's exit code.
 */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
  /** --debug: show stack traces with errors. */
  debug?: boolean;
  /** How the user started the program, for the usage line of the help (see self.ts). */
  command?: string;
}

/**
 * Control characters and escape sequences in text the program prints (a school name, a file name,
 * a YAML key) could move the cursor, recolour or rewrite the terminal: they are shown as `\x1b`,
 * `\u202e`. Kept: line breaks, tabs, and the one sequence the progress line uses itself (`\r\x1b[K`).
 */
const UNSAFE = /\r\x1b\[K|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

export function visible(text: string): string {
  return text.replace(UNSAFE, (ch) => (ch === '\r\x1b[K' ? ch : ch.length === 1 && ch.charCodeAt(0) <= 0xff ? `\\x${ch.charCodeAt(0).toString(16).padStart(2, '0')}` : `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`));
}

const RAW = Symbol('the stream without the visible filter');

/** A stream that prints text through `visible`; everything else (isTTY, columns) is the stream's own. */
export function visibleStream<T extends NodeJS.WritableStream>(stream: T): T {
  const write = (chunk: unknown, ...rest: unknown[]) => (stream.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? visible(chunk) : chunk, ...rest);
  return new Proxy(stream, {
    get(target, property) {
      if (property === RAW) return target;
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** A path option such as --out: an empty value is a usage error, not "the current folder". */
export function pathOption(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && value.trim() === '') throw inputError(`${flag}: de waarde is leeg. Geef een pad, bijvoorbeeld ${flag} out.`);
  return value;
}

/**
 * Writes a line in bold or dim on a terminal: the text itself goes through `visible`, only the
 * program's own style sequences around it reach the terminal as they are.
 */
export function writeStyled(stream: NodeJS.WritableStream, text: string, style: 'bold' | 'dim'): void {
  const raw = ((stream as unknown as Record<symbol, NodeJS.WritableStream | undefined>)[RAW] ?? stream) as NodeJS.WritableStream;
  raw.write(`${style === 'bold' ? '\x1b[1m' : '\x1b[2m'}${visible(text)}\x1b[22m\n`);
}

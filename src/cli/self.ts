/**
 * How the user starts this program, for the commands that messages suggest ("voer `schoolprotocol
 * build protocol.yaml` uit"). Installed (npm link, npm install -g, npx) the command is
 * `schoolprotocol`; started from a clone as `node bin/schoolprotocol.js`, there is no such command,
 * so messages say `node bin/schoolprotocol.js`: the path from the working folder when the program
 * lies inside it, else the full path.
 */
import path from 'node:path';
import { pathFrom } from '../util/paths.js';

export function selfCommand(script: string | undefined, cwd: string): string {
  if (!script || path.basename(script) !== 'schoolprotocol.js') return 'schoolprotocol';
  return `node ${pathFrom(cwd, script)}`;
}

/** A stream whose text names the program as the user started it; everything else (isTTY, columns) is the stream's own. */
export function namingStream<T extends NodeJS.WritableStream>(stream: T, command: string): T {
  if (command === 'schoolprotocol') return stream;
  const write = (chunk: unknown, ...rest: unknown[]) =>
    (stream.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? chunk.replaceAll('`schoolprotocol ', `\`${command} `) : chunk, ...rest);
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * A stream whose suggested commands (`schoolprotocol build …` in backticks) carry an option the
 * user gave, such as `--clauses eigen/`, so that the suggestion works as printed.
 */
export function optionStream<T extends NodeJS.WritableStream>(stream: T, option: string): T {
  const flag = option.split(' ')[0] ?? option;
  const add = (text: string) =>
    text.replace(/`schoolprotocol (init|build|check|diff)((?: [^`]*)?)`/g, (all, name: string, rest: string) => (rest.includes(flag) || /OUD NIEUW/.test(rest) ? all : `\`schoolprotocol ${name}${rest} ${option}\``));
  const write = (chunk: unknown, ...rest: unknown[]) => (stream.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? add(chunk) : chunk, ...rest);
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The package root: the folder holding package.json, clauses/ and templates/. */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const clausesDir = path.join(packageRoot, 'clauses');
export const templatesDir = path.join(packageRoot, 'templates');

/** A path as seen from `dir`: relative when the file lies inside it, else in full. */
export function pathFrom(dir: string, file: string): string {
  const relative = path.relative(dir, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** A path as the user best reads it: relative to the working folder when the file lies inside it. */
export function displayPath(file: string): string {
  return pathFrom(process.cwd(), file);
}

/** Files as an indented list, one per line, for messages such as "Gemaakt:". */
export function fileLines(files: readonly string[]): string {
  return files.map((file) => `  ${displayPath(file)}\n`).join('');
}

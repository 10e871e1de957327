import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** This module's folder: src/util (tests), dist/util (tsc's output) or dist/app (the bundle). */
const here = path.dirname(fileURLToPath(import.meta.url));
/** The package root: the folder holding package.json, clauses/ and templates/ (two levels up in every layout). */
export const packageRoot = path.resolve(here, '..', '..');
/** The bundle that bin/schoolprotocol.js runs: one folder of modules, made by `npm run build` (build/bundle.ts). */
export const bundleDir = path.join(packageRoot, 'dist', 'app');

/**
 * A script for a thread of its own (`worker`, `print-worker`): the bundle's when this code runs
 * from the bundle, else tsc's file in dist/ (`folder` is its folder there), which the tests use.
 */
export function threadScript(name: string, folder: string): string {
  return here === bundleDir ? path.join(bundleDir, `${name}.js`) : path.join(packageRoot, 'dist', folder, `${name}.js`);
}
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

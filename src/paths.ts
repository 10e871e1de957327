import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The package root: the folder holding package.json, clauses/ and templates/. */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const clausesDir = path.join(packageRoot, 'clauses');
export const templatesDir = path.join(packageRoot, 'templates');

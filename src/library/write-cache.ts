/**
 * `npm run build` runs this after compiling: writes the built-in library as JSON (see
 * readCache in load.ts), so a process reads the library without parsing its YAML.
 */
import { writeFileSync } from 'node:fs';
import { cacheFile, cacheText } from './load.js';
import { clausesDir } from '../util/paths.js';

writeFileSync(cacheFile, cacheText(clausesDir));

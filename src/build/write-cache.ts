/**
 * `npm run build` runs this after compiling: writes the built-in library as JSON (see readCache in
 * library/load.ts), with the companion texts as a section, so a process reads the library without
 * parsing its YAML. It lives in build/ because it gathers what several stages read.
 */
import { writeFileSync } from 'node:fs';
import { cacheFile, cacheText } from '../library/load.js';
import { readTextFiles, TEXTS_SECTION } from '../companions/texts.js';
import { clausesDir } from '../util/paths.js';

writeFileSync(cacheFile, cacheText(clausesDir, { [TEXTS_SECTION]: () => readTextFiles(clausesDir) }));

/**
 * `npm run build` runs this after compiling. It writes
 *   - the built-in library as JSON (see readCache in library/load.ts), with the companion texts and
 *     the migration steps as sections, so a process reads the library without parsing its YAML;
 *   - dist/templates.cjs: every template file and every clause and companion text with a
 *     placeholder, precompiled by Handlebars (see util/precompiled.ts), so a process does not
 *     compile them again.
 * It lives in build/ because it gathers what several stages read.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { cacheFile, cacheText, loadLibrary } from '../library/load.js';
import { MIGRATIONS_SECTION, readMigrationFile } from '../answers/migrate.js';
import { companionTexts, readTextFiles, TEXTS_SECTION } from '../companions/texts.js';
import { clausesDir, templatesDir } from '../util/paths.js';
import { BYTE_TEMPLATES } from '../render/markdown.js';
import { byteString } from '../util/text.js';
import { HTML_OPTIONS, MARKDOWN_OPTIONS, PRECOMPILED_FILE, templateKey, TEXT_OPTIONS } from '../util/precompiled.js';

writeFileSync(cacheFile, cacheText(clausesDir, { [TEXTS_SECTION]: () => readTextFiles(clausesDir), [MIGRATIONS_SECTION]: () => readMigrationFile(clausesDir) }));

const library = loadLibrary();
const texts = new Set<string>();
for (const clause of library.clauses) {
  if (clause.title) texts.add(clause.title);
  for (const variant of clause.variants) texts.add(variant.text);
}
for (const document of companionTexts(library)) {
  texts.add(document.title);
  for (const block of document.blocks) {
    if (block.title) texts.add(block.title);
    for (const variant of block.variants) {
      texts.add(variant.text);
      if (variant.title) texts.add(variant.title);
    }
  }
}
const entries: [string, string][] = [...texts].filter((text) => text.includes('{{')).map((text) => [templateKey(text, TEXT_OPTIONS), Handlebars.precompile(text, { ...TEXT_OPTIONS }) as string]);
for (const name of readdirSync(templatesDir).filter((file) => file.endsWith('.hbs')).sort()) {
  const text = readFileSync(path.join(templatesDir, name), 'utf8');
  const options = name.endsWith('.md.hbs') ? MARKDOWN_OPTIONS : HTML_OPTIONS;
  entries.push([templateKey(text, options), Handlebars.precompile(text, { ...options }) as string]);
  if (BYTE_TEMPLATES.includes(name)) {
    const bytes = byteString(text);
    entries.push([templateKey(bytes, options), Handlebars.precompile(bytes, { ...options }) as string]);
  }
}
writeFileSync(
  PRECOMPILED_FILE,
  `// Made by \`npm run build\` (build/write-cache.ts): templates precompiled by Handlebars ${Handlebars.VERSION}, keyed by options and text.\n'use strict';\nexports.specs = {\n${entries.map(([key, spec]) => `${JSON.stringify(key)}: ${spec}`).join(',\n')}\n};\n`,
);

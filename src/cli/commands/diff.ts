/**
 * `diff OLD NEW`: the Wijzigingsoverzicht between two versions of a protocol, each an answers
 * file or a built protocol.md, as wijzigingen.md, .html and .pdf. Identical versions give an
 * overview that says so; both are exit 0.
 */
import { realpathSync, statSync } from 'node:fs';
import { COMPANION_IDS } from '../../companions/index.js';
import path from 'node:path';
import { parseFormats, type Format } from '../../build/outputs.js';
import { pathOption, type Io } from '../io.js';
import { loadCustomLibrary } from '../../lint/custom.js';
import { writeFileAtomic } from '../../build/write.js';
import { compareVersions, type Comparison } from '../../redline/compare.js';
import { loadVersion } from '../../build/versions.js';
import { changeLabel, plainText, redlinePdfOptions, renderRedlineHtml, renderRedlineMarkdown } from '../../redline/render.js';
import { todayIso } from '../../util/today.js';
import { displayPath, fileLines } from '../../util/paths.js';
import { inputError } from '../../util/errors.js';

export interface DiffOptions {
  old: string;
  new: string;
  out?: string;
  format?: string;
  clauses?: string;
  io: Io;
}

export const REDLINE_NAME = 'wijzigingen';
const EXTENSIONS = /\.(md|html|pdf|docx)$/i;

/** The output path without extension, and the formats an extension in --out asks for. */
export function outputBase(out: string | undefined, cwd: string): { base: string; format?: Format } {
  if (out === undefined) return { base: path.join(cwd, REDLINE_NAME) };
  const resolved = path.resolve(cwd, out);
  let isDirectory = out.endsWith('/');
  try {
    isDirectory ||= statSync(resolved).isDirectory();
  } catch {
    // A file still to be written.
  }
  if (isDirectory) return { base: path.join(resolved, REDLINE_NAME) };
  const ext = EXTENSIONS.exec(resolved)?.[1]?.toLowerCase() as Format | undefined;
  return ext ? { base: resolved.slice(0, -(ext.length + 1)), format: ext } : { base: resolved };
}

/** The documents `build` writes in a school's folder: a redline must never take their place. */
const BUILT = new Set(['protocol', ...COMPANION_IDS]);

/**
 * The overview may not overwrite one of the two versions it compares, nor a document that
 * `build` made (protocol.md, ouderbrief.pdf, ...): that would destroy what it is about.
 */
function refuseOverwrite(targets: readonly string[], inputs: readonly string[]): void {
  const real = (file: string) => {
    try {
      return realpathSync(file);
    } catch {
      return path.resolve(file);
    }
  };
  const sources = new Set(inputs.map(real));
  for (const target of targets) {
    if (sources.has(real(target))) {
      throw inputError(`--out: het overzicht zou ${displayPath(target)} overschrijven, en dat is een van de twee versies die u vergelijkt. Kies met --out een andere naam, bijvoorbeeld --out wijzigingen.`);
    }
    const name = path.basename(target).replace(/\.(md|html|pdf)$/i, '');
    if (BUILT.has(name.toLowerCase())) {
      throw inputError(`--out: het overzicht zou ${displayPath(target)} overschrijven, een document dat \`schoolprotocol build\` maakt. Kies met --out een andere naam, bijvoorbeeld --out wijzigingen.`);
    }
  }
}

/** One line per kind of change, for the terminal. */
export function summaryLines(comparison: Comparison): string[] {
  const { counts } = comparison;
  const list = (status: string) =>
    comparison.changes
      .filter((c) => c.status === status)
      .map(changeLabel)
      .join('; ');
  return [
    `  gewijzigd:     ${counts.changed}${counts.changed ? ` (${list('gewijzigd')})` : ''}`,
    `  nieuw:         ${counts.added}${counts.added ? ` (${list('nieuw')})` : ''}`,
    `  vervallen:     ${counts.removed}${counts.removed ? ` (${list('vervallen')})` : ''}`,
    `  ander nummer:  ${counts.renumbered}`,
    `  keuzes anders: ${counts.choices}`,
  ];
}

export async function runDiff(options: DiffOptions): Promise<number> {
  const { io } = options;
  for (const [name, value] of [['<oud>', options.old], ['<nieuw>', options.new]] as const) {
    if (value.trim() === '') throw inputError(`${name} is een lege tekst (""). Noem een antwoordbestand of een gemaakt protocol.md, bijvoorbeeld \`schoolprotocol diff oud/protocol.md protocol.yaml\`.`);
  }
  const { base, format } = outputBase(pathOption(options.out, '--out'), io.cwd);
  const formats = options.format === undefined && format ? [format] : parseFormats(options.format);
  const library = await loadCustomLibrary(pathOption(options.clauses, '--clauses') ? path.resolve(io.cwd, options.clauses ?? '') : undefined);
  const before = loadVersion(path.resolve(io.cwd, options.old), options.old, library);
  const after = loadVersion(path.resolve(io.cwd, options.new), options.new, library);
  const comparison = compareVersions(before, after);
  const targets = formats.map((f) => `${base}.${f}`);
  refuseOverwrite(targets, [path.resolve(io.cwd, options.old), path.resolve(io.cwd, options.new)]);
  const schools = [before.meta.school, after.meta.school].map((name) => plainText(name).trim());
  if (schools[0] && schools[1] && schools[0].toLowerCase() !== schools[1].toLowerCase()) {
    io.stderr.write(`Let op: de twee versies zijn van verschillende scholen (${schools[0]} en ${schools[1]}). Het overzicht vergelijkt ze toch; controleer of u de goede bestanden noemde.\n`);
  }

  const files: string[] = [];
  if (formats.includes('md')) {
    writeFileAtomic(`${base}.md`, renderRedlineMarkdown(comparison));
    files.push(`${base}.md`);
  }
  const html = formats.includes('html') || formats.includes('pdf') ? renderRedlineHtml(comparison) : '';
  if (formats.includes('html')) {
    writeFileAtomic(`${base}.html`, html);
    files.push(`${base}.html`);
  }
  if (formats.includes('docx')) {
    const { renderRedlineDocx } = await import('../../redline/docx.js');
    writeFileAtomic(`${base}.docx`, await renderRedlineDocx(comparison, todayIso()));
    files.push(`${base}.docx`);
  }
  if (formats.includes('pdf')) {
    const { PdfRenderer } = await import('../../render/printer.js');
    const renderer = await PdfRenderer.launch();
    try {
      writeFileAtomic(`${base}.pdf`, await renderer.render(html, redlinePdfOptions(comparison, todayIso())));
      files.push(`${base}.pdf`);
    } finally {
      await renderer.close();
    }
  }

  const school = plainText(after.meta.school || before.meta.school);
  const versions = `versie ${plainText(before.meta.versie)} → ${plainText(after.meta.versie)}`;
  if (comparison.identical) {
    io.stdout.write(`Geen wijzigingen: de artikelen en keuzes van ${school} zijn in beide versies gelijk (${versions}).\n`);
  } else {
    io.stdout.write(`Wijzigingen in het protocol van ${school}, ${versions}:\n${summaryLines(comparison).join('\n')}\n`);
  }
  io.stdout.write(`Gemaakt:\n${fileLines(files)}`);
  return 0;
}

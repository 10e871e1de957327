/**
 * `check`: rebuilds every document in memory (the protocol, the redline against the approved
 * version, the companions) and compares it with what is on disk: Markdown, HTML and Word
 * byte for byte, the PDF by the fingerprint stored in it. Exit 1 with a readable diff and the list of
 * stale schools; exit 0 when everything is current.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { FORMATS, leftoversOf, outputsOf, renderJobs } from '../../build/outputs.js';
import { pathOption, type Io } from '../io.js';
import { inputError } from '../../util/errors.js';
import { readRegularFile } from '../../util/files.js';
import { MAX_PROTOCOL_BYTES } from '../../util/yaml.js';
import { jobError } from '../../build/school.js';
import { pdfProblem } from '../../render/pdfbytes.js';
import { collectJobs } from '../../build/find.js';
import { loadCustomLibrary } from '../../lint/custom.js';
import { impactsOf, impactReport } from '../../build/impact.js';
import { displayPath } from '../../util/paths.js';

export interface CheckOptions {
  files: string[];
  out?: string;
  clauses?: string;
  json?: boolean;
  /** List per school how many articles change (against the approved version or the document on disk). */
  impact?: boolean;
  /** Show the full diff for every group of schools (it is shown anyway when there is one school). */
  diff?: boolean;
  io: Io;
}

interface Finding {
  school: string;
  input: string;
  status: 'actueel' | 'verouderd' | 'fout';
  problems: string[];
  diff?: string;
  /** The school's folder as shown. */
  dir?: string;
}

const MAX_DIFF_LINES = 80;
/** A PDF of a school's documents is a few MB at most. */
const MAX_PDF_BYTES = 256 * 1024 * 1024;

export async function runCheck(options: CheckOptions): Promise<number> {
  const { io } = options;
  if (options.files.length === 0) throw inputError('noem de antwoordbestanden of mappen om te controleren, bijvoorbeeld `schoolprotocol check scholen/`.');
  const library = await loadCustomLibrary(pathOption(options.clauses, '--clauses') ? path.resolve(io.cwd, options.clauses ?? '') : undefined);
  const outDir = path.resolve(io.cwd, pathOption(options.out, '--out') ?? 'out');
  const findings: Finding[] = [];

  if (options.impact) {
    const impacts = impactsOf(collectJobs(options.files, io.cwd), library, outDir);
    const affected = impacts.filter((i) => i.status === 'gewijzigd').length;
    io.stdout.write(options.json ? `${JSON.stringify({ affected, schools: impacts }, null, 2)}\n` : impactReport(impacts));
    if (impacts.every((i) => i.status === 'fout')) return 2;
    return impacts.some((i) => i.status !== 'ongewijzigd') ? 1 : 0;
  }

  const jobs = collectJobs(options.files, io.cwd);
  const rendered = renderJobs(jobs, library, outDir);
  for (const [index, job] of jobs.entries()) {
    let finding: Finding;
    try {
      const item = rendered[index];
      if (!item) continue;
      if ('error' in item) throw item.error;
      const { doc } = item;
      const dir = path.join(outDir, doc.slug);
      finding = { school: doc.protocol.school.naam, input: job.label, status: 'actueel', problems: [], dir: displayPath(dir) };
      const diffs: string[] = [];
      // The protocol, the redline and the companions: every document `build` writes for this school.
      const outputs = outputsOf(doc);
      // A format counts as built for this school when any of its documents has it on disk; then every document must.
      const built = (ext: string) => outputs.some((output) => existsSync(path.join(dir, `${output.name}.${ext}`)));
      const [htmlBuilt, pdfBuilt] = [built('html'), built('pdf')];
      for (const output of outputs) {
        const markdownFile = path.join(dir, `${output.name}.md`);
        if (!existsSync(markdownFile)) {
          finding.problems.push(`${displayPath(markdownFile)} ontbreekt`);
        } else {
          const onDisk = readRegularFile(markdownFile, { what: 'Markdown-bestand', limit: MAX_PROTOCOL_BYTES }).toString('utf8');
          if (onDisk !== output.markdown) {
            finding.problems.push(`${displayPath(markdownFile)} is verouderd`);
            diffs.push(createTwoFilesPatch(`${displayPath(markdownFile)} (op schijf)`, `${displayPath(markdownFile)} (nieuw)`, onDisk, output.markdown, '', '', { context: 2 }));
          }
        }
        const htmlFile = path.join(dir, `${output.name}.html`);
        if (existsSync(htmlFile)) {
          if (readRegularFile(htmlFile, { what: 'HTML-bestand', limit: MAX_PROTOCOL_BYTES }).toString('utf8') !== output.html) finding.problems.push(`${displayPath(htmlFile)} is verouderd`);
        } else if (htmlBuilt) finding.problems.push(`${displayPath(htmlFile)} ontbreekt`);
        const pdfFile = path.join(dir, `${output.name}.pdf`);
        if (existsSync(pdfFile)) {
          const problem = pdfProblem(readRegularFile(pdfFile, { what: 'PDF', limit: MAX_PDF_BYTES }), output.pdf.fingerprint);
          if (problem) finding.problems.push(`${displayPath(pdfFile)} ${problem}`);
        } else if (pdfBuilt) finding.problems.push(`${displayPath(pdfFile)} ontbreekt`);
        // A Word document is made the same for the same input, so it is compared byte for byte.
        const docxFile = path.join(dir, `${output.name}.docx`);
        if (existsSync(docxFile) && !Buffer.from(await output.docx()).equals(readRegularFile(docxFile, { what: 'Word-document', limit: MAX_PDF_BYTES }))) finding.problems.push(`${displayPath(docxFile)} is verouderd`);
      }
      // A document the answers no longer ask for must not stay beside the protocol.
      for (const file of leftoversOf(dir, outputs, FORMATS)) finding.problems.push(`${displayPath(file)} hoort er niet meer bij (de antwoorden vragen dit document niet meer)`);
      if (diffs.length > 0) finding.diff = shorten(diffs.join('\n'));
      if (finding.problems.length > 0) finding.status = 'verouderd';
    } catch (error) {
      // Every error stays with its school: the others are checked.
      finding = { school: job.label, input: job.label, status: 'fout', problems: [jobError(error).message] };
    }
    findings.push(finding);
  }

  const stale = findings.filter((f) => f.status !== 'actueel');
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ current: stale.length === 0, schools: findings }, null, 2)}\n`);
  } else {
    // Schools with the same name are told apart by their folder.
    const label = (f: Finding) => (f.dir && findings.filter((g) => g.school === f.school).length > 1 ? `${f.school} (${f.dir})` : f.school);
    // Schools with the same change (one board change reaches them all) are listed together, the diff once.
    const showDiff = options.diff === true || findings.length === 1;
    for (const group of groupFindings(stale)) {
      const [first] = group;
      if (!first) continue;
      if (first.status === 'fout') {
        for (const f of group) io.stdout.write(`✗ ${f.problems.join('; ')}\n`);
        continue;
      }
      io.stdout.write(group.length === 1 ? `✗ ${first.school}:\n` : `✗ ${group.length} scholen met dezelfde wijziging: ${group.map(label).join(', ')}\n`);
      const relative = (f: Finding) => f.problems.map((p) => (f.dir && p.startsWith(`${f.dir}/`) ? p.slice(f.dir.length + 1) : p));
      const same = group.length > 1 && group.every((f) => f.dir && JSON.stringify(relative(f)) === JSON.stringify(relative(first)));
      if (same) {
        // The same files in every school's folder: the files once, then the folders, one per line.
        io.stdout.write('    In de map van elke school:\n');
        for (const problem of relative(first)) io.stdout.write(`      ${problem}\n`);
        io.stdout.write('    De mappen:\n');
        for (const f of group) io.stdout.write(`      ${f.dir}/\n`);
      } else for (const f of group) for (const problem of f.problems) io.stdout.write(`    ${problem}\n`);
      if (first.diff && showDiff) io.stdout.write(`${first.diff}\n`);
    }
    if (stale.length === 0) io.stdout.write(`De documenten van ${findings.length === 1 ? 'de school' : `alle ${findings.length} scholen`} zijn actueel.\n`);
    else {
      const hasDiff = stale.some((f) => f.diff);
      io.stdout.write(
        `\n${staleSummary(stale.length, findings.length)}: ${stale.map(label).join(', ')}\n` +
          (hasDiff && !showDiff ? `Wat er verandert: \`schoolprotocol check ${options.files.join(' ')}${options.out ? ` --out ${options.out}` : ''} --diff\`.\n` : '') +
          `Maak de documenten opnieuw met \`schoolprotocol build ${options.files.join(' ')}${options.out ? ` --out ${options.out}` : ''}\`.\n`,
      );
    }
  }
  if (stale.some((f) => f.status === 'fout') && stale.every((f) => f.status === 'fout')) return 2;
  return stale.length > 0 ? 1 : 0;
}

/**
 * Groups stale schools whose documents change in the same way: the same diff once the school's
 * own name and folder are taken out (a board change), or the same kind of problem without a diff.
 */
function groupFindings(findings: readonly Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.status === 'fout' ? `fout:${f.input}` : `${f.diff ? normalised(f) : ''}|${f.problems.map((p) => p.replace(/^.*\/([^/]+)\s/, '$1 ')).join(';')}`;
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()];
}

/** A diff without its file headers and with the school's name replaced, to compare the change itself. */
function normalised(finding: Finding): string {
  return (finding.diff ?? '')
    .split('\n')
    .filter((line) => !line.startsWith('--- ') && !line.startsWith('+++ '))
    .join('\n')
    .replaceAll(finding.school, '\u0000');
}

/** "De school is niet actueel", "1 van de 3 scholen is niet actueel", "Geen van de 2 scholen is actueel". */
function staleSummary(stale: number, total: number): string {
  if (total === 1) return 'De school is niet actueel';
  if (stale === total) return `Geen van de ${total} scholen is actueel`;
  return `${stale} van de ${total} scholen ${stale === 1 ? 'is' : 'zijn'} niet actueel`;
}

function shorten(patch: string): string {
  const lines = patch.split('\n').filter((l) => !l.startsWith('=====') && !l.startsWith('Index:'));
  if (lines.length <= MAX_DIFF_LINES) return lines.join('\n');
  return `${lines.slice(0, MAX_DIFF_LINES).join('\n')}\n… (nog ${lines.length - MAX_DIFF_LINES} regels; bouw opnieuw en bekijk de wijziging met git diff)`;
}

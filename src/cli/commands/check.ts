/**
 * `check`: rebuilds every document in memory (the protocol, the redline against the approved
 * version, the companions) and compares it with what is on disk: Markdown, HTML and Word
 * byte for byte, the PDF by the fingerprint stored in it. Exit 1 with a readable diff and the list of
 * stale schools; exit 0 when everything is current.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { FORMATS, leftoversOf, outputsOf, slugClash } from '../../build/outputs.js';
import { renderJob } from '../../build/job.js';
import { pathOption, type Io } from '../io.js';
import { inputError } from '../../util/errors.js';
import { readRegularFile } from '../../util/files.js';
import { MAX_PROTOCOL_BYTES } from '../../util/yaml.js';
import { jobError } from '../../build/school.js';
import { readPdfFingerprint } from '../../render/fingerprint.js';
import { collectJobs } from '../../build/find.js';
import { loadCustomLibrary } from '../../lint/custom.js';
import { impactOf, impactReport } from '../../build/impact.js';
import { displayPath } from '../../util/paths.js';

export interface CheckOptions {
  files: string[];
  out?: string;
  clauses?: string;
  json?: boolean;
  /** List per school how many articles change (against the approved version or the document on disk). */
  impact?: boolean;
  io: Io;
}

interface Finding {
  school: string;
  input: string;
  status: 'actueel' | 'verouderd' | 'fout';
  problems: string[];
  diff?: string;
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
    const impacts = collectJobs(options.files, io.cwd).map((job) => impactOf(job, library, outDir));
    const affected = impacts.filter((i) => i.status === 'gewijzigd').length;
    io.stdout.write(options.json ? `${JSON.stringify({ affected, schools: impacts }, null, 2)}\n` : impactReport(impacts));
    if (impacts.every((i) => i.status === 'fout')) return 2;
    return impacts.some((i) => i.status !== 'ongewijzigd') ? 1 : 0;
  }

  const slugs = new Map<string, string>();
  for (const job of collectJobs(options.files, io.cwd)) {
    let finding: Finding;
    try {
      const doc = renderJob(job, library);
      // Two schools that `build` would put in one folder: the later one is an error here too.
      const earlier = slugs.get(doc.slug);
      if (earlier !== undefined) throw slugClash(job.label, doc.protocol.school.naam, doc.slug, outDir, earlier);
      slugs.set(doc.slug, job.label);
      const dir = path.join(outDir, doc.slug);
      finding = { school: doc.protocol.school.naam, input: job.label, status: 'actueel', problems: [] };
      const diffs: string[] = [];
      // The protocol, the redline and the companions: every document `build` writes for this school.
      const outputs = outputsOf(doc);
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
        if (existsSync(htmlFile) && readRegularFile(htmlFile, { what: 'HTML-bestand', limit: MAX_PROTOCOL_BYTES }).toString('utf8') !== output.html) finding.problems.push(`${displayPath(htmlFile)} is verouderd`);
        const pdfFile = path.join(dir, `${output.name}.pdf`);
        if (existsSync(pdfFile)) {
          const stored = readPdfFingerprint(readRegularFile(pdfFile, { what: 'PDF', limit: MAX_PDF_BYTES }));
          if (stored !== output.pdf.fingerprint) finding.problems.push(`${displayPath(pdfFile)} is verouderd${stored ? '' : ' (geen vingerafdruk gevonden; maak hem opnieuw)'}`);
        }
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
    for (const f of stale) {
      io.stdout.write(f.status === 'fout' ? `✗ ${f.problems.join('; ')}\n` : `✗ ${f.school}: ${f.problems.join('; ')}\n`);
      if (f.diff) io.stdout.write(`${f.diff}\n`);
    }
    if (stale.length === 0) io.stdout.write(`De documenten van ${findings.length === 1 ? 'de school' : `alle ${findings.length} scholen`} zijn actueel.\n`);
    else
      io.stdout.write(
        `\n${staleSummary(stale.length, findings.length)}: ${stale.map((f) => f.school).join(', ')}\n` +
          `Maak de documenten opnieuw met \`schoolprotocol build ${options.files.join(' ')}${options.out ? ` --out ${options.out}` : ''}\`.\n`,
      );
  }
  if (stale.some((f) => f.status === 'fout') && stale.every((f) => f.status === 'fout')) return 2;
  return stale.length > 0 ? 1 : 0;
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

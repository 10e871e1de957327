/**
 * `check`: rebuilds every document in memory (the protocol, the redline against the approved
 * version, the companions) and compares it with what is on disk: Markdown and HTML byte for
 * byte, the PDF by the fingerprint stored in it. Exit 1 with a readable diff and the list of
 * stale schools; exit 0 when everything is current.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { FORMATS, leftoversOf, outputsOf } from '../../build/outputs.js';
import { renderJob } from '../../build/job.js';
import type { Io } from '../io.js';
import { inputError, UserError } from '../../util/errors.js';
import { FINGERPRINT_KEY } from '../../render/fingerprint.js';
import { digestMatches, summarize } from '../../render/pdfbytes.js';
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

export async function runCheck(options: CheckOptions): Promise<number> {
  const { io } = options;
  if (options.files.length === 0) throw inputError('noem de antwoordbestanden of mappen om te controleren, bijvoorbeeld `schoolprotocol check scholen/`.');
  const library = await loadCustomLibrary(options.clauses ? path.resolve(io.cwd, options.clauses) : undefined);
  const outDir = path.resolve(io.cwd, options.out ?? 'out');
  const findings: Finding[] = [];

  if (options.impact) {
    const impacts = collectJobs(options.files, io.cwd).map((job) => impactOf(job, library, outDir));
    const affected = impacts.filter((i) => i.status === 'gewijzigd').length;
    io.stdout.write(options.json ? `${JSON.stringify({ affected, schools: impacts }, null, 2)}\n` : impactReport(impacts));
    if (impacts.every((i) => i.status === 'fout')) return 2;
    return impacts.some((i) => i.status !== 'ongewijzigd') ? 1 : 0;
  }

  for (const job of collectJobs(options.files, io.cwd)) {
    let finding: Finding;
    try {
      const doc = renderJob(job, library);
      const dir = path.join(outDir, doc.slug);
      finding = { school: doc.protocol.school.naam, input: job.label, status: 'actueel', problems: [] };
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
          const onDisk = readFileSync(markdownFile, 'utf8');
          if (onDisk !== output.markdown) {
            finding.problems.push(`${displayPath(markdownFile)} is verouderd`);
            diffs.push(createTwoFilesPatch(`${displayPath(markdownFile)} (op schijf)`, `${displayPath(markdownFile)} (nieuw)`, onDisk, output.markdown, '', '', { context: 2 }));
          }
        }
        const htmlFile = path.join(dir, `${output.name}.html`);
        if (existsSync(htmlFile)) {
          if (readFileSync(htmlFile, 'utf8') !== output.html) finding.problems.push(`${displayPath(htmlFile)} is verouderd`);
        } else if (htmlBuilt) finding.problems.push(`${displayPath(htmlFile)} ontbreekt`);
        const pdfFile = path.join(dir, `${output.name}.pdf`);
        if (existsSync(pdfFile)) {
          const problem = pdfProblem(readFileSync(pdfFile), output.pdf.fingerprint);
          if (problem) finding.problems.push(`${displayPath(pdfFile)} ${problem}`);
        } else if (pdfBuilt) finding.problems.push(`${displayPath(pdfFile)} ontbreekt`);
      }
      // A document the answers no longer ask for must not stay beside the protocol.
      for (const file of leftoversOf(dir, outputs, FORMATS)) finding.problems.push(`${displayPath(file)} hoort er niet meer bij (de antwoorden vragen dit document niet meer)`);
      if (diffs.length > 0) finding.diff = shorten(diffs.join('\n'));
      if (finding.problems.length > 0) finding.status = 'verouderd';
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      finding = { school: job.label, input: job.label, status: 'fout', problems: [error.message] };
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

/**
 * What is wrong with a PDF on disk, or undefined when it is the one the build would print now: it
 * must read as a PDF with pages, carry the fingerprint of the HTML it was printed from, and its
 * bytes must be those the build wrote (the digest stored beside the fingerprint), so a truncated,
 * edited or overwritten file is stale too.
 */
export function pdfProblem(bytes: Uint8Array, fingerprint: string): string | undefined {
  const summary = summarize(bytes);
  if (!summary) return 'is beschadigd of geen PDF (maak hem opnieuw)';
  const stored = summary.info.get(FINGERPRINT_KEY);
  if (typeof stored !== 'string') return 'is verouderd (geen vingerafdruk gevonden; maak hem opnieuw)';
  if (stored !== fingerprint) return 'is verouderd';
  if (!digestMatches(bytes)) return 'is na het maken veranderd (maak hem opnieuw)';
  return undefined;
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

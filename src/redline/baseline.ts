/**
 * The redline that `build` writes beside a protocol: against the last version the MR or GMR
 * approved (the latest `vastgesteld` entry of `document.geschiedenis` with a `protocol:` path to
 * its Markdown). The protocol itself then says on its approval page that the redline belongs to it.
 */
import path from 'node:path';
import { existsSync } from 'node:fs';
import type { Protocol } from '../assemble/assemble.js';
import { lastApproved, type Answers } from '../answers/schema.js';
import { inputError } from '../util/errors.js';
import type { PdfOptions } from '../render/pdf.js';
import { MAX_PROTOCOL_BYTES, readTextFile } from '../util/yaml.js';
import { displayPath } from '../util/paths.js';
import { longDate } from '../render/view.js';
import { compareVersions, type Comparison } from './compare.js';
import { parseProtocolMarkdown, versionFromProtocol } from './document.js';
import { redlinePdfOptions, renderRedlineHtml, renderRedlineMarkdown } from './render.js';

/**
 * The protocol with its version history and, when the Markdown of the last approved version is
 * given, the version a redline is made against. A version is never compared with itself.
 */
export function withRevision(protocol: Protocol, answers: Answers): Protocol {
  const history = answers.history;
  if (!history || history.length === 0) return protocol;
  const approved = lastApproved(history);
  const against = approved?.protocolFile && approved.versie !== protocol.document.versie ? approved : undefined;
  if (against?.protocolFile && !existsSync(against.protocolFile)) {
    throw inputError(
      `${against.where}: \`protocol\` van versie ${against.versie} verwijst naar ${displayPath(against.protocolFile)}, maar dat bestand bestaat niet. ` +
        'Zet daar de protocol.md van die versie neer (bijvoorbeeld uit git), of haal de regel weg.',
    );
  }
  return { ...protocol, revision: { history, ...(against && { redlineAgainst: against }) } };
}

export interface RedlineDocument {
  comparison: Comparison;
  markdown: string;
  readonly html: string;
  pdf: PdfOptions;
}

/** The redline of a rendered protocol against its approved version, or undefined when there is none. */
export function redlineDocument(doc: { label: string; protocol: Protocol; markdown: string }): RedlineDocument | undefined {
  const against = doc.protocol.revision?.redlineAgainst;
  if (!against?.protocolFile) return undefined;
  const before = parseProtocolMarkdown(readTextFile(against.protocolFile, 'protocol', MAX_PROTOCOL_BYTES), path.basename(against.protocolFile));
  // The history says what became of that version; the Markdown may still be the concept the MR saw.
  if (against.status === 'vastgesteld') {
    const raad = doc.protocol.document.raad;
    before.meta.status = `Vastgesteld${against.instemming ? `, instemming ${raad} op ${longDate(against.instemming)}` : ''}`;
  }
  const after = versionFromProtocol(doc.protocol, doc.markdown, doc.label);
  const comparison = compareVersions(before, after);
  let html: string | undefined;
  return {
    comparison,
    markdown: renderRedlineMarkdown(comparison),
    get html() {
      html ??= renderRedlineHtml(comparison);
      return html;
    },
    pdf: redlinePdfOptions(comparison, doc.protocol.document.datum),
  };
}

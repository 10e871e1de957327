/**
 * A PDF is printed from the HTML, so the PDF's content changes exactly when its HTML (or the
 * way it is printed) does. The build stores this fingerprint in the PDF's metadata; `check`
 * compares it with the fingerprint of the HTML it rebuilds, without starting a browser.
 */
import { createHash } from 'node:crypto';

/** Bump when the PDF printing itself changes (page options, post-processing). */
export const PDF_PRINT_VERSION = 2;

/** The fingerprint of a PDF printed from this HTML with these options (title, footer, date, ...). */
export function pdfFingerprint(html: string, options: Readonly<Record<string, string>>): string {
  const hash = createHash('sha256').update(`schoolprotocol-pdf-${PDF_PRINT_VERSION}\n`);
  for (const key of Object.keys(options).sort()) hash.update(`${key}=${options[key]}\n`);
  return `sha256:${hash.update(html).digest('hex')}`;
}

/** The key under which the fingerprint is stored in the PDF's document information. */
export const FINGERPRINT_KEY = 'SchoolprotocolFingerprint';

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { companionTexts } from '../../src/companions/texts.js';
import type { Library } from '../../src/library/load.js';

/**
 * For a custom folder that replaces `clauses`: writes `folder/documenten/*.yaml` that keep every
 * companion block summarising them (`keep: reason`), as a consultant does when the summaries
 * still fit. Computed from the library, so it follows the built-in texts.
 */
export function keepSummaries(library: Library, folder: string, clauses: readonly string[], reason = 'De samenvatting klopt nog met de eigen clausule.'): void {
  for (const texts of companionTexts(library)) {
    const parts: Record<string, { id: string; keep: string }[]> = {};
    for (const [part, blocks] of Object.entries(texts.parts)) {
      const kept = blocks.filter((b) => b.summarises.some((id) => clauses.includes(id))).map((b) => ({ id: b.id, keep: reason }));
      if (kept.length > 0) parts[part] = kept;
    }
    if (Object.keys(parts).length === 0) continue;
    mkdirSync(path.join(folder, 'documenten'), { recursive: true });
    writeFileSync(path.join(folder, 'documenten', `${texts.document}.yaml`), stringify({ document: texts.document, parts }));
  }
}

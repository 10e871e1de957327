/**
 * Companion blocks that repeat a protocol rule name the clause they summarise (`summarises`).
 * Checks that those clauses exist; that a custom folder which replaces such a clause also gives
 * the block anew or leaves it out (`omit`), so the letter to parents never repeats a rule the
 * protocol no longer has; that `omit` names a block that exists; and, over the sampled answers,
 * that a block does not appear while none of the clauses it summarises is in the protocol.
 */
import type { Values } from '../answers/schema.js';
import { selectVariant } from '../assemble/assemble.js';
import { COMPANIONS, companionTexts, selectBlockVariant, type CompanionId } from '../companions/index.js';
import { TEXTS_FOLDER, type Block } from '../companions/texts.js';
import { evaluate } from '../library/conditions.js';
import type { Library } from '../library/load.js';
import { displayPath } from '../util/paths.js';
import { closest, dutchList } from '../util/text.js';

const called = (id: CompanionId) => COMPANIONS.find((c) => c.id === id)?.called ?? id;

/** `effective` are the sampled answers completed (effectiveValues), `describe` names the sample at the same index. */
export function summaryProblems(library: Library, effective: readonly Values[], describe: (index: number) => string): string[] {
  const problems: string[] = [];
  const clauses = new Map(library.clauses.map((c) => [c.id, c]));
  const all = companionTexts(library);
  for (const texts of all) {
    const document = called(texts.document);
    for (const [part, blocks] of Object.entries(texts.parts)) {
      // Per replaced clause the blocks of this part that repeat it: one message each.
      const stale = new Map<string, Block[]>();
      for (const block of blocks) {
        for (const id of block.summarises) {
          const clause = clauses.get(id);
          if (!clause) {
            const guess = closest(id, [...clauses.keys()]);
            problems.push(`${block.origin} (${block.id}): \`summarises\` noemt clausule "${id}", die niet bestaat.${guess ? ` Bedoelt u "${guess}"?` : ''}`);
          } else if (clause.layer > block.layer) stale.set(id, [...(stale.get(id) ?? []), block]);
        }
      }
      for (const [id, list] of stale) {
        const clause = clauses.get(id);
        if (!clause) continue;
        const folder = displayPath(library.dirs[clause.layer] ?? '');
        const one = list.length === 1;
        const names = dutchList(list.map((b) => b.id));
        problems.push(
          `${one ? `het blok ${names}` : `de blokken ${names}`} in ${document} ${one ? 'vat' : 'vatten'} clausule ${id} samen, die uw eigen clausules vervangen: ${clause.origin}. ` +
            `Geef in ${folder}/${TEXTS_FOLDER}/${texts.document}.yaml, in het deel ${part}, ${one ? 'een eigen blok met dit id dat bij uw clausule past' : "eigen blokken met deze id's die bij uw clausule passen"}, ` +
            `of laat ${one ? 'het' : 'ze'} weg met \`omit: "reden"\`; klopt de tekst nog, zet dan \`keep: "reden"\` bij ${one ? 'dat id' : "die id's"} (zie clauses/HANDLEIDING.md). ${one ? 'Het blok staat' : 'De blokken staan'} in ${dutchList(list.map((b) => b.origin))}.`,
        );
      }
    }
    for (const decision of texts.decisions) {
      if (decision.found) continue;
      const ids = (texts.parts[decision.part] ?? []).map((b) => b.id);
      const guess = closest(decision.id, ids);
      problems.push(
        `${decision.origin} (${decision.id}): \`${decision.action}\` noemt een blok dat er niet is: ${document} heeft in het deel ${decision.part} geen blok "${decision.id}".${guess ? ` Bedoelt u "${guess}"?` : ''}`,
      );
    }
  }

  // A block that appears while none of the clauses it summarises is in the protocol repeats a rule the protocol does not have.
  const reported = new Set<string>();
  effective.forEach((values, index) => {
    for (const texts of all) {
      if (!evaluate(texts.when, values)) continue;
      for (const block of texts.blocks) {
        if (block.summarises.length === 0 || reported.has(block.origin)) continue;
        const known = block.summarises.flatMap((id) => clauses.get(id) ?? []);
        if (known.length === 0 || !selectBlockVariant(block, values)) continue;
        if (known.some((clause) => selectVariant(clause, values))) continue;
        reported.add(block.origin);
        problems.push(
          `${block.origin} (${block.id}): het blok staat in ${called(texts.document)}, maar de clausule die het samenvat (${block.summarises.join(', ')}) staat dan niet in het protocol (bijvoorbeeld bij ${describe(index)}). Geef het blok dezelfde voorwaarde als de clausule.`,
        );
      }
    }
  });
  return problems;
}

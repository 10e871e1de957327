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
import { TEXTS_FOLDER } from '../companions/texts.js';
import { evaluate } from '../library/conditions.js';
import type { Library } from '../library/load.js';
import { displayPath } from '../util/paths.js';
import { closest } from '../util/text.js';

const called = (id: CompanionId) => COMPANIONS.find((c) => c.id === id)?.called ?? id;

/** `effective` are the sampled answers completed (effectiveValues), `describe` names the sample at the same index. */
export function summaryProblems(library: Library, effective: readonly Values[], describe: (index: number) => string): string[] {
  const problems: string[] = [];
  const clauses = new Map(library.clauses.map((c) => [c.id, c]));
  const all = companionTexts(library);
  for (const texts of all) {
    const document = called(texts.document);
    for (const [part, blocks] of Object.entries(texts.parts)) {
      for (const block of blocks) {
        const where = `${block.origin} (${block.id})`;
        for (const id of block.summarises) {
          const clause = clauses.get(id);
          if (!clause) {
            const guess = closest(id, [...clauses.keys()]);
            problems.push(`${where}: \`summarises\` noemt clausule "${id}", die niet bestaat.${guess ? ` Bedoelt u "${guess}"?` : ''}`);
            continue;
          }
          if (clause.layer <= block.layer) continue;
          const folder = displayPath(library.dirs[clause.layer] ?? '');
          problems.push(
            `het blok ${block.id} in ${document} vat clausule ${id} samen, die uw eigen clausules vervangen: ${clause.origin}. ` +
              `Geef in ${folder}/${TEXTS_FOLDER}/${texts.document}.yaml een eigen blok met id ${block.id} in het deel ${part} dat bij uw clausule past (klopt de tekst nog, neem hem dan over), ` +
              `of laat het blok weg met \`omit: "reden"\`. Het blok staat in ${block.origin}.`,
          );
        }
      }
    }
    for (const omitted of texts.omitted) {
      if (omitted.block) continue;
      const ids = (texts.parts[omitted.part] ?? []).map((b) => b.id);
      const guess = closest(omitted.id, ids);
      problems.push(
        `${omitted.origin} (${omitted.id}): \`omit\` laat een blok weg dat er niet is: ${document} heeft in het deel ${omitted.part} geen blok "${omitted.id}".${guess ? ` Bedoelt u "${guess}"?` : ''}`,
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

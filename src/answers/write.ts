/** Writing answers as a commented YAML answers file a person can edit (init). */
import { Document, isMap, isPair, isScalar, YAMLMap } from 'yaml';
import type { Library } from '../library/load.js';
import { currentSchema } from './migrate.js';
import { HISTORY_KEYS, SECTIONS, type HistoryEntry, type Values } from './schema.js';

/** Writes answers as a commented YAML answers file a person can edit. */
export function serializeAnswers(library: Library, values: Values, options: { extends?: string; history?: readonly HistoryEntry[] } = {}): string {
  const doc = new Document({});
  const root = doc.contents as YAMLMap;
  root.commentBefore =
    ' Antwoorden voor schoolprotocol. Pas ze aan en bouw opnieuw met:\n' +
    '   schoolprotocol build protocol.yaml\n' +
    ' Onder elke keuze staan de mogelijke waarden. Zie de README voor uitleg.';
  root.set('schema', currentSchema(library));
  if (options.extends) root.set('extends', options.extends);
  for (const section of SECTIONS) {
    const map = new YAMLMap();
    for (const q of library.questions.filter((q) => q.section === section)) {
      const value = values[q.id];
      if (value === undefined) continue;
      const node = doc.createPair(q.id, value);
      if (isPair(node) && isScalar(node.key)) {
        const choices = q.choices?.map((c) => c.value).join(' | ');
        node.key.commentBefore = ` ${q.prompt}${choices ? `\n ${q.type === 'multi' ? 'een lijst uit: ' : ''}${choices}` : ''}`;
      }
      map.items.push(node);
    }
    if (section === 'document' && options.history && options.history.length > 0) {
      const entries = options.history.map((entry) => Object.fromEntries(HISTORY_KEYS.flatMap((key) => (entry[key as keyof HistoryEntry] === undefined ? [] : [[key, entry[key as keyof HistoryEntry]]]))));
      const node = doc.createPair('geschiedenis', entries);
      if (isPair(node) && isScalar(node.key)) node.key.commentBefore = ' Eerdere versies, oudste eerst. De laatste vastgestelde versie met `protocol:` (haar Markdown) krijgt een wijzigingsoverzicht.';
      map.items.push(node);
    }
    if (map.items.length > 0) root.set(section, map);
  }
  if (!isMap(doc.contents)) throw new Error('unexpected document shape');
  return doc.toString({ lineWidth: 0 });
}

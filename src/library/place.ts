/**
 * Where chapters and clauses stand in the document. An item without `after` keeps its place (a
 * new one at the end, a replacement where the built-in one stood); an item with `after: <id>`
 * stands directly after that item, and a clause after a clause of another chapter moves to that
 * chapter. The order is the same for every school: it does not depend on the answers.
 */
import { closest } from '../util/text.js';

export interface Placeable {
  id: string;
  after?: string;
  /** "clauses/beeld.yaml:12:5", for messages. */
  origin: string;
}

export interface Placement<T> {
  /** The items in document order. */
  order: T[];
  /** For each placed item the item at the start of its chain (itself when it has no `after`). */
  anchor: Map<string, T>;
  /** Dutch problems, each naming the file and the item; empty when the placement is sound. */
  problems: string[];
}

export interface PlaceOptions {
  /** "de clausule", "het hoofdstuk" or "het blok". */
  what: string;
  /** The relative pronoun that goes with it: "die" or "dat". */
  which: 'die' | 'dat';
  /** Ids of the other kind (chapters for clauses, clauses for chapters), for a clearer message. */
  otherKind?: { ids: ReadonlySet<string>; what: string; hint: string };
  /** Added to the message about an unknown id, e.g. "in het deel brief". */
  scope?: string;
}

/** Orders `items` (in their current order) by their `after` keys. */
export function place<T extends Placeable>(items: readonly T[], options: PlaceOptions): Placement<T> {
  const problems: string[] = [];
  const byId = new Map(items.map((item) => [item.id, item]));
  const followers = new Map<string, T[]>();
  const name = (item: T) => `${item.origin} (${item.id})`;
  const broken = new Set<string>();

  for (const item of items) {
    const target = item.after;
    if (target === undefined) continue;
    if (target === item.id) {
      problems.push(`${name(item)}: \`after: ${target}\` noemt ${options.what} zelf. Noem het id waarna ${options.what} moet komen.`);
      broken.add(item.id);
      continue;
    }
    if (!byId.has(target)) {
      if (options.otherKind?.ids.has(target)) {
        problems.push(`${name(item)}: \`after: ${target}\` noemt ${options.otherKind.what}. ${options.otherKind.hint}`);
      } else {
        const guess = closest(target, [...byId.keys()]);
        problems.push(`${name(item)}: \`after: ${target}\` noemt een id dat niet bestaat${options.scope ? ` ${options.scope}` : ''}.${guess ? ` Bedoelt u "${guess}"?` : ''}`);
      }
      broken.add(item.id);
      continue;
    }
    followers.set(target, [...(followers.get(target) ?? []), item]);
  }

  for (const [target, list] of followers) {
    if (list.length < 2) continue;
    const [first, ...rest] = list;
    if (!first) continue;
    problems.push(
      `${list.map(name).join(' en ')}: staan ${list.length === 2 ? 'allebei' : 'allemaal'} direct na ${target}; dan is de volgorde niet duidelijk. Zet ${rest.map((r) => r.id).join(', ')} na ${options.what} ${options.which} ervóór moet komen, bijvoorbeeld \`after: ${first.id}\`.`,
    );
  }

  // A chain that never reaches an item without `after` is a cycle (unknown targets are reported above).
  const reported = new Set<string>();
  for (const item of items) {
    if (item.after === undefined || broken.has(item.id) || reported.has(item.id)) continue;
    const chain: T[] = [];
    let current: T | undefined = item;
    while (current?.after !== undefined && !chain.includes(current) && !broken.has(current.id)) {
      chain.push(current);
      current = byId.get(current.after);
    }
    if (current && chain.includes(current)) {
      const cycle = chain.slice(chain.indexOf(current));
      if (cycle.some((c) => reported.has(c.id))) continue;
      for (const c of cycle) reported.add(c.id);
      problems.push(
        `${cycle.map(name).join(', ')}: de \`after\`-verwijzingen vormen een kring (${[...cycle, current].map((c) => c.id).join(' → ')}), zodat geen ervan een plek krijgt. Laat bij één ervan \`after\` weg of noem een ander id.`,
      );
    }
  }

  const order: T[] = [];
  const anchor = new Map<string, T>();
  const emit = (item: T, root: T) => {
    if (anchor.has(item.id)) return;
    order.push(item);
    anchor.set(item.id, root);
    for (const follower of followers.get(item.id) ?? []) emit(follower, root);
  };
  for (const item of items) if (item.after === undefined) emit(item, item);
  return { order, anchor, problems };
}

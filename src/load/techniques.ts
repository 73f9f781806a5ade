/**
 * Pairing the catalog's `techniques` strings (`tactic:technique[:subtechnique]`: names, no ids) with its
 * `technique_id` list (ids, no names). The lists are NOT aligned in general: a technique under two tactics is
 * listed twice but has one id; parents appear beside their sub-techniques; either list may hold entries the other
 * lacks; and the orders may differ (a real rule lists `T1552.002, T1003.006, …` against `os credential
 * dumping:lsass memory, …`). Without an ATT&CK technique table, the rule is:
 *
 * 1. Group the strings by technique name (a group holds its sub-technique names and whether the bare technique is
 *    listed, each with its tactics), and the ids by parent technique (`T1003` holds `T1003.001`, …).
 * 2. Pair id groups with name groups. By name first, when the catalog page's MITRE table names an id. Then by
 *    shape: the pairing that best agrees on the number of sub-techniques and on whether the bare technique is
 *    listed; ties go to the pairing closest to list order, and a note names the pairs that only order decided.
 * 3. Within a pair: the bare id gets the technique's name and the tactics of the bare string (or of all the
 *    group's strings when there is none). Sub-technique ids get, in order: the sub-technique the page table names;
 *    the only sub-technique name left when one id is left; the bare string's tactics (no name) when no
 *    sub-technique name is left. Several ids for several names cannot be told apart (list order is no guide
 *    there: it is wrong about half the time in the corpus): no names, only the tactics all those names share, and
 *    a note.
 * 4. Ids without a group keep no name and no tactics (none is invented); strings without an id go to a note.
 *
 * Names are the page table's when it has them, else the title-cased strings (`Create or Modify System Process:
 * Windows Service`). Tactics are those of the strings plus the table's, in ATT&CK order.
 */
import type { TechniqueRef } from './types.js';
import { normaliseTechniqueId, parseTechniqueString, sortTactics, titleCase } from './mitre.js';

/** What the catalog page's MITRE table says about an id. */
export interface KnownTechnique {
  readonly name?: string;
  readonly tactics: readonly string[];
}

/** The strings of one technique name. */
interface NameGroup {
  readonly key: string;
  readonly name: string;
  /** Tactics of the bare `tactic:technique` strings, when there are any. */
  base?: Set<string>;
  /** Sub-technique key → display name and tactics. */
  readonly subs: Map<string, { name: string; tactics: Set<string> }>;
}

/** The ids of one parent technique. */
interface IdGroup {
  readonly parent: string;
  hasBase: boolean;
  readonly subs: string[];
}

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
const parentOf = (id: string): string => id.split('.')[0]!;
const techniquePart = (name: string): string => name.split(':')[0]!;

function groupNames(strings: readonly string[], notes: string[]): NameGroup[] {
  const groups = new Map<string, NameGroup>();
  for (const s of strings) {
    const t = parseTechniqueString(s);
    if (!t) {
      notes.push(`ignored technique string ${JSON.stringify(s)} (expected tactic:technique[:subtechnique])`);
      continue;
    }
    const key = norm(t.technique);
    const g: NameGroup = groups.get(key) ?? { key, name: titleCase(t.technique), subs: new Map() };
    groups.set(key, g);
    if (t.subtechnique === undefined) (g.base ??= new Set()).add(t.tactic);
    else {
      const sub = g.subs.get(norm(t.subtechnique)) ?? { name: `${g.name}: ${titleCase(t.subtechnique)}`, tactics: new Set<string>() };
      sub.tactics.add(t.tactic);
      g.subs.set(norm(t.subtechnique), sub);
    }
  }
  return [...groups.values()];
}

function groupIds(rawIds: readonly string[], notes: string[]): { ids: string[]; groups: IdGroup[] } {
  const ids: string[] = [];
  const groups = new Map<string, IdGroup>();
  for (const raw of rawIds) {
    const id = normaliseTechniqueId(raw);
    if (!id) notes.push(`ignored technique_id ${JSON.stringify(raw)} (expected an id like T1543 or T1543.003)`);
    if (!id || ids.includes(id)) continue;
    ids.push(id);
    const g = groups.get(parentOf(id)) ?? { parent: parentOf(id), hasBase: false, subs: [] };
    groups.set(g.parent, g);
    if (id.includes('.')) g.subs.push(id);
    else g.hasBase = true;
  }
  return { ids, groups: [...groups.values()] };
}

/** How far an id group and a name group disagree on the number of sub-techniques and on the bare technique. */
function shapeCost(i: IdGroup, n: NameGroup): number {
  return Math.abs(i.subs.length - n.subs.size) + (i.hasBase === (n.base !== undefined) ? 0 : 1);
}

/**
 * Pair id groups with name groups: the fixed pairs, then the assignment with the fewest shape differences (10
 * each) and the least distance from list order (1 per position). Exhaustive up to 8 groups a side, greedy beyond.
 * Also returns the pairs that only list order decided (another pairing had the same shape cost).
 */
function pairGroups(
  ig: readonly IdGroup[],
  ng: readonly NameGroup[],
  fixed: ReadonlyMap<IdGroup, NameGroup>,
): { pairs: Map<IdGroup, NameGroup>; byOrder: IdGroup[] } {
  const freeI = ig.filter((g) => !fixed.has(g));
  const taken = new Set(fixed.values());
  const freeN = ng.filter((g) => !taken.has(g));
  const cost = (i: IdGroup, n: NameGroup): number => 10 * shapeCost(i, n) + Math.abs(ig.indexOf(i) - ng.indexOf(n));
  const pairCount = Math.min(freeI.length, freeN.length);
  let best: (NameGroup | undefined)[] = [];
  let bestCost = Infinity;
  const choice: (NameGroup | undefined)[] = [];
  const used = new Set<NameGroup>();
  const search = (k: number, acc: number, made: number): void => {
    if (acc >= bestCost) return;
    if (k === freeI.length) {
      if (made === pairCount) (best = [...choice]), (bestCost = acc);
      return;
    }
    for (const n of freeN.filter((x) => !used.has(x))) {
      used.add(n);
      choice.push(n);
      search(k + 1, acc + cost(freeI[k]!, n), made + 1);
      choice.pop();
      used.delete(n);
    }
    if (freeI.length - k > pairCount - made) {
      choice.push(undefined);
      search(k + 1, acc, made);
      choice.pop();
    }
  };
  if (freeI.length <= 8 && freeN.length <= 8) search(0, 0, 0);
  else {
    for (const i of freeI) {
      const n = freeN.filter((x) => !used.has(x)).sort((a, b) => cost(i, a) - cost(i, b))[0];
      if (n) used.add(n);
      best.push(n);
    }
  }
  const pairs = new Map(fixed);
  freeI.forEach((i, k) => {
    const n = best[k];
    if (n) pairs.set(i, n);
  });
  // Which pairs could swap (with another pair, or with a free name group) at no shape cost?
  const chosen = freeI.filter((i) => pairs.has(i));
  const byOrder = chosen.filter((i) => {
    const n = pairs.get(i)!;
    const here = shapeCost(i, n);
    const swapsWithPair = chosen.some((j) => j !== i && shapeCost(i, pairs.get(j)!) + shapeCost(j, n) === here + shapeCost(j, pairs.get(j)!));
    const swapsWithFree = freeN.some((m) => !best.includes(m) && shapeCost(i, m) === here);
    return swapsWithPair || swapsWithFree;
  });
  return { pairs, byOrder };
}

/** Pair technique strings with ids (see the module comment for the rule). */
export function matchTechniques(
  strings: readonly string[],
  rawIds: readonly string[],
  known: ReadonlyMap<string, KnownTechnique> = new Map(),
): { techniques: TechniqueRef[]; notes: string[] } {
  const notes: string[] = [];
  const names = groupNames(strings, notes);
  const { ids, groups } = groupIds(rawIds.length > 0 ? rawIds : [...known.keys()], notes);

  // 2. id groups ↔ name groups: by the page table's names, then by shape and order
  const fixed = new Map<IdGroup, NameGroup>();
  for (const g of groups) {
    const name = [g.parent, ...g.subs].map((id) => known.get(id)?.name).find((n) => n !== undefined);
    const n = name && names.find((x) => x.key === norm(techniquePart(name)) && ![...fixed.values()].includes(x));
    if (n) fixed.set(g, n);
  }
  const { pairs, byOrder } = pairGroups(groups, names, fixed);
  if (byOrder.length > 0) {
    const list = byOrder.map((g) => `${g.parent} ↔ ${pairs.get(g)!.name}`).join(', ');
    notes.push(`paired by list order, as the rule does not say which is which: ${list}`);
  }

  // 3. within each pair
  const found = new Map<string, { name?: string; tactics: Iterable<string> }>();
  const unpairedSubs: string[] = [];
  for (const [g, n] of pairs) {
    const all = [...(n.base ?? []), ...[...n.subs.values()].flatMap((s) => [...s.tactics])];
    if (g.hasBase) found.set(g.parent, { name: n.name, tactics: n.base ?? all });
    const freeSubs = new Map(n.subs);
    const left: string[] = [];
    for (const id of g.subs) {
      const kn = known.get(id)?.name;
      const key = kn && [...freeSubs.entries()].find(([, s]) => norm(s.name) === norm(kn))?.[0];
      if (key) {
        found.set(id, freeSubs.get(key)!);
        freeSubs.delete(key);
      } else left.push(id);
    }
    const rest = [...freeSubs.values()];
    if (left.length === 0) unpairedSubs.push(...rest.map((s) => s.name));
    else if (left.length === 1 && rest.length === 1) found.set(left[0]!, rest[0]!);
    else if (left.length > 0 && rest.length === 0) for (const id of left) found.set(id, { tactics: n.base ?? [] });
    else if (left.length > 0) {
      const shared = left.length <= rest.length ? rest.map((s) => s.tactics).reduce((a, b) => new Set([...a].filter((t) => b.has(t)))) : new Set<string>();
      for (const id of left) found.set(id, { tactics: shared });
      notes.push(`cannot tell which of ${rest.map((s) => s.name).join('; ')} is which of ${left.join(', ')}: their names are left out`);
    }
  }

  // 4. leftovers
  const paired = new Set(pairs.values());
  const unpaired = [...names.filter((n) => !paired.has(n)).map((n) => n.name), ...unpairedSubs];
  if (unpaired.length > 0) notes.push(`technique strings without a matching technique_id: ${unpaired.join('; ')}`);
  const techniques = ids.map((id): TechniqueRef => {
    const f = found.get(id);
    const k = known.get(id);
    const name = k?.name ?? f?.name;
    const tactics = sortTactics([...(f?.tactics ?? []), ...(k?.tactics ?? [])]);
    return name ? { id, name, tactics } : { id, tactics };
  });
  return { techniques, notes };
}

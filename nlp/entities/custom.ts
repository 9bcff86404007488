/**
 * Entities an admin defines: lists (a canonical value and its synonyms, matched as whole words,
 * case-insensitively) and patterns (regular expressions). Found entities have the type
 * `custom:<name>` and the canonical value (lists) or the matched text (patterns).
 */
import type { Entity } from './types';

export interface CustomEntityList {
  name: string;
  values: readonly { value: string; synonyms: readonly string[] }[];
}

export interface CustomEntityPattern {
  name: string;
  pattern: RegExp;
}

export interface CustomEntityDefinitions {
  lists: readonly CustomEntityList[];
  patterns: readonly CustomEntityPattern[];
}

/** At most this many matches per pattern and message: an admin's pattern cannot flood a turn. */
const MAX_MATCHES_PER_PATTERN = 20;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiled once per set of definitions (the analyzer keeps the result). */
export class CustomEntityMatcher {
  private readonly lists: { name: string; regex: RegExp; canonical: Map<string, string> }[];
  private readonly patterns: { name: string; regex: RegExp }[];

  constructor(definitions: CustomEntityDefinitions) {
    this.lists = definitions.lists
      .map((list) => {
        const canonical = new Map<string, string>();
        for (const { value, synonyms } of list.values)
          for (const phrase of [value, ...synonyms]) {
            const key = phrase.trim().toLowerCase();
            if (key && !canonical.has(key)) canonical.set(key, value);
          }
        // Longest phrases first, so "dark blue" wins over "blue".
        const alternatives = [...canonical.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
        const regex = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
        return { name: list.name, regex, canonical };
      })
      .filter((list) => list.canonical.size > 0);
    this.patterns = definitions.patterns.map(({ name, pattern }) => ({
      name,
      regex: new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, '') + 'g'),
    }));
  }

  find(text: string): Entity[] {
    const found: Entity[] = [];
    for (const list of this.lists)
      for (const match of text.matchAll(list.regex))
        found.push({
          type: `custom:${list.name}`,
          text: match[0],
          start: match.index,
          end: match.index + match[0].length,
          value: list.canonical.get(match[0].toLowerCase()) ?? match[0],
        });
    for (const { name, regex } of this.patterns) {
      let count = 0;
      for (const match of text.matchAll(regex)) {
        if (match[0] === '') continue;
        found.push({
          type: `custom:${name}`,
          text: match[0],
          start: match.index,
          end: match.index + match[0].length,
          value: match[0],
        });
        if (++count >= MAX_MATCHES_PER_PATTERN) break;
      }
    }
    return found.sort((a, b) => a.start - b.start || b.end - a.end);
  }
}

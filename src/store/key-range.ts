/** A prefix that names something: an empty one would delete the whole store. */
export function nonEmpty(prefix: string): string {
  if (prefix.length === 0) throw new Error('deleteByPrefix needs a prefix that is not empty');
  return prefix;
}

/**
 * The keys starting with `prefix`, as a range `[from, to)` in the byte order of UTF-8 (SQLite's
 * BINARY collation): the prefix, and the prefix with its last character's code point plus one.
 */
export function keyRange(prefix: string): [string, string] {
  const chars = [...nonEmpty(prefix)];
  const last = chars.pop() ?? '';
  return [prefix, chars.join('') + String.fromCodePoint((last.codePointAt(0) ?? 0) + 1)];
}

/** The prefix as a Redis glob that matches only itself. */
export function globEscape(prefix: string): string {
  return prefix.replace(/[*?[\]\\]/g, '\\$&');
}

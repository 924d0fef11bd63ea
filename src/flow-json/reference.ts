/** Where a `${…}` reference points: this screen's data or form, or another screen's. */
export interface Reference {
  source: 'data' | 'form';
  /** Undefined for the current screen; a screen id for `${screen.X.data.y}` / `${screen.X.form.y}`. */
  screen?: string;
  /** The field, then any nested keys: `${data.a.b}` → ['a', 'b']. */
  path: string[];
}

const REFERENCE = /^(?:screen\.([A-Za-z_][\w]*)\.)?(data|form)\.([\w-]+(?:\.[\w-]+)*)$/;

/** Parses the inside of `${…}`; undefined when it names nothing the device knows. */
export function parseReference(inner: string): Reference | undefined {
  const match = REFERENCE.exec(inner.trim());
  if (!match) return undefined;
  const [, screen, source, path] = match;
  return {
    source: source as Reference['source'],
    ...(screen !== undefined && { screen }),
    path: (path ?? '').split('.'),
  };
}

/** What a reference reads from: the screens' states, as the device holds them. */
export type ReferenceLookup = (reference: Reference) => unknown;

/** Follows nested keys through objects (and array indexes written as numbers). */
export function readPath(root: unknown, path: readonly string[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A location in a JSON document: object keys and array indexes, outermost first. */
export type JsonPath = readonly (string | number)[];

// Flow JSON keys are identifiers with dashes (`on-click-action`); anything else is quoted.
const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;
const SEGMENT = /\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|^([A-Za-z_$][\w$-]*)/y;

/** `['screens', 1, 'layout']` → `screens[1].layout`; the empty path is `(root)`. */
export function renderPath(path: JsonPath): string {
  if (path.length === 0) return '(root)';
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (!PLAIN_KEY.test(segment)) return `[${JSON.stringify(segment)}]`;
      return i === 0 ? segment : `.${segment}`;
    })
    .join('');
}

/** The inverse of renderPath, for paths it rendered. */
export function parsePath(rendered: string): JsonPath {
  if (rendered === '(root)') return [];
  const path: (string | number)[] = [];
  SEGMENT.lastIndex = 0;
  while (SEGMENT.lastIndex < rendered.length) {
    const match = SEGMENT.exec(rendered);
    if (!match) throw new Error(`not a rendered JSON path: ${rendered}`);
    const [, dotted, index, quoted, first] = match;
    if (index !== undefined) path.push(Number(index));
    else if (quoted !== undefined) path.push(JSON.parse(quoted) as string);
    else path.push(dotted ?? first ?? '');
  }
  return path;
}

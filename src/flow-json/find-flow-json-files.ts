import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Not where flows live, and large: dependencies and hidden directories (.git, …). */
const skipped = (name: string) => name === 'node_modules' || name.startsWith('.');

/** Every `flow.json` under `dir`, at any depth, in a stable (sorted) order. */
export function findFlowJsonFiles(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return skipped(entry.name) ? [] : findFlowJsonFiles(path);
    return entry.isFile() && entry.name === 'flow.json' ? [path] : [];
  });
}

import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const SRC = join(__dirname, '..', '..', 'src');
const BUILTINS = new Set(builtinModules);

/** Every module a file reaches through relative imports, itself included. */
function reachable(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const [, target] of text.matchAll(/from '([^']+)'/g)) {
    if (target?.startsWith('.')) {
      const base = resolve(dirname(file), target);
      reachable(base.endsWith('.json') ? base : `${base}.ts`, seen);
    }
  }
  return seen;
}

describe('the device model is bundled for a web page', () => {
  it.each([
    'device/screen-model/device-session.ts',
    'device/check-answer.ts',
    'device/device-flow.ts',
  ])('when %s and everything it imports are read, then none imports a Node built-in', (entry) => {
    const offenders: string[] = [];
    for (const file of reachable(join(SRC, entry))) {
      if (file.endsWith('.json')) continue;
      for (const [, target] of readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)) {
        if (target?.startsWith('node:') || BUILTINS.has(target ?? ''))
          offenders.push(`${file}: ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

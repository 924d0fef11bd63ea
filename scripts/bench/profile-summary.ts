import { readFileSync } from 'node:fs';

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface CpuProfile {
  nodes: { id: number; callFrame: Frame; children?: number[] }[];
  /** µs on the clock process.hrtime reads. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** `pino/lib/proto.js`, `dist/http/http-kit.js`, `node:…`. */
const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, '')
    .replace(/.*\/dist\//, 'dist/');
/** Name and file; anonymous functions told apart by their line. */
const functionKey = ({ functionName, url, lineNumber }: Frame) => {
  const where = shortUrl(url) + (url && !functionName ? `:${lineNumber + 1}` : '');
  return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
};
/** A package, a dist/ file, a node: module, or V8 itself. */
const moduleOf = (frame: Frame) => {
  const short = shortUrl(frame.url);
  if (!short) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (short.startsWith('dist/') || short.startsWith('node:')) return short.replace('internal/', '');
  return short
    .split('/')
    .slice(0, short.startsWith('@') ? 2 : 1)
    .join('/');
};
const count = (counts: Map<string, number>, key: string) =>
  counts.set(key, (counts.get(key) ?? 0) + 1);
const pct = (part: number, whole: number) =>
  `${((100 * part) / Math.max(1, whole)).toFixed(1).padStart(5)} %`;
const top = (
  counts: Map<string, number>,
  n: number,
  whole: number,
  extra?: (name: string) => string,
) =>
  [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, hits]) => `${pct(hits, whole)}  ${name}${extra?.(name) ?? ''}`);

/**
 * Where the server's CPU went, from its .cpuprofile files, counting only samples inside the
 * window (µs): self time by function (with its main caller), by module, by layer (Node's and V8's
 * own time charged to the nearest package or dist/ file calling it), and the inclusive time of
 * the project's own functions.
 */
export function profileLines(files: string[], window?: { fromUs: number; toUs: number }): string[] {
  type Counts = Map<string, number>;
  const [self, modules, layers, inclusive] = Array.from(
    { length: 4 },
    () => new Map(),
  ) as Counts[] as [Counts, Counts, Counts, Counts];
  const callers = new Map<string, Map<string, number>>();
  let [samples, idle] = [0, 0];
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const parents = new Map(
      profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node])),
    );
    let at = profile.startTime;
    profile.samples.forEach((id, i) => {
      at += profile.timeDeltas[i] ?? 0;
      const node = nodes.get(id);
      if (!node || (window && (at < window.fromUs || at > window.toUs))) return;
      samples += 1;
      if (node.callFrame.functionName === '(idle)') return void (idle += 1);
      const key = functionKey(node.callFrame);
      count(self, key);
      count(modules, moduleOf(node.callFrame));
      const parent = parents.get(id);
      const byCaller = callers.get(key) ?? new Map<string, number>();
      callers.set(key, count(byCaller, parent ? functionKey(parent.callFrame) : '(root)'));
      const own = new Set<string>();
      let layer: string | undefined;
      for (let up: typeof node | undefined = node; up; up = parents.get(up.id)) {
        if (up.callFrame.url.includes('/dist/')) own.add(functionKey(up.callFrame));
        const module = moduleOf(up.callFrame);
        layer ??= module.startsWith('node:') || module.startsWith('(') ? undefined : module;
      }
      own.forEach((name) => count(inclusive, name));
      count(layers, layer ?? moduleOf(node.callFrame));
    });
  }
  const busy = samples - idle;
  const mainCaller = (name: string) => {
    const [caller, hits] = [...(callers.get(name) ?? [])].sort((a, b) => b[1] - a[1])[0] ?? [];
    return caller ? `  ← ${caller} (${pct(hits ?? 0, self.get(name) ?? 0).trim()})` : '';
  };
  return [
    `samples in the load window: ${samples} (${pct(busy, samples).trim()} busy, ${pct(idle, samples).trim()} idle); shares below are of busy samples`,
    '',
    'top 25 functions by self time (← main caller, its share of those samples):',
    ...top(self, 25, busy, mainCaller),
    '',
    'self time by module:',
    ...top(modules, 20, busy),
    '',
    "self time by layer (Node's and V8's own time charged to the package or dist/ file calling it):",
    ...top(layers, 20, busy),
    '',
    "inclusive time of the project's own functions (dist/):",
    ...top(inclusive, 25, busy),
  ];
}

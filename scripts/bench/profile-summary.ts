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

/** `pino/lib/proto.js`, `dist/http/http-kit.js`, `scripts/bench/crypto-only.ts`, `node:…`. */
const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, '')
    .replace(/.*\/dist\//, 'dist/')
    .replace(/.*\/scripts\//, 'scripts/');
/** Name and file; anonymous functions told apart by their line. */
export const functionKey = ({ functionName, url, lineNumber }: Frame) => {
  const where = shortUrl(url) + (url && !functionName ? `:${lineNumber + 1}` : '');
  return `${functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
};
/** A package, a dist/ or scripts/ file, a node: module, or V8 itself. */
const moduleOf = (frame: Frame) => {
  const short = shortUrl(frame.url);
  if (!short) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (/^(dist|scripts|node:)/.test(short)) return short.replace('internal/', '');
  return short
    .split('/')
    .slice(0, short.startsWith('@') ? 2 : 1)
    .join('/');
};
const count = (counts: Map<string, number>, key: string) =>
  counts.set(key, (counts.get(key) ?? 0) + 1);

/** Busy samples (idle left out) by function (self), module, layer and own function (inclusive). */
export interface ProfileCounts {
  samples: number;
  busy: number;
  self: Map<string, number>;
  modules: Map<string, number>;
  layers: Map<string, number>;
  inclusive: Map<string, number>;
}

/**
 * Where a server's CPU went, from its .cpuprofile files, counting only samples inside the window
 * (µs): self time by function, by module, by layer (Node's and V8's own time charged to the
 * nearest package, dist/ or scripts/ file calling it), and the inclusive time of the project's
 * own functions.
 */
export function readProfiles(
  files: string[],
  window?: { fromUs: number; toUs: number },
): ProfileCounts {
  const counts: ProfileCounts = {
    samples: 0,
    busy: 0,
    self: new Map(),
    modules: new Map(),
    layers: new Map(),
    inclusive: new Map(),
  };
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
      counts.samples += 1;
      if (node.callFrame.functionName === '(idle)') return;
      counts.busy += 1;
      count(counts.self, functionKey(node.callFrame));
      count(counts.modules, moduleOf(node.callFrame));
      const own = new Set<string>();
      let layer: string | undefined;
      for (let up: typeof node | undefined = node; up; up = parents.get(up.id)) {
        if (up.callFrame.url.includes('/dist/')) own.add(functionKey(up.callFrame));
        const module = moduleOf(up.callFrame);
        layer ??= module.startsWith('node:') || module.startsWith('(') ? undefined : module;
      }
      own.forEach((name) => count(counts.inclusive, name));
      count(counts.layers, layer ?? moduleOf(node.callFrame));
    });
  }
  return counts;
}

/** A profiled server under load: its busy samples and the CPU it used a request (/proc, µs). */
export interface ProfiledRun {
  counts: ProfileCounts;
  /** All threads. */
  cpuPerRequestUs: number;
  /** The main thread alone, where every sample is taken. */
  mainPerRequestUs: number;
}

const OTHER_THREADS = '(other threads: GC helpers, libuv pool; /proc)';
const µs = (value: number) => value.toFixed(1).padStart(7);
const added = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)}`.padStart(7);

/**
 * The server beside the bare node:http server under the same load, in µs of CPU a request: each
 * function's or module's share of the main thread's busy samples times the main thread's CPU a
 * request (other threads are a row of their own), so that what the server adds is read directly
 * (a share of a larger whole would hide it).
 */
export function differentialLines(ours: ProfiledRun, bare: ProfiledRun, rows = 25): string[] {
  const perRequest = (run: ProfiledRun, map: keyof ProfileCounts, key: string) => {
    if (key === OTHER_THREADS) return run.cpuPerRequestUs - run.mainPerRequestUs;
    const hits = (run.counts[map] as Map<string, number>).get(key) ?? 0;
    return (hits / Math.max(1, run.counts.busy)) * run.mainPerRequestUs;
  };
  const table = (map: 'self' | 'modules' | 'layers', n: number) => {
    const keys = new Set([...ours.counts[map].keys(), ...bare.counts[map].keys()]);
    if (map !== 'self') keys.add(OTHER_THREADS);
    return [...keys]
      .map((key) => [key, perRequest(ours, map, key), perRequest(bare, map, key)] as const)
      .sort((a, b) => b[1] - b[2] - (a[1] - a[2]))
      .slice(0, n)
      .map(([key, o, b]) => `${µs(o)} ${µs(b)} ${added(o - b)}  ${key}`);
  };
  const heading = `${'server'.padStart(7)} ${'bare'.padStart(7)} ${'added'.padStart(7)}`;
  const busy = (run: ProfiledRun) => `${run.counts.busy} busy of ${run.counts.samples} samples`;
  const cpu = (run: ProfiledRun) =>
    `${µs(run.cpuPerRequestUs).trim()} µs (main thread ${µs(run.mainPerRequestUs).trim()})`;
  return [
    `CPU a request (/proc): server ${cpu(ours)}, bare node:http ${cpu(bare)}, ` +
      `added ${added(ours.cpuPerRequestUs - bare.cpuPerRequestUs).trim()} µs ` +
      `(profiles: server ${busy(ours)}, bare ${busy(bare)})`,
    "each row: its share of the main thread's busy samples × the main thread's CPU a request, in µs; sorted by what the server adds",
    '',
    `by module (self time):`,
    heading,
    ...table('modules', 20),
    '',
    "by layer (Node's and V8's own time charged to the package or file calling it):",
    heading,
    ...table('layers', 15),
    '',
    `top ${rows} functions by self time:`,
    heading,
    ...table('self', rows),
    '',
    "inclusive time of the server's own functions (dist/), µs a request:",
    ...[...ours.counts.inclusive]
      .sort((a, b) => b[1] - a[1])
      .slice(0, rows)
      .map(([key]) => `${µs(perRequest(ours, 'inclusive', key))}  ${key}`),
  ];
}

import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds on the monotonic clock, the one process.hrtime reads. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Only samples taken between these instants (µs, process.hrtime.bigint() / 1000) count. */
export interface Window {
  fromUs: number;
  toUs: number;
}

export interface Ranked {
  name: string;
  /** Of the busy samples. */
  share: number;
  /** The most frequent caller and its share of this entry's samples (self-time lists only). */
  caller?: { name: string; share: number };
}

export interface ProfileSummary {
  /** Samples in the window, and how many of them the server was idle (waiting for I/O). */
  samples: number;
  idle: number;
  /** Self time by function (name and file), most first. */
  functions: Ranked[];
  /** Self time by package or source file, most first: which layer costs what. */
  modules: Ranked[];
  /**
   * Self time by layer: as `modules`, but time in Node's internals and native code is charged to
   * the nearest caller in a package or dist/ file, so helmet's setHeader calls count as helmet,
   * the RSA decryption as dist/crypto/decrypt-request.js, pino's JSON.stringify as pino.
   */
  layers: Ranked[];
  /** Inclusive time (self plus callees) of the project's own functions, dist/: which step costs what. */
  ownInclusive: Ranked[];
}

/** The url as a reader finds it: `pino/lib/proto.js`, `dist/http/request-logger.js`, `node:…`. */
function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(/.*node_modules\//, '')
    .replace(/.*\/dist\//, 'dist/');
}

/** Function name + file; anonymous functions of one file are told apart by their line. */
function functionKey(frame: ProfileNode['callFrame']): string {
  const url = shortUrl(frame.url);
  const where = url && !frame.functionName ? `${url}:${frame.lineNumber + 1}` : url;
  return `${frame.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
}

/** A package (`express`, `@scope/name`), a dist/ file, a node: module, or V8 itself. */
function moduleOf(frame: ProfileNode['callFrame']): string {
  const short = shortUrl(frame.url);
  if (!short) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (short.startsWith('dist/')) return short;
  if (short.startsWith('node:')) return short.replace(/^node:internal\//, 'node:');
  const parts = short.split('/');
  return (short.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** A package or a dist/ file: code someone chose, as opposed to Node's or V8's own. */
const isLayer = (module: string) => !module.startsWith('node:') && !module.startsWith('(');

const add = (counts: Map<string, number>, key: string) =>
  counts.set(key, (counts.get(key) ?? 0) + 1);

function ranked(counts: Map<string, number>, total: number): Ranked[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([name, hits]) => ({ name, share: total ? hits / total : 0 }));
}

/**
 * Where a server's CPU went, from V8 .cpuprofile files (one per process; a cluster writes several):
 * self time aggregated by function name + url (with its main caller), by module, and the inclusive
 * time of the project's own functions. Idle samples are counted apart.
 */
export function summariseProfiles(files: string[], window?: Window): ProfileSummary {
  const self = new Map<string, number>();
  const callers = new Map<string, Map<string, number>>();
  const modules = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const layers = new Map<string, number>();
  let samples = 0;
  let idle = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const parents = new Map<number, ProfileNode>();
    for (const node of profile.nodes) {
      for (const child of node.children ?? []) parents.set(child, node);
    }
    let at = profile.startTime;
    profile.samples.forEach((id, i) => {
      at += profile.timeDeltas[i] ?? 0;
      if (window && (at < window.fromUs || at > window.toUs)) return;
      const node = nodes.get(id);
      if (!node) return;
      samples += 1;
      if (node.callFrame.functionName === '(idle)') {
        idle += 1;
        return;
      }
      const key = functionKey(node.callFrame);
      add(self, key);
      add(modules, moduleOf(node.callFrame));
      const parent = parents.get(id);
      const byCaller = callers.get(key) ?? new Map<string, number>();
      add(byCaller, parent ? functionKey(parent.callFrame) : '(root)');
      callers.set(key, byCaller);
      // Each own function on the stack once, however deep the recursion.
      const onStack = new Set<string>();
      let layer: string | undefined;
      for (let at: ProfileNode | undefined = node; at; at = parents.get(at.id)) {
        if (at.callFrame.url.includes('/dist/')) onStack.add(functionKey(at.callFrame));
        const module = moduleOf(at.callFrame);
        if (layer === undefined && isLayer(module)) layer = module;
      }
      for (const own of onStack) add(inclusive, own);
      add(layers, layer ?? moduleOf(node.callFrame));
    });
  }
  const busy = samples - idle;
  return {
    samples,
    idle,
    functions: ranked(self, busy).map((entry) => {
      const byCaller = callers.get(entry.name);
      const top = byCaller && ranked(byCaller, self.get(entry.name) ?? 0)[0];
      return top ? { ...entry, caller: top } : entry;
    }),
    modules: ranked(modules, busy),
    layers: ranked(layers, busy),
    ownInclusive: ranked(inclusive, busy),
  };
}

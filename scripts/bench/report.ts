import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import type { LoadResult } from './drive-wrk';
import type { ProfileSummary } from './top-functions';

export interface KindFigures {
  load: LoadResult;
  unloaded: LoadResult;
}

export interface Figures {
  cryptoLimit: number;
  connections: number;
  ping: KindFigures;
  exchange: KindFigures;
  /** Bare node:http doing only the crypto of a ping, same bodies, same pinning. */
  bare: LoadResult;
  rssMb: number;
}

const fixed = (n: number, digits = 0) => n.toFixed(digits);
const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

export const errorsOf = (kind: KindFigures) => kind.load.errors + kind.unloaded.errors;

/** The summary table, in markdown, as the README and a PR description want it. */
export function figuresTable(f: Figures): string {
  const both = (cell: (kind: KindFigures) => string) => [cell(f.ping), cell(f.exchange)];
  return [
    row(['measure', 'ping', 'data_exchange']),
    row(['---', '---', '---']),
    row([
      'crypto limit (ops/s, 1 core; mean of before and after)',
      fixed(f.cryptoLimit),
      fixed(f.cryptoLimit),
    ]),
    row([`throughput at ${f.connections} conns (req/s)`, ...both((k) => fixed(k.load.perSecond))]),
    row(['ratio to crypto limit', ...both((k) => fixed(k.load.perSecond / f.cryptoLimit, 2))]),
    row([
      `bare node:http + crypto only, ping (req/s; ratio)`,
      `${fixed(f.bare.perSecond)}; ${fixed(f.bare.perSecond / f.cryptoLimit, 2)}`,
      '',
    ]),
    row(['server ÷ bare node:http', ...both((k) => fixed(k.load.perSecond / f.bare.perSecond, 2))]),
    row([
      `p50 / p99 at ${f.connections} conns (ms)`,
      ...both((k) => `${ms(k.load.p50)} / ${ms(k.load.p99)}`),
    ]),
    row([
      'unloaded p50 / p99 (ms)',
      ...both((k) => `${ms(k.unloaded.p50)} / ${ms(k.unloaded.p99)}`),
    ]),
    row(['errors', ...both((k) => String(errorsOf(k)))]),
    row(['server RSS at end (MB)', fixed(f.rssMb), '']),
  ].join('\n');
}

/** CPU model, cores, memory and Node: what the figures depend on. */
export function machineLine(): string {
  const model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1];
  return (
    `Machine: ${model ?? cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ` +
    `${fixed(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}, ${process.platform}.`
  );
}

/** One line per measured phase, with who used the CPU, so a generator limit or a noisy machine shows. */
export function phaseLine(
  label: string,
  r: LoadResult,
  cpu?: { server: number; others: number },
): string {
  const pct = (cores: number) => `${fixed(cores * 100)} %`;
  return (
    `${label}: ${fixed(r.perSecond)} req/s over ${fixed(r.seconds, 1)} s (${r.requests} requests); ` +
    `latency p50 ${ms(r.p50)} / p90 ${ms(r.p90)} / p99 ${ms(r.p99)} / max ${ms(r.max)} ms; ` +
    `errors ${r.errors}${r.errors ? ` ${JSON.stringify(r.statuses)}` : ''}; CPU (100 % = one core): ` +
    `${cpu ? `server ${pct(cpu.server)}, ` : ''}load generator ${pct(r.generatorCpu)}` +
    `${cpu ? `, other processes ${pct(cpu.others)}` : ''}`
  );
}

/** The CPU profile: top functions by self time (with their main caller), modules, own steps. */
export function profileLines(summary: ProfileSummary, top: number): string[] {
  const busy = summary.samples - summary.idle;
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)} %`;
  const share = (part: number) => fixed((100 * part) / Math.max(1, summary.samples));
  return [
    `samples in the load window: ${summary.samples} (${share(busy)} % busy, ${share(summary.idle)} % idle); ` +
      'shares below are of busy samples',
    '',
    `top ${top} functions by self time (name + file; ← main caller, its share of those samples):`,
    ...summary.functions
      .slice(0, top)
      .map(
        (f) =>
          `${pct(f.share)}  ${f.name}${f.caller ? `  ← ${f.caller.name} (${fixed(f.caller.share * 100)} %)` : ''}`,
      ),
    '',
    'self time by module (package, dist/ file, node: module, or V8 itself):',
    ...summary.modules.slice(0, 20).map((m) => `${pct(m.share)}  ${m.name}`),
    '',
    "self time by layer (Node's internals and native code charged to their nearest caller in a package or dist/ file):",
    ...summary.layers.slice(0, 20).map((m) => `${pct(m.share)}  ${m.name}`),
    '',
    "inclusive time (self + callees) of the project's own functions (dist/), top 25:",
    ...summary.ownInclusive.slice(0, 25).map((f) => `${pct(f.share)}  ${f.name}`),
  ];
}

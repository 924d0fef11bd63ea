export interface BenchOptions {
  quick: boolean;
  profile: boolean;
  /** Server processes (WEB_CONCURRENCY); above 1 the server is not pinned. */
  workers: number;
  /** Seconds of warm-up before each measured load, and of each measured load. */
  warmupSeconds: number;
  loadSeconds: number;
  /** Seconds of the crypto-limit measurement. */
  cryptoSeconds: number;
  /** Seconds of sequential requests on one connection, per kind, for the unloaded latency. */
  unloadedSeconds: number;
  profileSeconds: number;
  connections: number;
  /** Longest wait for the machine to go quiet before measuring. */
  quietWaitSeconds: number;
}

/** `--quick`, `--profile`, `--workers N` (or BENCH_WEB_CONCURRENCY); anything else is refused. */
export function parseOptions(args: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const known = new Set(['--quick', '--profile', '--workers']);
  const unknown = args.filter((arg, i) => !known.has(arg) && args[i - 1] !== '--workers');
  if (unknown.length > 0) {
    throw new Error(`unknown argument ${unknown.join(' ')}; use --quick, --profile, --workers N`);
  }
  const at = args.indexOf('--workers');
  const workersText = at >= 0 ? args[at + 1] : (env.BENCH_WEB_CONCURRENCY ?? '1');
  const workers = Number(workersText);
  if (!Number.isInteger(workers) || workers < 1) {
    throw new Error(`--workers wants a whole number of at least 1, not "${workersText}"`);
  }
  const quick = args.includes('--quick');
  return {
    quick,
    profile: args.includes('--profile'),
    workers,
    warmupSeconds: quick ? 1.5 : 3,
    loadSeconds: quick ? 5 : 15,
    cryptoSeconds: quick ? 1.5 : 3,
    unloadedSeconds: quick ? 2 : 5,
    profileSeconds: quick ? 5 : 15,
    connections: 32,
    quietWaitSeconds: quick ? 10 : 30,
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createConnection } from 'node:net';
import { delimiter, join } from 'node:path';
import { freePort } from '../../scripts/lib/free-port';

export interface RedisServer {
  url: string;
  port: number;
  /** SIGTERM, resolved once the process has exited. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would: resolved once the process has exited. */
  kill(): Promise<void>;
  /** Starts it again on the same port (stopping it first if it still runs). */
  restart(): Promise<void>;
  /** SIGSTOP: connections stay open but nothing answers, as with a hung server. */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
}

const START_TIMEOUT_MS = 10_000;

/**
 * A private redis-server on a free loopback port, so tests never depend on (or touch) a Redis the
 * machine happens to run: without persistence, or with `appendOnlyDir` as deploy/compose.yaml
 * runs it (each write synced to an append-only file in that folder before it is answered).
 */
export async function startRedisServer(
  options: { appendOnlyDir?: string } = {},
): Promise<RedisServer> {
  const binary = findRedisServer();
  const port = await freePort();
  const persistence =
    options.appendOnlyDir === undefined
      ? ['--appendonly', 'no']
      : ['--appendonly', 'yes', '--appendfsync', 'always', '--dir', options.appendOnlyDir];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence];
  let child: ChildProcess | undefined = await launch(binary, args, port);

  const terminate = async (signal: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    if (running) await exitOf(running, signal);
  };

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => terminate('SIGTERM'),
    kill: () => terminate('SIGKILL'),
    restart: async () => {
      await terminate('SIGTERM');
      child = await launch(binary, args, port);
    },
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
  };
}

function findRedisServer(): string {
  const candidates = [
    ...(process.env.PATH ?? '').split(delimiter).filter(Boolean),
    '/usr/bin',
    '/usr/sbin',
  ].map((dir) => join(dir, 'redis-server'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(
    'redis-server not found on PATH or in /usr/bin: the Redis store tests need it. ' +
      'Install it with: apt-get install redis-server',
  );
}

async function launch(binary: string, args: string[], port: number): Promise<ChildProcess> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // A test run that dies early must not leave the server behind.
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));

  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    if (await answersPing(port)) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on port ${port}:\n${output}`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

function exitOf(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
    // A paused server only acts on SIGTERM once it runs again.
    child.kill('SIGCONT');
  });
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { redisDurabilityRisk } from '../../src/store/redis-durability';

const COMPOSE = join(__dirname, '..', '..', 'deploy', 'compose.yaml');

/** The Redis service's command line in deploy/compose.yaml (a flow sequence of quoted words). */
function redisCommand(): string[] {
  const flow = /\[\s*'redis-server'[^\]]*\]/.exec(readFileSync(COMPOSE, 'utf8'))?.[0];
  if (flow === undefined) throw new Error('no redis-server command in deploy/compose.yaml');
  return z.array(z.string()).parse(JSON.parse(flow.replace(/'/g, '"')));
}

describe('Redis as deploy/compose.yaml runs it', () => {
  it('when a write is acknowledged, then it is on disk first: no setting the endpoint warns about', () => {
    const command = redisCommand();
    const flag = (name: string) => command[command.indexOf(`--${name}`) + 1] ?? '';
    expect(redisDurabilityRisk(flag('appendonly'), flag('appendfsync'))).toBeUndefined();
  });
});

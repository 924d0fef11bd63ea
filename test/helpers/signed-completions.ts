import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { TSX } from '../../scripts/lib/server-process';
import { signBody } from '../../src/device/sign-body';
import { cloudMessages, messageId, nfmReply } from './webhook-payloads';

const CLI = join(__dirname, '..', '..', 'src', 'cli', 'main.ts');

export interface SignedCompletion {
  /** WhatsApp's message id of the reply: what `flows completions` lists it by. */
  id: string;
  body: string;
  signature: string;
}

/** A Flow reply as Meta delivers it, signed with the app secret. */
export function signedCompletion(appSecret: string): SignedCompletion {
  const id = messageId();
  const body = JSON.stringify(cloudMessages([nfmReply({ id, response: { rating: '5' } })]));
  return { id, body, signature: signBody(body, appSecret) };
}

/** The message ids `flows completions --format json` exports from the store, in its order. */
export async function exportedCompletionIds(cwd: string, storeUrl: string): Promise<string[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-r', TSX, CLI, 'completions', '--format', 'json'],
    { cwd, env: { PATH: process.env.PATH ?? '', STORE_URL: storeUrl }, maxBuffer: 64 << 20 },
  );
  return z
    .array(z.object({ id: z.string() }))
    .parse(JSON.parse(stdout))
    .map(({ id }) => id);
}

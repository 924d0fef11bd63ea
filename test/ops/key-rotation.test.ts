import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { keyFingerprint } from '../../src/crypto/key-fingerprint';
import { createTestApp } from '../helpers/test-app';
import { businessPrivateKey, businessPublicKey } from '../helpers/test-keys';
import { sealRequest } from '../helpers/whatsapp-client';

const next = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PING = { version: '3.0', action: 'ping' };

describe('key rotation', () => {
  // The new key first, the one being retired after it.
  const rotating = () => createTestApp({ privateKeys: [next.privateKey, businessPrivateKey] });

  it('when traffic is sealed with either the new or the old key, then every request is served, none 421', async () => {
    const { client } = rotating();
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.sendSealed(sealRequest(PING, i % 2 === 0 ? next.publicKey : businessPublicKey)),
      ),
    );
    expect(replies.map((reply) => reply.status)).toEqual(Array(20).fill(200));
    expect(
      replies.every((reply) => (reply.json.data as { status: string }).status === 'active'),
    ).toBe(true);
  });

  it('when a request is sealed with a key that is neither, then it is a 421', async () => {
    const { client } = rotating();
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const reply = await client.sendSealed(sealRequest(PING, stranger.publicKey));
    expect(reply.status).toBe(421);
  });

  it('when requests are served, then the log and the metrics say which key opened each', async () => {
    const { app, client, logs } = rotating();
    await client.sendSealed(sealRequest(PING, businessPublicKey));
    await client.sendSealed(sealRequest(PING, businessPublicKey));
    await client.sendSealed(sealRequest(PING, next.publicKey));
    const old = keyFingerprint(businessPrivateKey);
    const fresh = keyFingerprint(next.privateKey);
    const text = (await request(app).get('/metrics')).text;
    expect(text).toContain(`flows_decryptions_total{key="${old}"} 2`);
    expect(text).toContain(`flows_decryptions_total{key="${fresh}"} 1`);
    const keys = logs
      .lines()
      .filter((line) => line.msg === 'request completed')
      .map((line) => line.key);
    expect(keys).toEqual([old, old, fresh]);
  });
});

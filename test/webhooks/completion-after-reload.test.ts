import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app/create-app';
import { defineFlow } from '../../src/flow-definition/define-flow';
import { createMemoryStore } from '../../src/store/memory-store';
import { captureLogs } from '../helpers/log-capture';
import { APP_SECRET, issueToken, TOKEN_SECRET } from '../helpers/test-app';
import { businessPrivateKey } from '../helpers/test-keys';
import { cloudMessages, deliver, nfmReply, waitFor } from '../helpers/webhook-deliveries';

const noAssets = mkdtempSync(path.join(tmpdir(), 'playground-empty-'));

/** One terminal screen whose Footer completes with a single answer named `answer`. */
const completingWith = (answer: string) => ({
  version: '7.2',
  screens: [
    {
      id: 'START',
      title: 'Rate us',
      terminal: true,
      layout: {
        type: 'SingleColumnLayout',
        children: [
          {
            type: 'Footer',
            label: 'Send',
            'on-click-action': { name: 'complete', payload: { [answer]: '5' } },
          },
        ],
      },
    },
  ],
});

describe('completions after flow.json is reloaded (development)', () => {
  it('when the saved flow.json completes with other answers, then onComplete is given them, checked against the new flow.json', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'completion-reload-')), 'flow.json');
    writeFileSync(file, JSON.stringify(completingWith('speed'), null, 2));
    const completed: Record<string, unknown>[] = [];
    const app = createApp({
      flows: [
        defineFlow({
          name: 'rater',
          flowJson: completingWith('speed'),
          onComplete: ({ params }) => {
            completed.push(params);
          },
        }),
      ],
      flowFiles: () => file,
      keys: { privateKeys: [businessPrivateKey], appSecrets: [APP_SECRET] },
      logger: captureLogs().logger,
      store: createMemoryStore(),
      tokens: { secret: TOKEN_SECRET, production: false },
      playground: { assetsDir: noAssets },
    });
    await request(app)
      .post('/playground/api/flows/rater/save')
      .set('x-playground', '1')
      .send({ text: JSON.stringify(completingWith('quality'), null, 2) })
      .expect(200);

    const reply = nfmReply({ response: { flow_token: issueToken('rater'), quality: '5' } });
    expect((await deliver(app, cloudMessages([reply]))).status).toBe(200);
    await waitFor(() => completed.length === 1);
    expect(completed).toEqual([{ quality: '5' }]);
  });
});

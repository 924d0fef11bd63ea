import { typeNameOf } from '../contract/generate-flow-types';

export const TEMPLATES = ['navigate', 'data-exchange', 'media'] as const;
export type Template = (typeof TEMPLATES)[number];

/** What `flows-endpoint new` writes for a flow: its flow.json, its handlers and a test. */
export interface FlowFiles {
  flowJson: Record<string, unknown>;
  index: string;
  test: string;
}

const layout = (children: unknown[]) => ({ type: 'SingleColumnLayout', children });

/** No endpoint: WhatsApp shows the screens, and the answer arrives through the webhook. */
function navigate(name: string, type: string): FlowFiles {
  return {
    flowJson: {
      version: '7.1',
      screens: [
        {
          id: 'QUESTION',
          title: 'Quick question',
          terminal: true,
          success: true,
          layout: layout([
            { type: 'TextBody', text: 'How did you hear about us?' },
            {
              type: 'RadioButtonsGroup',
              name: 'source',
              label: 'Choose one',
              required: true,
              'data-source': [
                { id: 'friend', title: 'A friend' },
                { id: 'web', title: 'The web' },
                { id: 'other', title: 'Something else' },
              ],
            },
            {
              type: 'Footer',
              label: 'Send',
              'on-click-action': { name: 'complete', payload: { source: '${form.source}' } },
            },
          ]),
        },
      ],
    },
    index: `import { defineFlow } from 'flows-endpoint';
import flowJson from './flow.json';
import type { ${type}Flow } from './flow-types.generated';

/** Opened with flow_action navigate: WhatsApp never calls the endpoint; the answer arrives by webhook. */
export default defineFlow<${type}Flow>()({
  name: '${name}',
  flowJson,
  onComplete({ params, log }) {
    // params is typed from flow.json's complete action. Answers are personal: never log them.
    log.info({ answered: params.source !== undefined }, 'answer received');
  },
});
`,
    test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestEndpoint } from 'flows-endpoint/testing';
import flow from '../flows/${name}';

test('when WhatsApp checks the endpoint, then it answers active', async () => {
  const endpoint = createTestEndpoint({ flows: flow });
  const reply = await endpoint.send({ version: '3.0', action: 'ping' });
  assert.equal(reply.status, 200);
  assert.deepEqual(reply.json, { data: { status: 'active' } });
});
`,
  };
}

/** A form whose answer the endpoint checks before the last screen. */
function dataExchange(name: string, type: string): FlowFiles {
  return {
    flowJson: {
      version: '7.1',
      data_api_version: '3.0',
      routing_model: { SIGN_UP: ['THANKS'], THANKS: [] },
      screens: [
        {
          id: 'SIGN_UP',
          title: 'Sign up',
          data: {},
          layout: layout([
            { type: 'TextInput', name: 'name', label: 'Name', required: true },
            {
              type: 'TextInput',
              name: 'email',
              label: 'Email',
              'input-type': 'email',
              required: true,
            },
            {
              type: 'Footer',
              label: 'Sign up',
              'on-click-action': {
                name: 'data_exchange',
                payload: { name: '${form.name}', email: '${form.email}' },
              },
            },
          ]),
        },
        {
          id: 'THANKS',
          title: 'Thank you',
          terminal: true,
          success: true,
          data: { name: { type: 'string', __example__: 'Ada' } },
          layout: layout([
            { type: 'TextHeading', text: '${data.name}' },
            { type: 'TextBody', text: 'We will be in touch.' },
            {
              type: 'Footer',
              label: 'Done',
              'on-click-action': { name: 'complete', payload: { name: '${data.name}' } },
            },
          ]),
        },
      ],
    },
    index: `import { defineFlow } from 'flows-endpoint';
import flowJson from './flow.json';
import type { ${type}Flow } from './flow-types.generated';

/** SIGN_UP → THANKS: the endpoint checks the email before thanking the user by name. */
export default defineFlow<${type}Flow>()({
  name: '${name}',
  flowJson,

  INIT: (ctx) => ctx.next('SIGN_UP', {}),

  screens: {
    SIGN_UP: {
      data_exchange(ctx) {
        const { name, email } = ctx.data;
        if (!/^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$/.test(email)) {
          return ctx.showError('Please enter a valid email address.');
        }
        // Personal data: keep it in your own store, never in the logs.
        ctx.log.info('signed up');
        return ctx.next('THANKS', { name: name.trim() });
      },
    },
  },
});
`,
    test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestEndpoint } from 'flows-endpoint/testing';
import flow from '../flows/${name}';

test('when the flow opens, then it shows SIGN_UP', async () => {
  const endpoint = createTestEndpoint({ flows: flow });
  const reply = await endpoint.init();
  assert.equal(reply.status, 200);
  assert.equal(reply.json.screen, 'SIGN_UP');
});

test('when the user signs up, then THANKS greets them by name', async () => {
  const endpoint = createTestEndpoint({ flows: flow });
  const reply = await endpoint.exchange('SIGN_UP', { name: 'Ada ', email: 'ada@example.com' });
  assert.deepEqual(reply.json, { screen: 'THANKS', data: { name: 'Ada' } });
});

test('when the email is not one, then the user stays on SIGN_UP with an error', async () => {
  const endpoint = createTestEndpoint({ flows: flow });
  const reply = await endpoint.exchange('SIGN_UP', { name: 'Ada', email: 'ada' });
  assert.equal(reply.json.screen, 'SIGN_UP');
  assert.match(String((reply.json.data as Record<string, unknown>).error_message), /email/);
});
`,
  };
}

/** A photo the endpoint downloads, checks and keeps. */
function media(name: string, type: string): FlowFiles {
  return {
    flowJson: {
      version: '7.1',
      data_api_version: '3.0',
      routing_model: { PHOTO: ['DONE'], DONE: [] },
      screens: [
        {
          id: 'PHOTO',
          title: 'Add a photo',
          data: {},
          layout: layout([
            {
              type: 'PhotoPicker',
              name: 'photo',
              label: 'Photo',
              'min-uploaded-photos': 1,
              'max-uploaded-photos': 1,
            },
            {
              type: 'Footer',
              label: 'Send',
              'on-click-action': { name: 'data_exchange', payload: { photo: '${form.photo}' } },
            },
          ]),
        },
        {
          id: 'DONE',
          title: 'Thank you',
          terminal: true,
          success: true,
          data: {},
          layout: layout([
            { type: 'TextBody', text: 'We have your photo.' },
            {
              type: 'Footer',
              label: 'Done',
              'on-click-action': { name: 'complete', payload: {} },
            },
          ]),
        },
      ],
    },
    index: `import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { defineFlow, MediaError, type FlowDeps } from 'flows-endpoint';
import flowJson from './flow.json';
import type { ${type}Flow } from './flow-types.generated';

/** PHOTO → DONE: the picked photo is downloaded, decrypted, checked and kept under MEDIA_DIR. */
export default ({ mediaDir }: FlowDeps) =>
  defineFlow<${type}Flow>()({
    name: '${name}',
    flowJson,

    INIT: (ctx) => ctx.next('PHOTO', {}),

    screens: {
      PHOTO: {
        async data_exchange(ctx) {
          const [photo] = ctx.data.photo ?? [];
          if (photo === undefined) return ctx.showError('Please add a photo.');
          const folder = join(mediaDir, '${name}');
          await mkdir(folder, { recursive: true });
          try {
            // WhatsApp waits 10 s for the answer.
            await ctx.media.save(photo, join(folder, \`\${Date.now()}.jpg\`), {
              signal: AbortSignal.timeout(9_000),
            });
          } catch (err) {
            if (!(err instanceof MediaError)) throw err;
            return ctx.showError('That photo could not be read. Please try another.');
          }
          return ctx.next('DONE', {});
        },
      },
    },
  });
`,
    test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestEndpoint } from 'flows-endpoint/testing';
import flow from '../flows/${name}';

test('when the flow opens, then it asks for a photo', async () => {
  const endpoint = createTestEndpoint({ flows: flow });
  const reply = await endpoint.init();
  assert.equal(reply.json.screen, 'PHOTO');
});

test('when no photo is sent, then the user stays on PHOTO with an error', async () => {
  const endpoint = createTestEndpoint({ flows: flow });
  const reply = await endpoint.exchange('PHOTO', { photo: [] });
  assert.equal(reply.json.screen, 'PHOTO');
});
`,
  };
}

const BUILDERS: Record<Template, (name: string, type: string) => FlowFiles> = {
  navigate,
  'data-exchange': dataExchange,
  media,
};

export function flowFiles(name: string, template: Template): FlowFiles {
  return BUILDERS[template](name, typeNameOf(name));
}

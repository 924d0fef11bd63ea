import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app/create-app';
import { defineFlow } from '../../src/flow-definition/define-flow';
import { createLoadedFlows } from '../../src/router/loaded-flows';
import { createMemoryStore } from '../../src/store/memory-store';
import { captureLogs } from '../helpers/log-capture';
import { APP_SECRET, TOKEN_SECRET } from '../helpers/test-app';
import { businessPrivateKey } from '../helpers/test-keys';
import { oneScreenFlow } from './one-screen-flow';

const noAssets = mkdtempSync(path.join(tmpdir(), 'playground-empty-'));
const text = (json: unknown) => `${JSON.stringify(json, null, 2)}\n`;
const original = oneScreenFlow('7.2', '3.0');

/** START declares `greeting` as a number: the handler's string answer no longer fits. */
const numbered = structuredClone(original);
numbered.screens[0]!.data = { greeting: { type: 'number', __example__: 1 } } as never;

/** A copy of the flow's folder, so that saving never touches the repository's flows. */
function flowFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'flow-json-editing-')), 'flow.json');
  writeFileSync(file, text(original));
  return file;
}

const flowOf = () =>
  defineFlow({
    name: 'greeter',
    flowJson: original,
    INIT: (ctx) => ctx.next('START', { greeting: 'Hello' }),
    screens: { START: { data_exchange: (ctx) => ctx.complete() } },
  });

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** The real app on a loopback port: the playground's exchanges reach the flow route over HTTP. */
async function serve(file: string | undefined, production = false) {
  const store = createMemoryStore();
  const app = createApp({
    flows: [flowOf()],
    ...(file !== undefined && { flowFiles: () => file }),
    keys: { privateKeys: [businessPrivateKey], appSecrets: [APP_SECRET] },
    logger: captureLogs().logger,
    store,
    tokens: { secret: TOKEN_SECRET, production },
    playground: { assetsDir: noAssets },
  });
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return request(server);
}

const api = '/playground/api/flows/greeter';
type Client = Awaited<ReturnType<typeof serve>>;

/** The page's editor sending its text: `check` as the person types, `save` on Ctrl/Cmd+S. */
const sendText = (client: Client, route: string, body: string, status: number) =>
  client.post(`${api}/${route}`).set('x-playground', '1').send({ text: body }).expect(status);

/** INIT as the device sends it, through the playground, to POST /flows/greeter. */
async function init(client: Client) {
  const session = await client.post(`${api}/session`).set('x-playground', '1').send({}).expect(200);
  const { flowToken } = session.body as { flowToken: string };
  const res = await client
    .post(`${api}/exchange`)
    .set('x-playground', '1')
    .send({ flowToken, action: 'INIT' })
    .expect(200);
  return res.body as { status: number };
}

describe('the playground editing flow.json (development)', () => {
  it('when the text has a JSON mistake, then the check names it at its line and column', async () => {
    const client = await serve(flowFile());
    const broken = text(original).replace('"title": "Start",', '"title": "Start"');
    const res = await sendText(client, 'check', broken, 200);
    const line = broken.split('\n').findIndex((l) => l.includes('"terminal"')) + 1;
    expect(res.body).toMatchObject({
      ok: false,
      problems: [{ severity: 'error', message: 'not valid JSON: comma expected', line }],
    });
  });

  it('when the text breaks a validator rule, then the problem comes at the line of its path', async () => {
    const client = await serve(flowFile());
    const wrong = text(original).replace('"type": "TextBody"', '"type": "TextBdy"');
    const res = await sendText(client, 'check', wrong, 200);
    const body = res.body as { ok: boolean; problems: { line: number; message: string }[] };
    const line = wrong.split('\n').findIndex((l) => l.includes('TextBdy')) + 1;
    expect(body.ok).toBe(false);
    expect(body.problems.map((problem) => problem.line)).toContain(line - 1);
  });

  it('when an invalid text is saved, then it is refused with 422 and its problems, and nothing is written or served', async () => {
    const file = flowFile();
    const client = await serve(file);
    const before = (await client.get(api).expect(200)).body as { revision: string };
    const res = await sendText(client, 'save', '{ "version": "7.2", "screens": [] ', 422);
    expect(res.body).toMatchObject({ error: 'invalid_flow_json', problems: [{ line: 1 }] });
    expect(readFileSync(file, 'utf8')).toBe(text(original));
    expect(((await client.get(api).expect(200)).body as { revision: string }).revision).toBe(
      before.revision,
    );
    expect((await init(client)).status).toBe(200);
  });

  it('when a text drops a screen whose handlers are registered, then it is refused and says so', async () => {
    const file = flowFile();
    const client = await serve(file);
    const res = await sendText(client, 'save', text(original).replaceAll('START', 'BEGIN'), 422);
    expect(res.body).toMatchObject({
      problems: [{ message: expect.stringContaining('handlers registered for screen "START"') }],
    });
    expect(readFileSync(file, 'utf8')).toBe(text(original));
  });

  it('when a new screen calls the endpoint without a handler, then the problem is at that screen', async () => {
    const client = await serve(flowFile());
    const start = original.screens[0]!;
    const more = {
      ...original,
      routing_model: { START: ['MORE'], MORE: [] },
      screens: [
        { ...start, terminal: undefined },
        { ...start, id: 'MORE' },
      ],
    };
    const res = await sendText(client, 'check', text(more), 200);
    const screenLine = text(more)
      .split('\n')
      .findIndex((line) => line.includes('"id": "MORE"'));
    expect(res.body).toMatchObject({ ok: false });
    expect((res.body as { problems: unknown[] }).problems).toContainEqual(
      expect.objectContaining({
        message: 'screen "MORE" has a data_exchange action but no data_exchange handler',
        // The screen's object starts on the line before its id.
        line: screenLine,
      }),
    );
  });

  it('when a valid text is saved, then the file holds it and the page and the flow route serve it together', async () => {
    const file = flowFile();
    const client = await serve(file);
    expect((await init(client)).status).toBe(200);
    const saved = await sendText(client, 'save', text(numbered), 200);
    expect(readFileSync(file, 'utf8')).toBe(text(numbered));
    const served = (await client.get(api).expect(200)).body as { text: string; revision: string };
    expect(served).toMatchObject({
      text: text(numbered),
      revision: (saved.body as { revision: string }).revision,
    });
    // The handler still answers a string, which the reloaded flow.json no longer declares.
    expect((await init(client)).status).toBe(500);
  });

  it('when the page asks for a flow, then it gets the message `flows send` would send and the business name', async () => {
    const client = await serve(flowFile());
    const res = await client.get(api).expect(200);
    expect(res.body).toMatchObject({
      editable: true,
      message: {
        business: 'greeter',
        interactive: {
          type: 'flow',
          body: { text: 'Tap the button below to continue.' },
          action: { parameters: { flow_cta: 'Open' } },
        },
        problems: [],
      },
    });
  });

  it('when the server runs in production, then the editing endpoints are not found and nothing is written', async () => {
    const file = flowFile();
    const client = await serve(file, true);
    for (const route of ['check', 'save']) {
      await sendText(client, route, text(numbered), 404);
    }
    expect(readFileSync(file, 'utf8')).toBe(text(original));
    expect((await client.get(api).expect(200)).body).toMatchObject({ editable: false });
  });

  it('when a flow has no flow.json file, then it cannot be edited', async () => {
    const client = await serve(undefined);
    await sendText(client, 'save', text(numbered), 404);
    expect((await client.get(api).expect(200)).body).toMatchObject({ editable: false });
  });

  it('when a request carries a path, then only the flow’s own flow.json is written', async () => {
    const file = flowFile();
    const client = await serve(file);
    await client
      .post(`${api}/save?file=../../etc/x.json`)
      .set('x-playground', '1')
      .send({ text: text(numbered), file: '/tmp/elsewhere.json', path: '../x' })
      .expect(200);
    expect(readFileSync(file, 'utf8')).toBe(text(numbered));
    await client
      .post('/playground/api/flows/..%2F..%2Fetc/save')
      .set('x-playground', '1')
      .send({ text: text(numbered) })
      .expect(404);
  });
});

describe('the loaded copy of each flow', () => {
  const waitFor = async (condition: () => boolean) => {
    const deadline = Date.now() + 10_000;
    while (!condition() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(condition()).toBe(true);
  };

  it('when a save passes, then the one map the flow route reads holds the new copy', () => {
    const file = flowFile();
    const flows = createLoadedFlows([flowOf()], {
      fileOf: () => file,
      logger: captureLogs().logger,
    });
    const route = flows.byName;
    const before = route.get('greeter');
    expect(flows.save('greeter', text(numbered)).ok).toBe(true);
    expect(route.get('greeter')).not.toBe(before);
    expect(route.get('greeter')?.text).toBe(text(numbered));
    flows.close();
  });

  it('when flow.json is edited on disk, then the copy is reloaded; when it turns invalid, the last good copy stays served', async () => {
    const file = flowFile();
    const { logger, text: logText } = captureLogs();
    const flows = createLoadedFlows([flowOf()], { fileOf: () => file, logger });
    try {
      writeFileSync(file, text(numbered));
      await waitFor(() => flows.byName.get('greeter')?.text === text(numbered));
      writeFileSync(file, '{ "screens": ');
      await waitFor(() => logText().includes('last good copy'));
      expect(flows.byName.get('greeter')?.text).toBe(text(numbered));
    } finally {
      flows.close();
    }
  });
});

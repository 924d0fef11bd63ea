import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Request, Router } from 'express';
import { z } from 'zod';
import { checkDeviceAnswer, type SentRequest } from '../device/check-answer';
import { sendSealed } from '../device/device-channel';
import { postToEndpoint } from '../device/post-to-endpoint';
import { flowTokenSignature, signsFlowToken } from '../device/flow-token-signature';
import { signBody } from '../device/sign-body';
import { EndpointError } from '../errors/endpoint-error';
import { locateProblems } from '../flow-json/locate-problems';
import type { LoadedFlow } from '../router/load-flow';
import type { LoadedFlows } from '../router/loaded-flows';
import { scopeStore, tenantPrefix } from '../store/scope-store';
import type { Store } from '../store/store';
import type { TenantDirectory } from '../tenants/tenant-directory';
import { DEFAULT_TENANT_ID, TENANT_ID, type TenantCredentials } from '../tenants/tenant';
import { tenantWebhookPath, WEBHOOK_PATH } from '../webhooks/create-webhook-router';
import { completionReply } from '../device/completion/completion-reply';
import { createStandInCdn } from '../device/media/stand-in-cdn';
import { checkPlaygroundToken } from './check-playground-token';
import { openSession } from './open-session';
import { flowListPage, flowPage } from './page-html';
import { describeExchange } from './describe-exchange';
import { flowJsonEditing } from './flow-json-editing';
import { messagePreview } from './message-preview';
import { parseBody } from './parse-body';
import { selfUrl } from './self-url';

/** Where `npm run build` writes the page's script and style, seen from src/ and from dist/ alike. */
const DEFAULT_ASSETS_DIR = path.resolve(__dirname, '../../dist/playground/assets');

/** The header the playground's page sends with every request that does something. */
const PLAYGROUND_HEADER = 'x-playground';

/** What the stand-in CDN keeps in memory: the newest files, read within seconds of their exchange. */
const STAND_IN_CDN_BYTES = 128 * 1024 * 1024;

/** WhatsApp's limit for one picked file. */
const MAX_PICKED_FILE_BYTES = 25 * 1024 * 1024;

/** What the server's configuration decides about the playground. */
export interface PlaygroundOptions {
  /** PLAYGROUND_TOKEN: every playground request must carry it when set. */
  token?: string;
  assetsDir?: string;
}

export interface PlaygroundDeps extends PlaygroundOptions {
  /** The copies the flow route serves: the page shows and drives exactly these. */
  flows: LoadedFlows;
  /** Development: the page edits the flows that have a flow.json file. Never in production. */
  editable: boolean;
  privateKey: KeyObject;
  /** Unset only in development, where the endpoint does not check signatures either. */
  appSecret: string | undefined;
  /** WEBHOOK_SECRET: the completion is sent with it when there is no app secret to sign with. */
  webhookSecret?: string | undefined;
  tokenSecret: string;
  store: Store;
  now?: () => Date;
  /** Partner mode: the page picks a tenant, and answers come from that tenant's URL and key. */
  tenants?: TenantDirectory;
}

/** The tenant the page picked: absent (or `default`) is the environment's business. */
const tenantField = z.string().regex(TENANT_ID, { error: 'must be a tenant id' }).optional();

const actionSchema = z.enum(['INIT', 'BACK', 'data_exchange']);
const exchangeSchema = z.object({
  tenant: tenantField,
  flowToken: z.string().min(1),
  action: actionSchema,
  screen: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
const notificationSchema = z.object({
  tenant: tenantField,
  flowToken: z.string().min(1),
  action: actionSchema,
  screen: z.string().optional(),
  error: z.string().min(1),
  errorMessage: z.string(),
});
/** A session of the default business may be asked for without a body. */
const sessionSchema = z.object({ tenant: tenantField }).default({});
const completionSchema = z.object({
  tenant: tenantField,
  messageId: z.string().min(1),
  response: z.record(z.string(), z.unknown()),
});

/**
 * /playground: a page per flow that renders it like the WhatsApp client, and the API it drives the
 * endpoint through. Sealing, signing and opening happen here, server-side: the app secret signs
 * every request, and neither it nor the private key may reach a browser.
 */
export function createPlaygroundRouter(deps: PlaygroundDeps): Router {
  const assetsDir = deps.assetsDir ?? DEFAULT_ASSETS_DIR;
  const cdn = createStandInCdn({ maxBytes: STAND_IN_CDN_BYTES });

  const router = Router();
  // The CDN answers handlers' ctx.media downloads, which carry no playground token: its URLs hold
  // 128 random bits, as WhatsApp's own CDN URLs are capabilities.
  router.use('/cdn', (req, res) =>
    cdn.handle(req, res, () => {
      throw new EndpointError(
        'not_found',
        'no such file (the stand-in CDN keeps recent files only)',
      );
    }),
  );
  if (deps.token !== undefined) router.use(checkPlaygroundToken(deps.token));
  router.use('/assets', express.static(assetsDir, { fallthrough: false, index: false }));
  // A page of another site can post a form here, but cannot add a header without this server's
  // CORS consent: requiring one keeps other sites from driving the endpoint through a browser.
  router.post('/api/*path', (req, res, next) => {
    if (req.get(PLAYGROUND_HEADER) === '1') next();
    else throw new EndpointError('bad_request', `${PLAYGROUND_HEADER}: 1 is required`);
  });
  router.post(
    '/api/media',
    express.raw({ type: () => true, limit: MAX_PICKED_FILE_BYTES }),
    (req, res) => {
      const name = typeof req.query.name === 'string' ? req.query.name.slice(0, 255) : 'file';
      const body: unknown = req.body;
      if (!Buffer.isBuffer(body)) {
        throw new EndpointError('bad_request', 'the file is missing');
        return;
      }
      const baseUrl = selfUrl(req, '/playground/cdn');
      res.json(cdn.upload({ fileName: name, bytes: body }, { baseUrl }));
    },
  );
  router.use('/api', express.json({ limit: '2mb' }));
  if (deps.editable) router.use(flowJsonEditing(deps.flows));
  router.use(flowPages(deps, assetsDir));
  router.use(deviceRoutes(deps));
  return router;
}

/** The copy served now, read afresh by every request. Thrown: the app's error handler writes the 404. */
function flowOf(flows: LoadedFlows, req: Request): LoadedFlow {
  const flow = flows.byName.get(String(req.params.flow));
  if (!flow) throw new EndpointError('not_found', 'no such flow');
  return flow;
}

/** The list of flows, a flow's page, and what the page loads: the flow and its revision. */
function flowPages(deps: PlaygroundDeps, assetsDir: string): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    const summaries = [...deps.flows.byName.values()].map(({ definition, contract, problems }) => ({
      name: definition.name,
      screens: contract?.screens.size ?? 0,
      problems: problems.length,
    }));
    res.type('html').send(flowListPage(summaries));
  });

  router.get('/api/flows/:flow', (req, res) => {
    const { definition, text, revision, problems } = flowOf(deps.flows, req);
    res.json({
      name: definition.name,
      flowJson: definition.flowJson ?? null,
      text,
      revision,
      problems: locateProblems(text, problems),
      signed: deps.appSecret !== undefined,
      editable: deps.editable && deps.flows.fileOf(definition.name) !== undefined,
      message: messagePreview(definition),
    });
  });

  // The picker: the environment's business, and every tenant that uses this flow.
  router.get('/api/flows/:flow/tenants', async (req, res) => {
    const { definition } = flowOf(deps.flows, req);
    const stored = deps.tenants ? await deps.tenants.list() : [];
    res.json({
      tenants: [
        { id: DEFAULT_TENANT_ID, name: 'This deployment (default)' },
        ...stored
          .filter((tenant) => tenant.flows.includes(definition.name))
          .map(({ id, name }) => ({ id, name })),
      ],
    });
  });

  router.get('/api/flows/:flow/revision', (req, res) => {
    res.json({ revision: flowOf(deps.flows, req).revision });
  });

  router.get('/:flow', (req, res) => {
    const flow = flowOf(deps.flows, req);
    res
      .type('html')
      .send(flowPage(flow.definition.name, existsSync(path.join(assetsDir, 'playground.js'))));
  });
  return router;
}

/** What the device does: open a session, exchange with the endpoint, and send the completion. */
function deviceRoutes(deps: PlaygroundDeps): Router {
  const now = deps.now ?? (() => new Date());
  const exchange = exchangeAsDevice(deps);
  const router = Router();

  router.post('/api/flows/:flow/session', async (req, res, next) => {
    const flow = flowOf(deps.flows, req).definition;
    const { tenant } = parseBody(sessionSchema, req);
    try {
      const credentials = await tenantUsing(deps, flow.name, tenant);
      const { flowToken, messageId } = await openSession(flow.name, {
        store: storeOf(deps, credentials),
        tokenSecret: deps.tokenSecret,
        now: now(),
        tenant: credentials?.tenant.id,
      });
      res.json({ flowToken, messageId });
    } catch (err) {
      next(err);
    }
  });

  router.post('/api/flows/:flow/exchange', async (req, res, next) => {
    const flow = flowOf(deps.flows, req);
    const body = parseBody(exchangeSchema, req);
    if (!body) return;
    const { tenant, flowToken, action, screen, data } = body;
    try {
      const sent = { action, flow_token: flowToken, ...(screen !== undefined && { screen }) };
      res.json(await exchange(req, flow, sent, data, tenant));
    } catch (err) {
      next(err);
    }
  });

  router.post('/api/flows/:flow/error-notification', async (req, res, next) => {
    const flow = flowOf(deps.flows, req);
    const body = parseBody(notificationSchema, req);
    if (!body) return;
    const { tenant, flowToken, action, screen, error, errorMessage } = body;
    try {
      const sent = {
        action,
        flow_token: flowToken,
        notification: true,
        ...(screen !== undefined && { screen }),
      };
      res.json(await exchange(req, flow, sent, { error, error_message: errorMessage }, tenant));
    } catch (err) {
      next(err);
    }
  });

  // The completion as WhatsApp delivers it: an nfm_reply posted to this server's webhook route.
  router.post('/api/flows/:flow/completion', async (req, res, next) => {
    const flow = flowOf(deps.flows, req).definition;
    const body = parseBody(completionSchema, req);
    if (!body) return;
    try {
      const credentials = await tenantUsing(deps, flow.name, body.tenant);
      res.json(await deliverCompletion(deps, req, body, credentials, now()));
    } catch (err) {
      next(err);
    }
  });
  return router;
}

/**
 * The picked tenant's credentials; undefined for the default business. A tenant that does not use
 * the flow is a 404, as its URL would be.
 */
async function tenantUsing(
  deps: PlaygroundDeps,
  flow: string,
  tenant: string | undefined,
): Promise<TenantCredentials | undefined> {
  if (tenant === undefined || tenant === DEFAULT_TENANT_ID) return undefined;
  const credentials = await deps.tenants?.credentials(tenant);
  if (!credentials?.tenant.flows.includes(flow)) {
    throw new EndpointError('not_found', `tenant ${tenant} does not use flow ${flow}`);
  }
  return credentials;
}

/** Where the tenant's records live: its view of the store, as its flow route and webhook see it. */
const storeOf = (deps: PlaygroundDeps, credentials: TenantCredentials | undefined): Store =>
  credentials ? scopeStore(deps.store, tenantPrefix(credentials.tenant.id)) : deps.store;

/**
 * Where the device sends a flow's requests, and with what: the default business's URL and key, or
 * a tenant's (`/t/<id>/flows/<name>`, its public key and app secret).
 */
async function deviceTarget(
  deps: PlaygroundDeps,
  flow: string,
  tenant: string | undefined,
): Promise<{ path: string; publicKey: KeyObject; appSecret: string | undefined }> {
  const path = `/flows/${encodeURIComponent(flow)}`;
  const credentials = await tenantUsing(deps, flow, tenant);
  if (!credentials) {
    return { path, publicKey: createPublicKey(deps.privateKey), appSecret: deps.appSecret };
  }
  const pem = await deps.tenants?.publicKey(credentials.tenant.id);
  if (!pem) throw new EndpointError('not_found', `tenant ${tenant} does not use flow ${flow}`);
  return {
    path: `/t/${credentials.tenant.id}${path}`,
    publicKey: createPublicKey(pem),
    appSecret: credentials.appSecrets[0] ?? deps.appSecret,
  };
}

/** Sends one request as the device does and judges the answer as the device would. */
function exchangeAsDevice(deps: PlaygroundDeps) {
  return async (
    req: Request,
    flow: LoadedFlow,
    sent: SentRequest & { flow_token: string },
    data: Record<string, unknown> | undefined,
    tenant?: string,
  ) => {
    const { definition, contract: flowContract } = flow;
    const {
      path: flowPath,
      publicKey,
      appSecret,
    } = await deviceTarget(deps, definition.name, tenant);
    const request: Record<string, unknown> = {
      version: '3.0',
      action: sent.action,
      flow_token: sent.flow_token,
      ...(sent.screen !== undefined && { screen: sent.screen }),
      ...(data !== undefined && { data }),
      ...(appSecret !== undefined &&
        signsFlowToken(definition.flowJson) && {
          flow_token_signature: flowTokenSignature(sent.flow_token, appSecret),
        }),
    };
    const target = {
      url: selfUrl(req, flowPath),
      publicKey,
      ...(appSecret !== undefined && { appSecret }),
    };
    const call = describeExchange(await sendSealed(target, request));
    const contract = sent.notification ? undefined : flowContract;
    const verdict =
      call.status === 200 && call.failure === undefined
        ? checkDeviceAnswer(contract, sent, call.answer)
        : undefined;
    return { request, ...call, ...(verdict && { verdict }) };
  };
}

/** Where a completion reaches this server, and how it is authenticated there. */
interface CompletionChannel {
  path: string;
  account: { wabaId?: string | undefined; phoneNumberId?: string | undefined };
  headers: (payload: string) => Record<string, string>;
}

/**
 * The route a completion of this business arrives at, as its sender delivers it: the default
 * business's on the shared route, naming no account (so it is the default's in partner mode too);
 * a tenant's at its channel's URL with its webhookSecret (360dialog), else on the shared route
 * naming its phone number and WABA (Cloud API), so the webhook files it under that tenant. A
 * tenant with neither has no route a completion could reach it by: a value saying so.
 */
function completionChannel(
  deps: PlaygroundDeps,
  credentials: TenantCredentials | undefined,
): CompletionChannel | { failure: string } {
  const shared = (payload: string): Record<string, string> =>
    deps.appSecret !== undefined
      ? { 'x-hub-signature-256': signBody(payload, deps.appSecret) }
      : deps.webhookSecret !== undefined
        ? { 'x-webhook-secret': deps.webhookSecret }
        : {};
  if (!credentials) return { path: WEBHOOK_PATH, account: {}, headers: shared };
  const { tenant, webhookSecret } = credentials;
  const account = { wabaId: tenant.wabaId, phoneNumberId: tenant.phoneNumberIds[0] };
  if (webhookSecret !== undefined) {
    return {
      path: tenantWebhookPath(tenant.id),
      account,
      headers: () => ({ 'x-webhook-secret': webhookSecret }),
    };
  }
  if (account.wabaId !== undefined || account.phoneNumberId !== undefined) {
    return { path: WEBHOOK_PATH, account, headers: shared };
  }
  return {
    failure: `tenant ${tenant.id} has no webhookSecret, phone number id or WABA id: no webhook route reaches it`,
  };
}

/** Posts the completion to this server's webhook route, authenticated as the sender would. */
async function deliverCompletion(
  deps: PlaygroundDeps,
  req: Request,
  body: z.infer<typeof completionSchema>,
  credentials: TenantCredentials | undefined,
  now: Date,
) {
  const channel = completionChannel(deps, credentials);
  const webhook = completionReply({
    messageId: body.messageId,
    response: body.response,
    now,
    origin: 'playground',
    ...('account' in channel && { account: channel.account }),
  }).body;
  if ('failure' in channel) {
    return { status: 0, ms: 0, webhook, answer: '', failure: channel.failure };
  }
  const payload = JSON.stringify(webhook);
  const delivery = await postToEndpoint(
    selfUrl(req, channel.path),
    payload,
    channel.headers(payload),
  );
  const failure =
    delivery.status === 404
      ? `this server has no webhook route (POST ${channel.path}) to receive it`
      : delivery.failure;
  return {
    status: delivery.status ?? 0,
    ms: delivery.ms,
    webhook,
    answer: delivery.text,
    ...(failure !== undefined && { failure }),
  };
}

import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { checkDeviceAnswer, type SentRequest } from '../device/check-answer';
import { sendSealed, type SealedExchange } from '../device/device-channel';
import { flowTokenSignature, signsFlowToken } from '../device/flow-token-signature';
import { signBody } from '../device/sign-body';
import { EndpointError } from '../errors/endpoint-error';
import { isRecord } from '../flow-json/is-record';
import { sendError } from '../http/send-error';
import type { FlowDefinition } from '../router/define-flow';
import type { Store } from '../store/store';
import { DEFAULT_TOKEN_TTL_SECONDS, issueFlowToken } from '../tokens/issue-flow-token';
import { recordSentMessage } from '../tokens/sent-message';
import { tokenKey } from '../tokens/token-key';
import { checkPlaygroundToken } from './check-playground-token';
import { completionReply, PLAYGROUND_WA_ID } from './completion-reply';
import { flowListPage, flowPage } from './page-html';
import { servedFlowJson } from './served-flow-json';
import { createStandInCdn } from './stand-in-cdn';

/** Where `npm run build` writes the page's script and style, seen from src/ and from dist/ alike. */
export const DEFAULT_ASSETS_DIR = path.resolve(__dirname, '../../dist/playground/assets');

/** The header the playground's page sends with every request that does something. */
export const PLAYGROUND_HEADER = 'x-playground';

/** WhatsApp's limit for one picked file. */
const MAX_PICKED_FILE_BYTES = 25 * 1024 * 1024;

/** What the server's configuration decides about the playground. */
export interface PlaygroundOptions {
  /** PLAYGROUND_TOKEN: every playground request must carry it when set. */
  token?: string;
  assetsDir?: string;
  /** Where a flow's flow.json lives on disk, so that editing it reloads the page. */
  flowJsonFile?: (flow: string) => string | undefined;
}

export interface PlaygroundDeps extends PlaygroundOptions {
  flows: readonly FlowDefinition[];
  privateKey: KeyObject;
  /** Unset only in development, where the endpoint does not check signatures either. */
  appSecret: string | undefined;
  /** WEBHOOK_SECRET: the completion is sent with it when there is no app secret to sign with. */
  webhookSecret?: string | undefined;
  tokenSecret: string;
  store: Store;
  now?: () => Date;
}

const actionSchema = z.enum(['INIT', 'BACK', 'data_exchange']);
const exchangeSchema = z.object({
  flowToken: z.string().min(1),
  action: actionSchema,
  screen: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
const notificationSchema = z.object({
  flowToken: z.string().min(1),
  action: actionSchema,
  screen: z.string().optional(),
  error: z.string().min(1),
  errorMessage: z.string(),
});
const completionSchema = z.object({
  messageId: z.string().min(1),
  response: z.record(z.string(), z.unknown()),
});

/** What the page shows of one request: status, time, the opened answer or why there is none. */
function describe(exchange: SealedExchange) {
  const failure =
    exchange.openError ??
    (exchange.failure && `${exchange.failure}${exchange.cause ? ` (${exchange.cause})` : ''}`);
  return {
    status: exchange.status ?? 0,
    ms: exchange.ms,
    answer: exchange.status === 200 ? exchange.answer : parseOrText(exchange.text),
    ...(failure !== undefined && { failure }),
  };
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** This very server, as the connection reached it: the playground's requests go over real HTTP. */
function selfUrl(req: Request, pathname: string): string {
  const address = req.socket.localAddress ?? '127.0.0.1';
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${req.socket.localPort}${pathname}`;
}

function parseBody<T>(schema: z.ZodType<T>, req: Request, res: Response): T | undefined {
  const parsed = schema.safeParse(req.body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  sendError(
    res,
    new EndpointError('bad_request', `${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`),
  );
  return undefined;
}

/**
 * /playground: a page per flow that renders it like the WhatsApp client, and the API it drives the
 * endpoint through. Sealing, signing and opening happen here, server-side: the app secret signs
 * every request, and neither it nor the private key may reach a browser.
 */
export function createPlaygroundRouter(deps: PlaygroundDeps): Router {
  const assetsDir = deps.assetsDir ?? DEFAULT_ASSETS_DIR;
  const publicKey = createPublicKey(deps.privateKey);
  const now = deps.now ?? (() => new Date());
  const byName = new Map(deps.flows.map((flow) => [flow.name, flow]));
  const served = (flow: FlowDefinition) => servedFlowJson(flow, deps.flowJsonFile?.(flow.name));

  const send = (req: Request, flow: FlowDefinition, request: Record<string, unknown>) =>
    sendSealed(
      {
        url: selfUrl(req, `/flows/${encodeURIComponent(flow.name)}`),
        publicKey,
        ...(deps.appSecret !== undefined && { appSecret: deps.appSecret }),
      },
      request,
    );

  const cdn = createStandInCdn();

  const router = Router();
  // The CDN answers handlers' ctx.media downloads, which carry no playground token: its URLs hold
  // 128 random bits, as WhatsApp's own CDN URLs are capabilities.
  router.get('/cdn/:id', (req, res) => {
    const file = cdn.get(String(req.params.id));
    if (!file) {
      sendError(
        res,
        new EndpointError('not_found', 'no such file (the stand-in CDN keeps recent files only)'),
      );
      return;
    }
    res.type('application/octet-stream').send(file);
  });
  if (deps.token !== undefined) router.use(checkPlaygroundToken(deps.token));
  router.use('/assets', express.static(assetsDir, { fallthrough: false, index: false }));
  // A page of another site can post a form here, but cannot add a header without this server's
  // CORS consent: requiring one keeps other sites from driving the endpoint through a browser.
  router.post('/api/*path', (req, res, next) => {
    if (req.get(PLAYGROUND_HEADER) === '1') next();
    else sendError(res, new EndpointError('bad_request', `${PLAYGROUND_HEADER}: 1 is required`));
  });
  router.post(
    '/api/media',
    express.raw({ type: () => true, limit: MAX_PICKED_FILE_BYTES }),
    (req, res) => {
      const name = typeof req.query.name === 'string' ? req.query.name.slice(0, 255) : 'file';
      const body: unknown = req.body;
      if (!Buffer.isBuffer(body)) {
        sendError(res, new EndpointError('bad_request', 'the file is missing'));
        return;
      }
      res.json(cdn.put(name, body, (id) => selfUrl(req, `/playground/cdn/${id}`)));
    },
  );
  router.use('/api', express.json({ limit: '2mb' }));

  const flowOf = (req: Request, res: Response): FlowDefinition | undefined => {
    const flow = byName.get(String(req.params.flow));
    if (!flow) sendError(res, new EndpointError('not_found', 'no such flow'));
    return flow;
  };

  router.get('/', (_req, res) => {
    const summaries = deps.flows.map((flow) => {
      const { json, problems } = served(flow);
      const screens = isRecord(json) && Array.isArray(json.screens) ? json.screens.length : 0;
      return { name: flow.name, screens, problems: problems.length };
    });
    res.type('html').send(flowListPage(summaries));
  });

  router.get('/api/flows/:flow', (req, res) => {
    const flow = flowOf(req, res);
    if (!flow) return;
    const { json, revision, problems } = served(flow);
    res.json({
      name: flow.name,
      flowJson: json ?? null,
      revision,
      problems,
      signed: deps.appSecret !== undefined,
    });
  });

  router.get('/api/flows/:flow/revision', (req, res) => {
    const flow = flowOf(req, res);
    if (flow) res.json({ revision: served(flow).revision });
  });

  // Opening a flow: a token issued for this session, and the record of a "sent" Flow message, so
  // that the completion's context.id leads back to it as a real reply's would.
  router.post('/api/flows/:flow/session', async (req, res, next) => {
    const flow = flowOf(req, res);
    if (!flow) return;
    try {
      const flowToken = issueFlowToken({
        flow: flow.name,
        secret: deps.tokenSecret,
        subject: PLAYGROUND_WA_ID,
        now: now(),
      });
      const messageId = `wamid.playground-${randomBytes(12).toString('hex')}`;
      await recordSentMessage(
        deps.store,
        messageId,
        {
          flow: flow.name,
          tokenKey: tokenKey(flowToken),
          subject: PLAYGROUND_WA_ID,
          sentAt: now().toISOString(),
        },
        DEFAULT_TOKEN_TTL_SECONDS,
      );
      res.json({ flowToken, messageId });
    } catch (err) {
      next(err);
    }
  });

  /** Sends one request as the device does and judges the answer as the device would. */
  const exchange = async (
    req: Request,
    flow: FlowDefinition,
    sent: SentRequest & { flow_token: string },
    data: Record<string, unknown> | undefined,
  ) => {
    const { json, contract: flowContract } = served(flow);
    const request: Record<string, unknown> = {
      version: '3.0',
      action: sent.action,
      flow_token: sent.flow_token,
      ...(sent.screen !== undefined && { screen: sent.screen }),
      ...(data !== undefined && { data }),
      ...(deps.appSecret !== undefined &&
        signsFlowToken(json) && {
          flow_token_signature: flowTokenSignature(sent.flow_token, deps.appSecret),
        }),
    };
    const call = describe(await send(req, flow, request));
    const contract = sent.notification ? undefined : flowContract;
    const verdict =
      call.status === 200 && call.failure === undefined
        ? checkDeviceAnswer(contract, sent, call.answer)
        : undefined;
    return { request, ...call, ...(verdict && { verdict }) };
  };

  router.post('/api/flows/:flow/exchange', async (req, res, next) => {
    const flow = flowOf(req, res);
    const body = flow && parseBody(exchangeSchema, req, res);
    if (!flow || !body) return;
    const { flowToken, action, screen, data } = body;
    try {
      const sent = { action, flow_token: flowToken, ...(screen !== undefined && { screen }) };
      res.json(await exchange(req, flow, sent, data));
    } catch (err) {
      next(err);
    }
  });

  router.post('/api/flows/:flow/error-notification', async (req, res, next) => {
    const flow = flowOf(req, res);
    const body = flow && parseBody(notificationSchema, req, res);
    if (!flow || !body) return;
    const { flowToken, action, screen, error, errorMessage } = body;
    try {
      const sent = {
        action,
        flow_token: flowToken,
        notification: true,
        ...(screen !== undefined && { screen }),
      };
      res.json(await exchange(req, flow, sent, { error, error_message: errorMessage }));
    } catch (err) {
      next(err);
    }
  });

  // The completion as WhatsApp delivers it: an nfm_reply posted to this server's webhook route.
  router.post('/api/flows/:flow/completion', async (req, res, next) => {
    const flow = flowOf(req, res);
    const body = flow && parseBody(completionSchema, req, res);
    if (!flow || !body) return;
    try {
      const webhook = completionReply({
        messageId: body.messageId,
        response: body.response,
        now: now(),
      });
      const payload = JSON.stringify(webhook);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (deps.appSecret !== undefined) {
        headers['x-hub-signature-256'] = signBody(payload, deps.appSecret);
      } else if (deps.webhookSecret !== undefined) {
        headers['x-webhook-secret'] = deps.webhookSecret;
      }
      const url = selfUrl(req, '/webhooks/whatsapp');
      const started = performance.now();
      const response = await fetch(url, { method: 'POST', headers, body: payload });
      const text = await response.text();
      res.json({
        status: response.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
        webhook,
        answer: text,
        ...(response.status === 404 && {
          failure: 'this server has no webhook route (POST /webhooks/whatsapp) to receive it',
        }),
      });
    } catch (err) {
      next(err);
    }
  });

  router.get('/:flow', (req, res) => {
    const flow = flowOf(req, res);
    if (flow) {
      res.type('html').send(flowPage(flow.name, existsSync(path.join(assetsDir, 'playground.js'))));
    }
  });

  return router;
}

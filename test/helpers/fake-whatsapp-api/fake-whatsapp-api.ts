import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import {
  postCompletion,
  type PostedCompletion,
} from '../../../src/device/completion/post-completion';
import { FakeHttpServer, type FakeAnswer, type FakeHandler, type FakeRequest } from './fake-http';

export type { FakeAnswer, FakeRequest } from './fake-http';

/** A Flow as the fake keeps it. */
export interface FakeFlow {
  id: string;
  name: string;
  status: 'DRAFT' | 'PUBLISHED' | 'DEPRECATED' | 'BLOCKED' | 'THROTTLED';
  categories: string[];
  endpoint_uri?: string;
  flowJson?: string;
  validation_errors: Record<string, unknown>[];
}

export type Provider = '360dialog' | 'cloud';

/** The ids and secrets the fake accepts (the secrets are test-only values). */
export const FAKE = {
  partnerApiKey: 'test-partner-key-0123456789',
  partnerId: 'examplePA',
  wabaAccountId: 'exampleWA',
  d360ApiKey: 'test-d360-key-0123456789',
  accessToken: 'test-graph-token-0123456789',
  wabaId: '104996178956754',
  phoneNumberId: '106540352242922',
  graphVersion: 'v23.0',
} as const;

/** Meta's Graph error body. */
export function graphError(
  status: number,
  code: number,
  message: string,
  extra: Record<string, unknown> = {},
): FakeAnswer {
  return {
    status,
    body: {
      error: { message, type: 'OAuthException', code, fbtrace_id: 'AbCdEf', ...extra },
    },
  };
}

/** 360dialog's Partner API error body (the `meta` object). */
export function partnerError(status: number, message: string, details: string[] = []): FakeAnswer {
  return {
    status,
    body: { meta: { success: false, http_code: status, developer_message: message, details } },
  };
}

/** 360dialog's Messaging API error body (`utils.ErrorResp`). */
export function messagingError(status: number, message: string): FakeAnswer {
  return { status, body: { error: message } };
}

const FLOW_MESSAGE = z.object({
  messaging_product: z.literal('whatsapp'),
  to: z.string().regex(/^\d{8,15}$/),
  type: z.literal('interactive'),
  interactive: z.object({
    type: z.literal('flow'),
    body: z.object({ text: z.string().min(1) }),
    action: z.object({
      name: z.literal('flow'),
      parameters: z
        .object({
          flow_message_version: z.literal('3'),
          flow_id: z.string().optional(),
          flow_name: z.string().optional(),
          flow_cta: z.string().min(1).max(30),
          flow_token: z.string().optional(),
          mode: z.enum(['draft', 'published']).optional(),
          flow_action: z.enum(['navigate', 'data_exchange']).optional(),
          flow_action_payload: z
            .object({
              screen: z.string().optional(),
              data: z.record(z.string(), z.unknown()).optional(),
            })
            .optional(),
        })
        .strict(),
    }),
  }),
});

const TEMPLATE_MESSAGE = z.object({
  messaging_product: z.literal('whatsapp'),
  to: z.string().regex(/^\d{8,15}$/),
  type: z.literal('template'),
  template: z.object({
    name: z.string(),
    language: z.object({ code: z.string() }),
    components: z.array(
      z.object({
        type: z.literal('button'),
        sub_type: z.literal('flow'),
        index: z.string(),
        parameters: z.array(
          z.object({
            type: z.literal('action'),
            action: z.object({
              flow_token: z.string().optional(),
              flow_action_data: z.record(z.string(), z.unknown()).optional(),
            }),
          }),
        ),
      }),
    ),
  }),
});

/** Where a sent message carries its flow token, and who it went to. */
const SENT_TOKEN = z.object({
  to: z.string(),
  interactive: z
    .object({
      action: z.object({ parameters: z.object({ flow_token: z.string().optional() }) }),
    })
    .optional(),
  template: z
    .object({
      components: z.array(
        z.object({
          parameters: z.array(
            z.object({ action: z.object({ flow_token: z.string().optional() }) }),
          ),
        }),
      ),
    })
    .optional(),
});

const TEMPLATE = z.object({
  name: z.string().regex(/^[a-z0-9_]+$/),
  language: z.string(),
  category: z.enum(['AUTHENTICATION', 'MARKETING', 'UTILITY']),
  components: z.array(z.record(z.string(), z.unknown())).min(1),
});

/**
 * A stand-in for both providers on one loopback port, following the documented contract:
 * 360dialog's Partner API under /hub and Messaging API under /waba, Meta's Graph API under /graph.
 * State is in memory; tests read and change it, and add routes (e.g. webhook registration).
 */
export class FakeWhatsAppApi {
  readonly http = new FakeHttpServer();
  /** Flows per account: the 360dialog WABA-account id or Meta's WABA id. */
  readonly accounts = new Map<string, Map<string, FakeFlow>>();
  /** Message bodies accepted, with the id each was given. */
  readonly messages: { id: string; body: Record<string, unknown>; provider: Provider }[] = [];
  readonly templates: Record<string, unknown>[] = [];
  /** What webhook registration set: 360dialog's `/v1/configs/webhook`, Meta's `subscribed_apps`. */
  webhook: { url: string; headers?: Record<string, string> } | undefined;
  subscribedApps = 0;
  publicKey: string | undefined;
  /**
   * More WABAs than the environment's, for partner mode: each channel key, token and phone number
   * or WABA id added here is accepted too (requests keep the headers each call carried).
   */
  readonly channelKeys = new Set<string>([FAKE.d360ApiKey]);
  /** A channel key's WABA account (the Partner API's), when it is not the default one. */
  readonly channelAccounts = new Map<string, string>();
  readonly accessTokens = new Set<string>([FAKE.accessToken]);
  readonly phoneNumberIds = new Set<string>([FAKE.phoneNumberId]);
  readonly wabaIds = new Set<string>([FAKE.wabaId]);
  /** The public key set last under each channel key or phone number id. */
  readonly publicKeys = new Map<string, string>();
  signatureStatus: 'VALID' | 'MISMATCH' = 'VALID';
  /** What an upload's flow.json gets back as validation errors (none by default). */
  validate: (flowJson: string) => Record<string, unknown>[] = () => [];
  private nextId = 1000000000000 + Math.floor(Math.random() * 1000);

  /** On a free loopback port unless one is given. */
  static async start(port = 0): Promise<FakeWhatsAppApi> {
    const fake = new FakeWhatsAppApi();
    fake.addRoutes();
    await fake.http.listen(port);
    return fake;
  }

  get url(): string {
    return this.http.baseUrl;
  }

  get requests(): FakeRequest[] {
    return this.http.requests;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** The environment a command needs to talk to this fake as `provider`. */
  env(provider: Provider): Record<string, string> {
    return provider === 'cloud'
      ? {
          WHATSAPP_PROVIDER: 'cloud',
          GRAPH_API_URL: `${this.url}/graph`,
          GRAPH_API_VERSION: FAKE.graphVersion,
          WHATSAPP_ACCESS_TOKEN: FAKE.accessToken,
          WABA_ID: FAKE.wabaId,
          PHONE_NUMBER_ID: FAKE.phoneNumberId,
        }
      : {
          WHATSAPP_PROVIDER: '360dialog',
          D360_HUB_URL: `${this.url}/hub`,
          D360_PARTNER_API_KEY: FAKE.partnerApiKey,
          D360_PARTNER_ID: FAKE.partnerId,
          D360_WABA_ACCOUNT_ID: FAKE.wabaAccountId,
          D360_API_URL: `${this.url}/waba`,
          D360_API_KEY: FAKE.d360ApiKey,
        };
  }

  /** Flows of the account `provider` works in. */
  flowsOf(
    provider: Provider,
    account: string = provider === 'cloud' ? FAKE.wabaId : FAKE.wabaAccountId,
  ) {
    let flows = this.accounts.get(account);
    if (!flows) {
      flows = new Map();
      this.accounts.set(account, flows);
    }
    return flows;
  }

  addFlow(
    provider: Provider,
    flow: Partial<FakeFlow> & { name: string },
    account?: string,
  ): FakeFlow {
    const created: FakeFlow = {
      id: String(this.nextId++),
      status: 'DRAFT',
      categories: ['OTHER'],
      validation_errors: [],
      ...flow,
    };
    this.flowsOf(provider, account).set(created.id, created);
    return created;
  }

  /** The next `times` requests matching answer `answer` instead (status 0: never answered). */
  failNext(method: string, pattern: RegExp, answer: FakeAnswer, times = 1): void {
    let left = times;
    this.http.route(method, pattern, (request) => {
      if (left <= 0) return this.dispatch(request);
      left -= 1;
      return answer;
    });
  }

  /** Adds or overrides a route (later ones win), e.g. for webhook registration or odd answers. */
  route(method: string, pattern: RegExp, handler: FakeHandler): void {
    this.http.route(method, pattern, handler);
  }

  /** Requests to paths matching `pattern`. */
  requestsTo(method: string, pattern: RegExp): FakeRequest[] {
    return this.requests.filter(
      (request) => request.method === method && pattern.test(request.path),
    );
  }

  private readonly table: { method: string; pattern: RegExp; handler: FakeHandler }[] = [];

  private dispatch(request: FakeRequest): Promise<FakeAnswer> | FakeAnswer {
    const route = this.table.find(
      (candidate) => candidate.method === request.method && candidate.pattern.test(request.path),
    );
    if (!route) return { status: 404, body: { error: 'not found' } };
    return route.handler(request, (route.pattern.exec(request.path) ?? []).slice(1));
  }

  private on(method: string, pattern: RegExp, handler: FakeHandler): void {
    this.table.push({ method, pattern, handler });
    this.http.route(method, pattern, handler);
  }

  private addRoutes(): void {
    const v = FAKE.graphVersion.replace('.', '\\.');
    const hub = `^/hub/api/v2/partners/${FAKE.partnerId}/waba_accounts/(\\w+)/flows`;

    // 360dialog Partner API: Flows.
    const partner =
      (handler: FakeHandler): FakeHandler =>
      (request, params) =>
        request.headers['x-api-key'] === FAKE.partnerApiKey
          ? handler(request, params)
          : partnerError(401, 'Unauthorized: invalid API key');
    this.on(
      'GET',
      new RegExp(`${hub}$`),
      partner((_r, [account]) => {
        const flows = [...this.flowsOf('360dialog', account).values()].map(flowOut);
        return { status: 200, body: { flows, count: flows.length, total: flows.length } };
      }),
    );
    this.on(
      'POST',
      new RegExp(`${hub}$`),
      partner((request, [account]) => this.create('360dialog', request, account, 201)),
    );
    this.on(
      'POST',
      new RegExp(`${hub}/migrate_flows$`),
      partner((request, [account]) => {
        const body = z
          .object({ source_waba_id: z.string(), source_flow_names: z.array(z.string()).optional() })
          .safeParse(request.body);
        if (!body.success) return partnerError(400, 'Wrong payload');
        return this.migrate(
          '360dialog',
          account ?? '',
          body.data.source_waba_id,
          body.data.source_flow_names,
        );
      }),
    );
    this.on(
      'GET',
      new RegExp(`${hub}/(\\d+)$`),
      partner((_r, [account, id]) =>
        this.withFlow('360dialog', account, id, (flow) => ({ status: 200, body: flowOut(flow) })),
      ),
    );
    this.on(
      'DELETE',
      new RegExp(`${hub}/(\\d+)$`),
      partner((_r, [account, id]) =>
        this.withFlow('360dialog', account, id, (flow) => this.remove('360dialog', account, flow)),
      ),
    );
    this.on(
      'POST',
      new RegExp(`${hub}/(\\d+)/assets$`),
      partner((request, [account, id]) =>
        this.withFlow('360dialog', account, id, (flow) => this.upload('360dialog', flow, request)),
      ),
    );
    this.on(
      'GET',
      new RegExp(`${hub}/(\\d+)/assets$`),
      partner((_r, [account, id]) =>
        this.withFlow('360dialog', account, id, (flow) => {
          const assets = assetsOf(flow);
          return { status: 200, body: { assets, count: assets.length, total: assets.length } };
        }),
      ),
    );
    this.on(
      'GET',
      new RegExp(`${hub}/(\\d+)/preview$`),
      partner((request, [account, id]) =>
        this.withFlow('360dialog', account, id, (flow) => ({
          status: 200,
          body: {
            id: flow.id,
            preview: previewOf(flow, request.query.get('invalidate') === 'true'),
          },
        })),
      ),
    );
    this.on(
      'POST',
      new RegExp(`${hub}/(\\d+)/(publish|deprecate)$`),
      partner((_r, [account, id, verb]) =>
        this.withFlow('360dialog', account, id, (flow) =>
          this.transition('360dialog', flow, verb ?? ''),
        ),
      ),
    );

    // 360dialog Messaging API: key, messages, templates, webhook.
    const messaging =
      (handler: FakeHandler): FakeHandler =>
      (request, params) =>
        this.channelKeys.has(String(request.headers['d360-api-key']))
          ? handler(request, params)
          : messagingError(401, 'Invalid api key');
    this.on(
      'GET',
      /^\/waba\/whatsapp_business_encryption$/,
      messaging(() => this.readKey()),
    );
    this.on(
      'POST',
      /^\/waba\/whatsapp_business_encryption$/,
      messaging((request) =>
        this.writeKey(request, '360dialog', String(request.headers['d360-api-key'])),
      ),
    );
    this.on(
      'POST',
      /^\/waba\/messages$/,
      messaging((request) => this.send('360dialog', request)),
    );
    this.on(
      'POST',
      /^\/waba\/v1\/configs\/templates$/,
      messaging((request) => this.createTemplate(request, '360dialog')),
    );

    this.on(
      'POST',
      /^\/waba\/v1\/configs\/webhook$/,
      messaging((request) => {
        const body = z
          .object({ url: z.url(), headers: z.record(z.string(), z.string()).optional() })
          .safeParse(request.body);
        if (!body.success) return messagingError(400, 'url is required');
        this.webhook = body.data;
        return { status: 200, body: body.data };
      }),
    );

    // Not a provider's: the customer's answer to a message sent through the fake.
    this.on('POST', /^\/fake\/messages\/([^/]+)\/reply$/, (request, [id]) =>
      this.reply(id ?? '', request),
    );

    // Meta's Cloud API (Graph).
    const graph =
      (handler: FakeHandler): FakeHandler =>
      (request, params) =>
        this.accessTokens.has(String(request.headers.authorization).replace(/^Bearer /, ''))
          ? handler(request, params)
          : graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    const g = `^/graph/${v}`;
    this.on(
      'GET',
      new RegExp(`${g}/(\\d+)/flows$`),
      graph((_r, [waba]) => ({
        status: 200,
        body: {
          data: [...this.flowsOf('cloud', waba).values()].map(flowOut),
          paging: { cursors: { before: 'QVFIU', after: 'QVFIU' } },
        },
      })),
    );
    this.on(
      'POST',
      new RegExp(`${g}/(\\d+)/flows$`),
      graph((request, [waba]) => this.create('cloud', request, waba, 200)),
    );
    this.on(
      'POST',
      new RegExp(`${g}/(\\d+)/migrate_flows$`),
      graph((request, [waba]) => {
        const source = request.query.get('source_waba_id');
        if (!source)
          return graphError(400, 100, '(#100) The parameter source_waba_id is required.');
        const names = request.query.get('source_flow_names');
        return this.migrate(
          'cloud',
          waba ?? '',
          source,
          names ? (JSON.parse(names) as string[]) : undefined,
        );
      }),
    );
    this.on(
      'GET',
      new RegExp(`${g}/(\\d+)/whatsapp_business_encryption$`),
      graph((_r, [phone]) =>
        this.phoneNumberIds.has(phone ?? '')
          ? this.readKey()
          : graphError(400, 100, 'Unsupported get request.'),
      ),
    );
    this.on(
      'POST',
      new RegExp(`${g}/(\\d+)/whatsapp_business_encryption$`),
      graph((request, [phone]) =>
        this.phoneNumberIds.has(phone ?? '')
          ? this.writeKey(request, 'cloud', phone ?? '')
          : graphError(400, 100, 'Unsupported post request.'),
      ),
    );
    this.on(
      'POST',
      new RegExp(`${g}/(\\d+)/messages$`),
      graph((request, [phone]) =>
        this.phoneNumberIds.has(phone ?? '')
          ? this.send('cloud', request)
          : graphError(400, 100, 'Unsupported post request.'),
      ),
    );
    this.on(
      'POST',
      new RegExp(`${g}/(\\d+)/message_templates$`),
      graph((request) => this.createTemplate(request, 'cloud')),
    );
    // Subscribing the app to the WABA's webhooks (the endpoint Meta's Flows guide links to).
    this.on(
      'POST',
      new RegExp(`${g}/(\\d+)/subscribed_apps$`),
      graph((_r, [waba]) => {
        if (!this.wabaIds.has(waba ?? '')) return graphError(400, 100, 'Unsupported post request.');
        this.subscribedApps += 1;
        return { status: 200, body: { success: true } };
      }),
    );
    this.on(
      'GET',
      new RegExp(`${g}/(\\d+)/assets$`),
      graph((_r, [id]) =>
        this.withFlow('cloud', undefined, id, (flow) => ({
          status: 200,
          body: { data: assetsOf(flow), paging: {} },
        })),
      ),
    );
    this.on(
      'POST',
      new RegExp(`${g}/(\\d+)/assets$`),
      graph((request, [id]) =>
        this.withFlow('cloud', undefined, id, (flow) => this.upload('cloud', flow, request)),
      ),
    );
    this.on(
      'POST',
      new RegExp(`${g}/(\\d+)/(publish|deprecate)$`),
      graph((_r, [id, verb]) =>
        this.withFlow('cloud', undefined, id, (flow) => this.transition('cloud', flow, verb ?? '')),
      ),
    );
    this.on(
      'GET',
      new RegExp(`${g}/(\\d+)$`),
      graph((request, [id]) =>
        this.withFlow('cloud', undefined, id, (flow) => {
          const fields = request.query.get('fields') ?? '';
          const preview = /preview\.invalidate\((true|false)\)/.exec(fields);
          if (preview)
            return {
              status: 200,
              body: { preview: previewOf(flow, preview[1] === 'true'), id: flow.id },
            };
          return { status: 200, body: flowOut(flow) };
        }),
      ),
    );
    this.on(
      'POST',
      new RegExp(`${g}/(\\d+)$`),
      graph((request, [id]) =>
        this.withFlow('cloud', undefined, id, (flow) => {
          const body = z
            .object({
              name: z.string().optional(),
              categories: z.array(z.string()).min(1).optional(),
              endpoint_uri: z.string().optional(),
            })
            .safeParse(request.body);
          if (!body.success) return graphError(400, 100, 'Invalid parameter');
          if (body.data.name) flow.name = body.data.name;
          if (body.data.categories) flow.categories = body.data.categories;
          if (body.data.endpoint_uri) flow.endpoint_uri = body.data.endpoint_uri;
          if (flow.status === 'PUBLISHED') flow.status = 'DRAFT';
          return { status: 200, body: { success: true } };
        }),
      ),
    );
    this.on(
      'DELETE',
      new RegExp(`${g}/(\\d+)$`),
      graph((_r, [id]) =>
        this.withFlow('cloud', undefined, id, (flow) => this.remove('cloud', undefined, flow)),
      ),
    );
  }

  private notFound(provider: Provider, id: string): FakeAnswer {
    return provider === 'cloud'
      ? graphError(400, 100, `Unsupported get request. Object with ID '${id}' does not exist`, {
          error_subcode: 33,
        })
      : partnerError(404, 'Not found');
  }

  private withFlow(
    provider: Provider,
    account: string | undefined,
    id: string | undefined,
    then: (flow: FakeFlow) => FakeAnswer,
  ): FakeAnswer {
    const flows =
      provider === 'cloud'
        ? [...this.accounts.values()].flatMap((map) => [...map.values()])
        : [...this.flowsOf(provider, account).values()];
    const flow = flows.find((candidate) => candidate.id === id);
    return flow ? then(flow) : this.notFound(provider, id ?? '');
  }

  private error(provider: Provider, status: number, code: number, message: string): FakeAnswer {
    return provider === 'cloud'
      ? graphError(status, code, message)
      : { status, body: { detail: { error: { message, type: 'OAuthException', code } } } };
  }

  private create(
    provider: Provider,
    request: FakeRequest,
    account: string | undefined,
    status: number,
  ): FakeAnswer {
    const body = z
      .object({
        name: z.string().min(1),
        categories: z.array(z.string()).min(1),
        endpoint_uri: z.string().optional(),
        clone_flow_id: z.string().optional(),
      })
      .safeParse(request.body);
    if (!body.success) {
      return provider === 'cloud'
        ? graphError(400, 100, `(#100) Invalid parameter: ${body.error.issues[0]?.path.join('.')}`)
        : partnerError(400, 'Wrong payload', [body.error.issues[0]?.message ?? '']);
    }
    const flows = this.flowsOf(provider, account);
    if ([...flows.values()].some((flow) => flow.name === body.data.name)) {
      return this.error(provider, 400, 100, 'Flow name is not unique');
    }
    const flow = this.addFlow(
      provider,
      {
        name: body.data.name,
        categories: body.data.categories,
        endpoint_uri: body.data.endpoint_uri,
      },
      account,
    );
    return {
      status,
      body:
        provider === 'cloud'
          ? { id: flow.id, success: true, validation_errors: [] }
          : { id: flow.id },
    };
  }

  private upload(provider: Provider, flow: FakeFlow, request: FakeRequest): FakeAnswer {
    const form = z
      .object({
        file: z.string(),
        name: z.literal('flow.json'),
        asset_type: z.literal('FLOW_JSON'),
      })
      .safeParse(request.body);
    if (!request.contentType.startsWith('multipart/form-data') || !form.success) {
      return this.error(
        provider,
        400,
        100,
        'Invalid parameter: file, name=flow.json and asset_type=FLOW_JSON are required',
      );
    }
    if (flow.status === 'DEPRECATED')
      return this.error(provider, 400, 139001, "Flow can't be updated");
    let errors: Record<string, unknown>[];
    try {
      JSON.parse(form.data.file);
      errors = this.validate(form.data.file);
    } catch {
      errors = [
        {
          error: 'INVALID_JSON',
          error_type: 'JSON_SCHEMA_ERROR',
          message: 'Invalid JSON',
          line_start: 1,
          line_end: 1,
          column_start: 1,
          column_end: 1,
        },
      ];
    }
    flow.flowJson = form.data.file;
    flow.validation_errors = errors;
    if (flow.status === 'PUBLISHED') flow.status = 'DRAFT';
    return { status: 200, body: { success: true, validation_errors: errors } };
  }

  private transition(provider: Provider, flow: FakeFlow, verb: string): FakeAnswer {
    if (verb === 'publish') {
      if (flow.flowJson === undefined || flow.validation_errors.length > 0) {
        return this.error(
          provider,
          400,
          139002,
          'Publishing Flow in invalid state: it has validation errors or no Flow JSON',
        );
      }
      if (flow.status !== 'DRAFT')
        return this.error(
          provider,
          400,
          139002,
          `Publishing Flow in invalid state: ${flow.status}`,
        );
      flow.status = 'PUBLISHED';
    } else {
      if (flow.status !== 'PUBLISHED')
        return this.error(provider, 400, 139003, "Can't deprecate a Flow that is not published");
      flow.status = 'DEPRECATED';
    }
    return { status: 200, body: { success: true } };
  }

  private remove(provider: Provider, account: string | undefined, flow: FakeFlow): FakeAnswer {
    if (flow.status !== 'DRAFT')
      return this.error(provider, 400, 139004, 'Only draft Flows can be deleted');
    for (const flows of provider === 'cloud'
      ? this.accounts.values()
      : [this.flowsOf(provider, account)])
      flows.delete(flow.id);
    return { status: 200, body: { success: true } };
  }

  private migrate(
    provider: Provider,
    destination: string,
    source: string,
    names: string[] | undefined,
  ): FakeAnswer {
    const from = this.accounts.get(source);
    if (!from) return this.error(provider, 403, 200, 'No permission to access the source WABA');
    const to = this.flowsOf(provider, destination);
    const migrated: Record<string, string>[] = [];
    const failed: Record<string, string>[] = [];
    for (const flow of from.values()) {
      if (names && !names.includes(flow.name)) continue;
      if ([...to.values()].some((existing) => existing.name === flow.name)) {
        failed.push({
          source_name: flow.name,
          error_code: '4233041',
          error_message: 'Flow with the same name already exists in the destination WABA',
        });
        continue;
      }
      const copy = this.addFlow(provider, { ...flow, id: String(this.nextId++) }, destination);
      migrated.push({ source_name: flow.name, source_id: flow.id, migrated_id: copy.id });
    }
    return { status: 200, body: { migrated_flows: migrated, failed_flows: failed } };
  }

  private readKey(): FakeAnswer {
    return {
      status: 200,
      body: {
        data:
          this.publicKey === undefined
            ? []
            : [
                {
                  business_public_key: this.publicKey,
                  business_public_key_signature_status: this.signatureStatus,
                },
              ],
      },
    };
  }

  private writeKey(request: FakeRequest, provider: Provider, where: string): FakeAnswer {
    const body = z
      .object({ business_public_key: z.string().includes('BEGIN PUBLIC KEY') })
      .safeParse(request.body);
    if (!body.success) {
      return provider === 'cloud'
        ? graphError(400, 100, '(#100) The parameter business_public_key is required')
        : messagingError(400, 'business_public_key is required');
    }
    this.publicKey = body.data.business_public_key;
    this.publicKeys.set(where, body.data.business_public_key);
    this.signatureStatus = 'VALID';
    return { status: 200, body: { success: true } };
  }

  private send(provider: Provider, request: FakeRequest): FakeAnswer {
    const flowMessage = FLOW_MESSAGE.safeParse(request.body);
    const templateMessage = TEMPLATE_MESSAGE.safeParse(request.body);
    if (!flowMessage.success && !templateMessage.success) {
      const issue = flowMessage.error.issues[0];
      return this.sendError(
        provider,
        131009,
        `Parameter value is not valid: ${issue?.path.join('.')} ${issue?.message}`,
      );
    }
    if (flowMessage.success) {
      const parameters = flowMessage.data.interactive.action.parameters;
      const account =
        provider === '360dialog'
          ? this.channelAccounts.get(String(request.headers['d360-api-key']))
          : undefined;
      const flows = [...this.flowsOf(provider, account).values()];
      const flow = flows.find((candidate) => candidate.id === parameters.flow_id);
      if (!flow) return this.sendError(provider, 131009, 'Parameter value is not valid: flow_id');
      if (flow.status === 'BLOCKED')
        return this.sendError(provider, 132068, 'Flow is in blocked state');
      if (flow.status !== 'PUBLISHED' && parameters.mode !== 'draft') {
        return this.sendError(provider, 131009, 'Flow is not published: send it with mode draft');
      }
      if (parameters.flow_action === 'data_exchange' && parameters.flow_action_payload) {
        return this.sendError(provider, 131009, 'flow_action_payload is only for navigate');
      }
    }
    const to = z.object({ to: z.string() }).parse(request.body).to;
    const id = `wamid.${randomBytes(12).toString('base64url')}`;
    this.messages.push({ id, body: request.body as Record<string, unknown>, provider });
    return {
      status: 200,
      body: {
        messaging_product: 'whatsapp',
        contacts: [{ input: to, wa_id: to }],
        messages: [{ id }],
      },
    };
  }

  /**
   * `POST /fake/messages/<wamid>/reply {"webhook": url, "params": {…}}`: the customer completes the
   * Flow that message sent, and WhatsApp delivers the nfm_reply to `webhook` with the message's own
   * flow token, signed with APP_SECRET (else sent with WEBHOOK_SECRET) from the environment.
   */
  async replyTo(
    messageId: string,
    webhook: string,
    params: Record<string, unknown>,
  ): Promise<PostedCompletion | undefined> {
    const message = this.messages.find((candidate) => candidate.id === messageId);
    if (!message) return undefined;
    const sent = SENT_TOKEN.safeParse(message.body);
    const token = sent.success
      ? (sent.data.interactive?.action.parameters.flow_token ??
        sent.data.template?.components[0]?.parameters[0]?.action.flow_token)
      : undefined;
    const first = (value: string | undefined) => value?.split(',')[0]?.trim() || undefined;
    const appSecret = first(process.env.APP_SECRET);
    const webhookSecret = first(process.env.WEBHOOK_SECRET);
    return postCompletion(
      {
        url: webhook,
        ...(appSecret !== undefined
          ? { appSecret }
          : webhookSecret !== undefined && { webhookSecret }),
      },
      { ...(token !== undefined && { flow_token: token }), ...params },
      { messageId, from: sent.success ? sent.data.to : undefined, origin: 'fake-whatsapp' },
    );
  }

  private async reply(messageId: string, request: FakeRequest): Promise<FakeAnswer> {
    const body = z
      .object({ webhook: z.url(), params: z.record(z.string(), z.unknown()).default({}) })
      .safeParse(request.body);
    if (!body.success) {
      return { status: 400, body: { error: 'give {"webhook": url, "params": {…}}' } };
    }
    const posted = await this.replyTo(messageId, body.data.webhook, body.data.params);
    if (!posted) return { status: 404, body: { error: `no message ${messageId} was sent` } };
    return {
      status: 200,
      body: {
        reply_id: posted.messageId,
        webhook_status: posted.status ?? 0,
        ...(posted.problem !== undefined && { problem: posted.problem }),
      },
    };
  }

  private sendError(provider: Provider, code: number, message: string): FakeAnswer {
    return provider === 'cloud'
      ? graphError(400, code, message)
      : { status: 400, body: { error: { message, type: 'OAuthException', code } } };
  }

  private createTemplate(request: FakeRequest, provider: Provider): FakeAnswer {
    const body = TEMPLATE.safeParse(request.body);
    if (!body.success) {
      return provider === 'cloud'
        ? graphError(400, 100, 'Invalid parameter')
        : messagingError(400, `invalid template: ${body.error.issues[0]?.path.join('.')}`);
    }
    this.templates.push(body.data);
    return {
      status: 200,
      body: { id: String(this.nextId++), status: 'PENDING', category: body.data.category },
    };
  }
}

function flowOut(flow: FakeFlow): Record<string, unknown> {
  return {
    id: flow.id,
    name: flow.name,
    status: flow.status,
    categories: flow.categories,
    validation_errors: flow.validation_errors,
    ...(flow.endpoint_uri && { endpoint_uri: flow.endpoint_uri }),
  };
}

function assetsOf(flow: FakeFlow): Record<string, unknown>[] {
  return flow.flowJson === undefined
    ? []
    : [
        {
          name: 'flow.json',
          asset_type: 'FLOW_JSON',
          download_url: `https://mmg.whatsapp.net/fake/${flow.id}/flow.json`,
        },
      ];
}

const previews = new Map<string, number>();
function previewOf(flow: FakeFlow, invalidate: boolean): Record<string, string> {
  const version = (previews.get(flow.id) ?? 1) + (invalidate ? 1 : 0);
  previews.set(flow.id, version);
  return {
    preview_url: `https://business.facebook.com/wa/manage/flows/${flow.id}/preview/?token=fake-${version}`,
    expires_at: '2030-01-01T00:00:00+0000',
  };
}

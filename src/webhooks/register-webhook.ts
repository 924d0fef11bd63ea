import { z } from 'zod';

/** The provider refused or could not be reached; the message says which and why. */
export class WebhookRegistrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookRegistrationError';
  }
}

const TIMEOUT_MS = 15_000;

/** The error bodies 360dialog and Meta are known to send: the older `meta`, `{error}`, Graph's. */
const errorBodySchema = z.union([
  z.object({
    meta: z.object({ developer_message: z.string().optional(), http_code: z.number().optional() }),
  }),
  z.object({ error: z.string() }),
  z.object({ error: z.object({ message: z.string(), code: z.number().optional() }) }),
  z.object({ detail: z.object({ error: z.object({ message: z.string() }) }) }),
]);

function reasonOf(body: unknown): string | undefined {
  const parsed = errorBodySchema.safeParse(body);
  if (!parsed.success) return undefined;
  const data = parsed.data;
  if ('meta' in data) return data.meta.developer_message;
  if ('detail' in data) return data.detail.error.message;
  return typeof data.error === 'string' ? data.error : data.error.message;
}

async function postJson(
  what: string,
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw new WebhookRegistrationError(
      `${what}: ${new URL(url).host} could not be reached (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    throw new WebhookRegistrationError(
      `${what}: HTTP ${res.status}${reasonOf(json) ? `: ${reasonOf(json)}` : ''}`,
    );
  }
  return json;
}

const d360AnswerSchema = z.object({ url: z.string() }).loose();

/** 360dialog: `POST /v1/configs/webhook` with the URL and the headers each delivery will carry. */
export async function set360dialogWebhook(options: {
  baseUrl: string;
  apiKey: string;
  url: string;
  headers: Record<string, string>;
}): Promise<{ url: string }> {
  const answer = await postJson(
    'setting the 360dialog webhook',
    `${options.baseUrl}/v1/configs/webhook`,
    { 'D360-API-KEY': options.apiKey },
    { url: options.url, headers: options.headers },
  );
  const parsed = d360AnswerSchema.safeParse(answer);
  if (!parsed.success)
    throw new WebhookRegistrationError('setting the 360dialog webhook: unexpected answer');
  return { url: parsed.data.url };
}

const successSchema = z.object({ success: z.literal(true) }).loose();

/** Cloud API: `POST /{WABA_ID}/subscribed_apps`, so the app's webhooks receive this WABA's events. */
export async function subscribeApp(options: {
  graphUrl: string;
  accessToken: string;
  wabaId: string;
}): Promise<void> {
  const answer = await postJson(
    'subscribing the app to the WABA',
    `${options.graphUrl}/${options.wabaId}/subscribed_apps`,
    { Authorization: `Bearer ${options.accessToken}` },
    {},
  );
  if (!successSchema.safeParse(answer).success) {
    throw new WebhookRegistrationError(
      'subscribing the app to the WABA: Meta did not answer success',
    );
  }
}

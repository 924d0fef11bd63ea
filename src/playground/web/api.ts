/** The playground's server API: the page never holds a key or a secret, the server does. */

/** A validator problem at its place in the flow.json text (1-based, as editors count). */
export interface LocatedProblem {
  path: string;
  message: string;
  severity: 'error' | 'warning';
  line: number;
  column: number;
}

export interface FlowInfo {
  name: string;
  flowJson: unknown;
  /** The served flow.json as written: what the editor holds. */
  text: string;
  revision: string;
  problems: LocatedProblem[];
  signed: boolean;
  /** Development, with the flow's flow.json on disk: the page may edit it. */
  editable: boolean;
  /** The chat before the flow opens: the business, and the message `flows send` sends. */
  message: { business: string; interactive: unknown; problems: string[] };
}

/** A save the server refused: nothing was written. */
export class SaveRefused extends Error {
  constructor(readonly problems: LocatedProblem[]) {
    super('flow.json has problems: nothing was written');
  }
}

export interface AnswerProblem {
  screen: string;
  field?: string;
  message: string;
}

export type Verdict =
  | { ok: true }
  | {
      ok: false;
      errorKey: 'invalid-screen-transition' | 'payload-schema-error';
      problems: AnswerProblem[];
    };

export interface Exchange {
  request: Record<string, unknown>;
  status: number;
  ms: number;
  answer: unknown;
  failure?: string;
  /** The device's checks of a 200 answer against flow.json (src/device/check-answer.ts). */
  verdict?: Verdict;
}

export interface Completion {
  status: number;
  ms: number;
  webhook: unknown;
  answer: string;
  failure?: string;
}

async function call<T>(url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json', 'x-playground': '1' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (!response.ok) {
    const text = await response.text();
    throw new Error(`${url}: ${response.status} ${text}`);
  }
  return (await response.json()) as T;
}

/** A business the page can answer as: `default` is this deployment's own. */
export interface TenantChoice {
  id: string;
  name: string;
}

/**
 * `tenant`: the one the page answers as; its id goes with every request to the endpoint, so that
 * its sessions carry its flow tokens and its completions reach its records.
 */
export function createApi(flow: string, tenant = 'default') {
  const base = `/playground/api/flows/${encodeURIComponent(flow)}`;
  const as = tenant === 'default' ? {} : { tenant };
  return {
    tenants: () => call<{ tenants: TenantChoice[] }>(`${base}/tenants`),
    flow: () => call<FlowInfo>(base),
    revision: () => call<{ revision: string }>(`${base}/revision`),
    session: () => call<{ flowToken: string; messageId: string }>(`${base}/session`, as),
    exchange: (body: { flowToken: string; action: string; screen?: string; data?: unknown }) =>
      call<Exchange>(`${base}/exchange`, { ...as, ...body }),
    notify: (body: {
      flowToken: string;
      action: string;
      screen?: string;
      error: string;
      errorMessage: string;
    }) => call<Exchange>(`${base}/error-notification`, { ...as, ...body }),
    complete: (body: { messageId: string; response: Record<string, unknown> }) =>
      call<Completion>(`${base}/completion`, { ...as, ...body }),
    check: (text: string) =>
      call<{ ok: boolean; problems: LocatedProblem[] }>(`${base}/check`, { text }),
    save: async (text: string) => {
      const response = await fetch(`${base}/save`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-playground': '1' },
        body: JSON.stringify({ text }),
        credentials: 'same-origin',
      });
      if (response.status === 422) {
        throw new SaveRefused(((await response.json()) as { problems: LocatedProblem[] }).problems);
      }
      if (!response.ok) throw new Error(`save failed: ${response.status} ${await response.text()}`);
      return (await response.json()) as { revision: string; problems: LocatedProblem[] };
    },
    upload: async (file: File) => {
      const response = await fetch(`/playground/api/media?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        headers: { 'content-type': file.type || 'application/octet-stream', 'x-playground': '1' },
        body: file,
        credentials: 'same-origin',
      });
      if (!response.ok)
        throw new Error(`upload failed: ${response.status} ${await response.text()}`);
      return (await response.json()) as unknown;
    },
  };
}

export type Api = ReturnType<typeof createApi>;

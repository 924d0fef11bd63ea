/** The playground's server API: the page never holds a key or a secret, the server does. */

export interface FlowInfo {
  name: string;
  flowJson: unknown;
  revision: string;
  problems: { path: string; message: string }[];
  signed: boolean;
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

export function createApi(flow: string) {
  const base = `/playground/api/flows/${encodeURIComponent(flow)}`;
  return {
    flow: () => call<FlowInfo>(base),
    revision: () => call<{ revision: string }>(`${base}/revision`),
    session: () => call<{ flowToken: string; messageId: string }>(`${base}/session`, {}),
    exchange: (body: { flowToken: string; action: string; screen?: string; data?: unknown }) =>
      call<Exchange>(`${base}/exchange`, body),
    notify: (body: {
      flowToken: string;
      action: string;
      screen?: string;
      error: string;
      errorMessage: string;
    }) => call<Exchange>(`${base}/error-notification`, body),
    complete: (body: { messageId: string; response: Record<string, unknown> }) =>
      call<Completion>(`${base}/completion`, body),
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

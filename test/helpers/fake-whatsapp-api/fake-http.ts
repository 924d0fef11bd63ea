import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the fake saw it, body decoded by its content type. */
export interface FakeRequest {
  method: string;
  /** Without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** JSON, form fields (urlencoded or multipart: files as their text), or undefined. */
  body: unknown;
  contentType: string;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type FakeHandler = (
  request: FakeRequest,
  params: string[],
) => FakeAnswer | Promise<FakeAnswer>;

interface Route {
  method: string;
  pattern: RegExp;
  handler: FakeHandler;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function decode(raw: Buffer, contentType: string): Promise<unknown> {
  if (raw.length === 0) return undefined;
  if (contentType.startsWith('application/json')) return JSON.parse(raw.toString('utf8'));
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  }
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Request('http://fake/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: raw,
    }).formData();
    const fields: Record<string, string> = {};
    for (const [name, value] of form.entries()) {
      fields[name] = typeof value === 'string' ? value : await value.text();
    }
    return fields;
  }
  return raw.toString('utf8');
}

/** A loopback HTTP server with a route table that tests (and other helpers) can add to. */
export class FakeHttpServer {
  readonly requests: FakeRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly server: Server;
  private url = '';

  constructor() {
    this.server = createServer((req, res) => {
      void this.handle(req, res);
    });
  }

  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', resolve);
    });
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  get baseUrl(): string {
    return this.url;
  }

  /** Later routes win, so a test can override one of the fake's own. */
  route(method: string, pattern: RegExp, handler: FakeHandler): void {
    this.routes.unshift({ method, pattern, handler });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const contentType = req.headers['content-type'] ?? '';
    let answer: FakeAnswer;
    try {
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: await decode(await readBody(req), contentType),
        contentType,
      };
      this.requests.push(request);
      const route = this.routes.find(
        (candidate) => candidate.method === request.method && candidate.pattern.test(request.path),
      );
      const params = route ? (route.pattern.exec(request.path) ?? []).slice(1) : [];
      answer = route
        ? await route.handler(request, params)
        : { status: 404, body: { error: `no route for ${request.method} ${request.path}` } };
    } catch (err) {
      answer = { status: 400, body: { error: `fake could not read the request: ${String(err)}` } };
    }
    if (answer.status === 0) return; // a hung call: never answered (the client must time out)
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  }
}

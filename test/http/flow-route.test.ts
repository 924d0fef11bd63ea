import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import request from 'supertest';
import { securityHeaders } from '../../src/http/security-headers';
import { APP_SECRET, createTestApp } from '../helpers/test-app';
import { metricValue } from '../helpers/metric-value';
import { sealRequest, sign } from '../helpers/whatsapp-client';

const PING = { version: '3.0', action: 'ping' };

/** Posts a signed, sealed ping to `path`, as WhatsApp would if the endpoint URL were written so. */
function postPing(app: ReturnType<typeof createTestApp>['app'], path: string) {
  const { body } = sealRequest(PING);
  return request(app)
    .post(path)
    .set('Content-Type', 'application/json')
    .set('X-Hub-Signature-256', sign(body, APP_SECRET))
    .send(body);
}

describe('the flow route (POST /flows/:flow, served without Express)', () => {
  const { app, logs } = createTestApp();

  it.each(['/flows/book-appointment/', '/flows/book-appointment?business=42'])(
    'when the endpoint URL is written as %s, then it reaches the flow',
    async (path) => {
      const res = await postPing(app, path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    },
  );

  it.each(['/flows/%E0%A4%A', '/flows/book%2Dappointment', '/flows/Book-Appointment'])(
    'when a name no flow can have (%s) is posted, then it is a 404, not a crash',
    async (path) => {
      const res = await postPing(app, path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: 'not_found', message: 'no such flow' });
    },
  );

  it.each(['/FLOWS/book-appointment', '/flows/book-appointment/extra', '/flows/'])(
    'when %s is posted, then it is no flow path and Express answers 404',
    async (path) => {
      const res = await postPing(app, path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: 'not_found', message: 'not found' });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    },
  );

  it('when a flow answers, then the answer carries helmet’s headers and the request id', async () => {
    const res = await postPing(app, '/flows/book-appointment').set('X-Request-Id', 'trace-7');
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'content-security-policy': expect.any(String),
      'strict-transport-security': expect.stringContaining('max-age='),
      'x-request-id': 'trace-7',
      'content-length': String(res.text.length),
    });
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('when a flow request is refused, then the JSON reason carries the same headers', async () => {
    const res = await request(app)
      .post('/flows/book-appointment')
      .set('Content-Type', 'text/xml')
      .send('<ping/>');
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
  });

  it('when a request ends, then one access line says flow, action, status and duration, and no data', async () => {
    const res = await postPing(app, '/flows/book-appointment').set('X-Request-Id', 'line-1');
    expect(res.status).toBe(200);
    const lines = logs.lines().filter((line) => line.reqId === 'line-1');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        req: { method: 'POST', url: '/flows/book-appointment', remoteAddress: expect.any(String) },
        flow: 'book-appointment',
        action: 'ping',
        res: { statusCode: 200 },
        responseTime: expect.any(Number),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('encrypted');
  });

  it('when unknown flow names are posted, then they get 404s and never become metric labels', async () => {
    const before = await metricValue(app, 'flows_requests_total', { flow: 'nope-1' });
    await postPing(app, '/flows/nope-1').expect(404);
    await postPing(app, '/flows/book-appointment').expect(200);
    expect(before).toBe(0);
    expect(await metricValue(app, 'flows_requests_total', { flow: 'nope-1' })).toBe(0);
    expect(
      await metricValue(app, 'flows_requests_total', { flow: 'book-appointment', action: 'ping' }),
    ).toBeGreaterThan(0);
  });
});

describe('the flow route routed through Express (the bench’s comparison)', () => {
  const { app, logs } = createTestApp({ flowRouting: 'express' });

  it('when a flow is posted, then it answers as the fast path does, headers and access line included', async () => {
    const res = await postPing(app, '/flows/book-appointment').set('X-Request-Id', 'routed-1');
    expect(res.status).toBe(200);
    expect(res.headers).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'x-request-id': 'routed-1',
    });
    expect(logs.lines().filter((line) => line.reqId === 'routed-1')).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        flow: 'book-appointment',
        action: 'ping',
      }),
    ]);
  });

  it('when an unknown flow is posted, then it is the same JSON 404', async () => {
    const res = await postPing(app, '/flows/nope');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'not_found', message: 'no such flow' });
  });
});

describe('securityHeaders', () => {
  it('when worked out once, then it is exactly what helmet sets on a response', async () => {
    const protect = helmet();
    const plain = (req: IncomingMessage, res: ServerResponse) => protect(req, res, () => res.end());
    const res = await request(plain).get('/');
    for (const [name, value] of securityHeaders()) expect(res.headers[name]).toBe(value);
    const helmetNames = Object.keys(res.headers).filter(
      (name) => !['date', 'connection', 'content-length', 'keep-alive'].includes(name),
    );
    expect([...securityHeaders().keys()].sort()).toEqual(helmetNames.sort());
  });
});

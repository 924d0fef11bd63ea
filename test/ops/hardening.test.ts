import request from 'supertest';
import { failureRateObserver } from '../../src/metrics/failure-rate-observer';
import { captureLogs } from '../helpers/log-capture';
import { APP_SECRET, createTestApp } from '../helpers/test-app';
import { sealRequest, sign } from '../helpers/whatsapp-client';

describe('content type of flow requests', () => {
  const post = (type: string | undefined) => {
    const { app } = createTestApp();
    const { body } = sealRequest({ version: '3.0', action: 'ping' });
    let req = request(app)
      .post('/flows/book-appointment')
      .set('X-Hub-Signature-256', sign(body, APP_SECRET));
    if (type !== undefined) req = req.set('Content-Type', type);
    return req.send(body);
  };

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/jsonp',
  ])('when the body is declared as %s, then it is a 415', async (type) => {
    const res = await post(type);
    expect(res.status).toBe(415);
    expect(res.body).toEqual({
      error: 'unsupported_media_type',
      message: 'body must be application/json',
    });
  });

  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'Application/JSON;charset=UTF-8',
  ])('when the body is declared as %s, then it is served', async (type) => {
    expect((await post(type)).status).toBe(200);
  });

  it('when no content type is declared, then it is served (what WhatsApp sends is JSON)', async () => {
    const { app } = createTestApp();
    const { body } = sealRequest({ version: '3.0', action: 'ping' });
    const res = await request(app)
      .post('/flows/book-appointment')
      .set('X-Hub-Signature-256', sign(body, APP_SECRET))
      .send(Buffer.from(body));
    expect(res.status).toBe(200);
  });
});

describe('repeated signature and decryption failures', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('when many arrive within a minute, then the first of each kind is logged at once with its reason and one warning counts them, without payloads', () => {
    const { logger, lines } = captureLogs();
    const observer = failureRateObserver(logger, 60_000);
    const seen = (status: number, reason?: string) =>
      observer.request({
        flow: 'f',
        action: undefined,
        screen: undefined,
        status,
        seconds: 0,
        reason,
      });
    for (let i = 0; i < 30; i++) seen(432, 'X-Hub-Signature-256 does not match');
    for (let i = 0; i < 5; i++) seen(421, 'AES key could not be unwrapped');
    seen(200);
    expect(lines()).toEqual([
      expect.objectContaining({
        level: 40,
        status: 432,
        reason: 'X-Hub-Signature-256 does not match',
        msg: expect.stringContaining('check APP_SECRET'),
      }),
      expect.objectContaining({
        level: 40,
        status: 421,
        reason: 'AES key could not be unwrapped',
        msg: expect.stringContaining('public key'),
      }),
    ]);
    jest.advanceTimersByTime(60_000);
    expect(lines().slice(2)).toEqual([
      expect.objectContaining({
        level: 40,
        signatureFailures: 30,
        decryptFailures: 5,
        windowSeconds: 60,
      }),
    ]);
    jest.advanceTimersByTime(60_000);
    expect(lines()).toHaveLength(3);
  });

  it('when refusals go on, then only the first is logged at once; after a quiet window the next is again', () => {
    const { logger, lines } = captureLogs();
    const observer = failureRateObserver(logger, 60_000);
    const refused = () =>
      observer.request({
        flow: 'f',
        action: undefined,
        screen: undefined,
        status: 432,
        seconds: 0,
        reason: 'X-Hub-Signature-256 header missing',
      });
    refused();
    jest.advanceTimersByTime(60_000);
    refused();
    const atOnce = () => lines().filter((line) => line.status === 432).length;
    expect(atOnce()).toBe(1);
    jest.advanceTimersByTime(60_000);
    jest.advanceTimersByTime(60_000);
    refused();
    expect(atOnce()).toBe(2);
  });
});

describe('helmet', () => {
  it('when any answer is sent, then helmet’s default headers are on', async () => {
    const { app } = createTestApp();
    const res = await request(app).get('/healthz');
    expect(res.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': expect.stringContaining('max-age='),
      'content-security-policy': expect.any(String),
    });
  });
});

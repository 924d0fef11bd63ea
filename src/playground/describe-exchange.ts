import type { SealedExchange } from '../device/device-channel';

/** What the page shows of one request: status, time, the opened answer or why there is none. */
export function describeExchange(exchange: SealedExchange) {
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

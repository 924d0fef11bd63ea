import type { FlowObserver } from './flow-observer';

/** One observer that tells each of `observers` in turn. */
export function combineObservers(...observers: FlowObserver[]): FlowObserver {
  return {
    request: (fields) => observers.forEach((observer) => observer.request(fields)),
    handlerError: (flow) => observers.forEach((observer) => observer.handlerError(flow)),
    invalidAnswer: (flow, screen) =>
      observers.forEach((observer) => observer.invalidAnswer(flow, screen)),
    errorNotification: (flow, key) =>
      observers.forEach((observer) => observer.errorNotification(flow, key)),
    decryptedWith: (keyId) => observers.forEach((observer) => observer.decryptedWith(keyId)),
  };
}

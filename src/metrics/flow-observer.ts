/** What the request path reports as it goes; metrics are one listener, tests may be another. */
export interface FlowObserver {
  /** A request to a flow route finished (any status). */
  request(fields: {
    /** The tenant whose URL it came to; absent for the default one. */
    tenant?: string;
    flow: string;
    action: string | undefined;
    screen: string | undefined;
    status: number;
    seconds: number;
    /** Why it was refused (e.g. "X-Hub-Signature-256 does not match"); never request data. */
    reason?: string;
  }): void;
  handlerError(flow: string): void;
  invalidAnswer(flow: string, screen: string): void;
  errorNotification(flow: string, errorKey: string): void;
  /** Which private key opened a request, so an old key can be retired once it serves nothing. */
  decryptedWith(keyId: string): void;
}

export const NO_OBSERVER: FlowObserver = {
  request: () => undefined,
  handlerError: () => undefined,
  invalidAnswer: () => undefined,
  errorNotification: () => undefined,
  decryptedWith: () => undefined,
};

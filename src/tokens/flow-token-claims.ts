/** What a signed flow token carries. Short keys: the token travels in every request. */
export interface FlowTokenClaims {
  /** Flow name: a token is valid for one flow only. */
  f: string;
  /** Subject: a phone number, an order id — whatever the business sends the Flow for. */
  s?: string;
  /** Expiry, seconds since the epoch. */
  e: number;
  /** Tenant id: absent for the default tenant; a token is valid at its tenant's URLs only. */
  t?: string;
  /** Random id: makes the token unguessable and unique. */
  n: string;
}

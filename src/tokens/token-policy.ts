/** What the framework needs to judge a flow token. */
export interface TokenPolicy {
  /** FLOW_TOKEN_SECRET: signs and verifies the tokens this server issues. */
  secret: string;
  /** Builder-preview tokens (`flows-builder-…`) are refused in production. */
  production: boolean;
}

/** A flow's own verdict on a token it issued itself (see `tokens.verify`). */
export type TokenCheck = { valid: true; subject?: string } | { valid: false };

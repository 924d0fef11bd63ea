import { createHmac } from 'node:crypto';

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * The `flow_token_signature` WhatsApp adds from Flow JSON 7.3 with data_api_version 4.0: a JWT,
 * HS256 with the Meta app secret, whose payload holds the flow token.
 */
export function flowTokenSignature(flowToken: string, appSecret: string): string {
  const unsigned = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ flow_token: flowToken })}`;
  return `${unsigned}.${createHmac('sha256', appSecret).update(unsigned).digest('base64url')}`;
}

/** Whether WhatsApp signs the flow token for this flow.json: 7.3 or later with data API 4.0. */
export function signsFlowToken(flowJson: unknown): boolean {
  if (typeof flowJson !== 'object' || flowJson === null) return false;
  const { version, data_api_version: dataApi } = flowJson as Record<string, unknown>;
  const [major = 0, minor = 0] = String(version ?? '')
    .split('.')
    .map(Number);
  return dataApi === '4.0' && (major > 7 || (major === 7 && minor >= 3));
}

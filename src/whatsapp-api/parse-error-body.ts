import { z } from 'zod';

const graphError = z.looseObject({
  message: z.string().optional(),
  code: z.union([z.number(), z.string()]).optional(),
  error_subcode: z.number().optional(),
  is_transient: z.boolean().optional(),
  error_user_msg: z.string().optional(),
});

/** Every error body the sources show; the first that matches wins. */
const errorBody = z.union([
  // Meta (Graph): {"error": {message, code, error_subcode, is_transient, …}}
  z.object({ error: graphError }).transform(({ error }) => fromGraph(error)),
  // 360dialog relaying Meta: {"detail": {"error": {…}}}
  z
    .object({ detail: z.object({ error: graphError }) })
    .transform(({ detail }) => fromGraph(detail.error)),
  // 360dialog Partner API: {"meta": {http_code, developer_message, details}}
  z
    .object({
      meta: z.looseObject({
        http_code: z.number().optional(),
        developer_message: z.string().optional(),
        details: z.array(z.unknown()).optional(),
      }),
    })
    .transform(({ meta }) => ({
      code: meta.http_code,
      message: [meta.developer_message, ...(meta.details ?? []).map(String)]
        .filter(Boolean)
        .join('; '),
    })),
  // 360dialog Messaging API: {"error": "…"}; FastAPI-style {"detail": "…"}
  z.object({ error: z.string() }).transform(({ error }) => ({ message: error })),
  z.object({ detail: z.string() }).transform(({ detail }) => ({ message: detail })),
]);

export interface ProviderError {
  code?: number | string;
  subcode?: number;
  message?: string;
  transient?: boolean;
}

function fromGraph(error: z.output<typeof graphError>): ProviderError {
  return {
    code: error.code,
    subcode: error.error_subcode,
    // Meta's user message is the one that says what to do, when there is one.
    message: error.error_user_msg ?? error.message,
    transient: error.is_transient,
  };
}

/** The provider's code and message from an error answer's text; empty when it has neither. */
export function parseErrorBody(text: string): ProviderError {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return text.trim() && text.length < 200 ? { message: text.trim() } : {};
  }
  const parsed = errorBody.safeParse(json);
  return parsed.success ? parsed.data : {};
}

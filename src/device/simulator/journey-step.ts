import { z } from 'zod';

/** One step of a scripted journey, as written in a --steps file. */
const journeyStepSchema = z.strictObject({
  /**
   * A request to the endpoint (INIT, data_exchange, BACK, ping), or what the user does on the
   * device: `navigate` / `complete` fill the form with `data` and press the action of that name.
   * INIT opens the flow as the message does: on the device when it opens with navigate.
   */
  action: z.enum(['INIT', 'data_exchange', 'BACK', 'ping', 'navigate', 'complete'], {
    error: 'action must be INIT, data_exchange, BACK, ping, navigate or complete',
  }),
  /**
   * The screen the request is sent from (data_exchange), returned to (BACK) or navigated to
   * (navigate, when the screen has several ways on); the current one by default.
   */
  screen: z.string().min(1).optional(),
  /**
   * The payload; `{"error": KEY, "error_message": TEXT}` makes an error notification. For
   * navigate and complete: the form values entered before the press.
   */
  data: z.record(z.string(), z.unknown()).optional(),
  /** What the answer must be, beyond what the device checks. */
  expect: z
    .strictObject({
      screen: z.string().optional(),
      status: z.number().int().optional(),
      /** true: the answer must carry data.error_message; false: it must not. */
      error_message: z.boolean().optional(),
    })
    .optional(),
});
export type JourneyStep = z.infer<typeof journeyStepSchema>;

export const journeySchema = z
  .array(journeyStepSchema)
  .min(1, 'the journey has no steps')
  .max(200, 'at most 200 steps');

/** What a component needs from the screen it is on. */
export interface RenderContext {
  /** The screen's form values, by input name. */
  form: Record<string, unknown>;
  /** Form `error-messages` and components' `error-message`, by field. */
  errors: Record<string, string>;
  /** Sets an input's value, then runs `then` (its on-select action) with the new value in scope. */
  setValue(name: string, value: unknown, then?: readonly unknown[]): void;
  /** Presses an action as written in flow.json. */
  run(action: unknown): void;
  /** Reads a picked file the way the device uploads it to WhatsApp's CDN. */
  uploadMedia(file: File): Promise<unknown>;
  /** A request is in flight: the device blocks the screen meanwhile. */
  busy: boolean;
}

import { MediaError, type MediaCheck } from '../../src/media/media-error';

/** The check a media read failed, or a test failure when it succeeded or failed otherwise. */
export async function failedCheck(promise: Promise<unknown>): Promise<MediaCheck> {
  return (await mediaError(promise)).check;
}

export async function mediaError(promise: Promise<unknown>): Promise<MediaError> {
  const err: unknown = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(err instanceof MediaError)) throw new Error(`expected a MediaError, got ${String(err)}`);
  return err;
}

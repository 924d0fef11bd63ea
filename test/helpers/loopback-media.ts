import { createMediaReader, type MediaReader } from '../../src/media/media-reader';
import { DEFAULT_MEDIA_SETTINGS } from '../../src/media/media-settings';

/**
 * `ctx.media` as the server has it with MEDIA_ALLOW_LOOPBACK=true: for tests whose CDN is a local
 * stand-in on 127.0.0.1, served over plain http.
 */
export const loopbackMediaReader = (): MediaReader =>
  createMediaReader({ ...DEFAULT_MEDIA_SETTINGS, allowLoopback: true });

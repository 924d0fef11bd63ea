/**
 * The environment the Docker image sets for the server beyond its paths (Dockerfile, runtime
 * stage): servers whose memory is judged run with it, so the figures are the image's.
 */
export const IMAGE_ENV = {
  NODE_ENV: 'production',
  // Request bodies arrive in chunks of up to 64 KiB; from 16 KiB glibc maps them apart and gives
  // them back to the system when freed, instead of leaving them to fragment its main heap (what
  // 200 slow senders left behind stayed resident).
  MALLOC_MMAP_THRESHOLD_: '16384',
} as const;

import { z } from 'zod';

/** Standard Base64 of exactly `bytes` bytes (padding as the encoder writes it). */
const base64Of = (bytes: number, what: string) =>
  z
    .string({ error: `${what} must be Base64 text` })
    .refine(
      (value) =>
        /^[A-Za-z0-9+/]*={0,2}$/.test(value) &&
        value.length % 4 === 0 &&
        Buffer.from(value, 'base64').length === bytes,
      { error: `${what} must be ${bytes} bytes in Base64` },
    );

/** The keys and hashes WhatsApp sends with each picked file (all Base64). */
const encryptionMetadataSchema = z.looseObject({
  encrypted_hash: base64Of(32, 'encrypted_hash'),
  iv: base64Of(16, 'iv'),
  encryption_key: base64Of(32, 'encryption_key'),
  hmac_key: base64Of(32, 'hmac_key'),
  plaintext_hash: base64Of(32, 'plaintext_hash'),
});

export type EncryptionMetadata = z.infer<typeof encryptionMetadataSchema>;

/**
 * One file from a PhotoPicker or DocumentPicker, exactly as it arrives in a data_exchange.
 * Unknown fields are kept: WhatsApp may add some.
 */
export const mediaItemSchema = z.looseObject({
  media_id: z.string({ error: 'media_id must be text' }).min(1, 'media_id must not be empty'),
  cdn_url: z.string({ error: 'cdn_url must be text' }).min(1, 'cdn_url must not be empty'),
  file_name: z.string({ error: 'file_name must be text' }),
  encryption_metadata: encryptionMetadataSchema,
});

export type MediaItem = z.infer<typeof mediaItemSchema>;

import { open, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { MediaError, defineFlow, type FlowDeps } from 'flows-endpoint';
import flowJson from './flow.json';
import type { SupportRequestFlow } from './flow-types.generated';
import { keepFiles } from './keep-files';
import { mediaProblem } from './media-problem';
import { referenceNumber } from './reference-number';

export interface SupportRequestOptions {
  /** Each request's files go to `<dir>/support-request/<reference>/`. */
  dir: string;
  now?: () => Date;
}

/** What the session remembers between the two screens. */
const draftSchema = z.object({
  reference: z.string(),
  description: z.string(),
  photos: z.array(z.string()),
});
type Draft = z.infer<typeof draftSchema>;

const MAX_PHOTOS = 3;
/** WhatsApp waits 10 s for the answer: files not in by then are asked for again. */
const FILES_DEADLINE_MS = 9_000;
const PDF_MAGIC = Buffer.from('%PDF-');

async function isPdf(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(PDF_MAGIC.length);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.equals(PDF_MAGIC);
  } finally {
    await file.close();
  }
}

/**
 * A support request: a description and up to 3 photos (DESCRIBE), then a PDF receipt (DOCUMENT).
 * Every file is downloaded, verified and decrypted before the user moves on; one that fails a
 * check or is too large sends the user back to its screen with a message. Completes with a
 * reference number; the files and a request.json are kept under `dir`.
 */
export function createSupportRequestFlow({ dir, now = () => new Date() }: SupportRequestOptions) {
  const folderOf = (reference: string) => join(dir, 'support-request', reference);

  return defineFlow<SupportRequestFlow>()({
    name: 'support-request',
    flowJson,
    businessName: 'Kings Cross Store',
    message: {
      header: 'Support',
      body: 'Tell us what happened; photos and the receipt help.',
      cta: 'Ask for help',
    },
    tokenInvalidMessage: 'This support link has expired. Please ask us for a new one.',

    INIT: (ctx) => ctx.next('DESCRIBE', {}),

    screens: {
      DESCRIBE: {
        async data_exchange(ctx) {
          const description = ctx.data.description.trim();
          if (!description) return ctx.showError('Please tell us what happened.');
          const photos = ctx.data.photos ?? [];
          if (photos.length > MAX_PHOTOS) {
            return ctx.showError(`Please choose at most ${MAX_PHOTOS} photos.`);
          }
          const earlier = draftSchema.safeParse(await ctx.session.get('draft'));
          const reference = earlier.success ? earlier.data.reference : referenceNumber();
          const folder = folderOf(reference);
          // Back from DOCUMENT and sent again: the new photos replace the old ones.
          if (earlier.success) {
            await Promise.all(
              earlier.data.photos.map((name) => rm(join(folder, name), { force: true })),
            );
          }
          let saved;
          try {
            saved = await keepFiles(ctx.media, photos, folder, 'photo', {
              signal: AbortSignal.timeout(FILES_DEADLINE_MS),
            });
          } catch (err) {
            if (!(err instanceof MediaError)) throw err;
            ctx.log.warn({ check: err.check }, 'picked photo refused');
            return ctx.showError(mediaProblem(err));
          }
          const draft: Draft = {
            reference,
            description,
            photos: saved.map((file) => (file.path ?? '').slice(folder.length + 1)),
          };
          await ctx.session.set('draft', draft);
          return ctx.next('DOCUMENT', {});
        },
      },

      DOCUMENT: {
        async data_exchange(ctx) {
          const draft = draftSchema.safeParse(await ctx.session.get('draft'));
          // The session outlived its TTL: the description and photos are gone.
          if (!draft.success) {
            return ctx.showError('This request has expired. Please open the form again.');
          }
          const documents = ctx.data.document ?? [];
          if (documents.length !== 1) return ctx.showError('Please add the receipt as one PDF.');
          const { reference, description, photos } = draft.data;
          const folder = folderOf(reference);
          let receipt;
          try {
            [receipt] = await keepFiles(ctx.media, documents, folder, 'receipt', {
              signal: AbortSignal.timeout(FILES_DEADLINE_MS),
            });
          } catch (err) {
            if (!(err instanceof MediaError)) throw err;
            ctx.log.warn({ check: err.check }, 'picked document refused');
            return ctx.showError(mediaProblem(err));
          }
          const receiptPath = receipt?.path ?? '';
          if (!(await isPdf(receiptPath))) {
            await rm(receiptPath, { force: true });
            return ctx.showError('The receipt must be a PDF file.');
          }
          const record = {
            reference,
            created_at: now().toISOString(),
            description,
            photos,
            receipt: receiptPath.slice(folder.length + 1),
          };
          await writeFile(join(folder, 'request.json'), `${JSON.stringify(record, null, 2)}\n`, {
            mode: 0o600,
          });
          ctx.log.info({ reference, photos: photos.length }, 'support request received');
          return ctx.complete({ reference });
        },
      },
    },
  });
}

/** Picked files are kept under MEDIA_DIR. */
export default ({ mediaDir }: FlowDeps) => createSupportRequestFlow({ dir: mediaDir });

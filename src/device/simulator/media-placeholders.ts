import { z } from 'zod';
import { isRecord } from '../../util/is-record';
import type { MediaItem } from '../../contract/media-item';
import type { JourneyStep } from './journey-step';

/**
 * A picked file in a step's data, in place of the media item WhatsApp would send:
 * `{"$file": "photo.jpg"}` (a path, from the steps file's folder) or `{"$sample": "image/jpeg"}`
 * (a small file of that type); `file_name` overrides the name the endpoint is told.
 */
const mediaPlaceholderSchema = z.union([
  z.strictObject({ $file: z.string().min(1), file_name: z.string().min(1).optional() }),
  z.strictObject({ $sample: z.string().min(1), file_name: z.string().min(1).optional() }),
]);
export type MediaPlaceholder = z.infer<typeof mediaPlaceholderSchema>;

const isPlaceholder = (value: unknown) =>
  isRecord(value) && ('$file' in value || '$sample' in value);

/** Whether any step picks a file: then a CDN must serve them. */
export function picksMedia(steps: readonly JourneyStep[]): boolean {
  return steps.some((step) =>
    Object.values(step.data ?? {}).some(
      (value) => Array.isArray(value) && value.some(isPlaceholder),
    ),
  );
}

/**
 * The steps with each placeholder (in an array at the top of a step's data, where a picker's
 * value goes) replaced by the media item `upload` gives for it. A malformed placeholder is
 * reported with its place.
 */
export function replaceMediaPlaceholders(
  steps: readonly JourneyStep[],
  upload: (placeholder: MediaPlaceholder, mediaId: string) => MediaItem,
): JourneyStep[] {
  let count = 0;
  return steps.map((step, index) => {
    if (!step.data) return step;
    const data = Object.fromEntries(
      Object.entries(step.data).map(([field, value]) => {
        if (!Array.isArray(value) || !value.some(isPlaceholder)) return [field, value];
        return [
          field,
          value.map((entry, i) => {
            if (!isPlaceholder(entry)) return entry;
            const parsed = mediaPlaceholderSchema.safeParse(entry);
            if (!parsed.success) {
              throw new Error(
                `[${index}].data.${field}.${i}: a picked file is {"$file": PATH} or {"$sample": MIME-TYPE}, with an optional file_name`,
              );
            }
            count++;
            return upload(parsed.data, `${index + 1}${String(count).padStart(4, '0')}`);
          }),
        ];
      }),
    );
    return { ...step, data };
  });
}

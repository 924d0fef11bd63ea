import { defineFlow, type FlowDeps, type Store } from 'flows-endpoint';
import flowJson from './flow.json';
import type { FeedbackFlow } from './flow-types.generated';

export const RATED_ASPECTS = ['purchase_rating', 'delivery_rating', 'service_rating'] as const;
export type RatedAspect = (typeof RATED_ASPECTS)[number];

/** The replies that gave `aspect` this rating, by message id: a redelivery counts once. */
export const ratingKey = (aspect: RatedAspect, rating: string) => `feedback:${aspect}:${rating}`;

/** How many replies gave each rating ("1" to "5") to an aspect. */
export async function ratingCounts(
  store: Store,
  aspect: RatedAspect,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const rating of ['1', '2', '3', '4', '5']) {
    counts[rating] = (await store.setMembers(ratingKey(aspect, rating))).length;
  }
  return counts;
}

/**
 * The 360dialog guide's Feedback Form: two screens, navigate-only, completing on the second. It has
 * no endpoint: its answers arrive through the messages webhook, recorded for `flows completions`,
 * and `onComplete` keeps the ratings' tally.
 */
export function createFeedbackFlow({ store }: { store: Store }) {
  return defineFlow<FeedbackFlow>()({
    name: 'feedback',
    flowJson,
    businessName: 'Kings Cross Store',
    message: {
      body: 'How was your last purchase? It takes a minute.',
      cta: 'Give feedback',
    },
    async onComplete({ messageId, params, log }) {
      for (const aspect of RATED_ASPECTS) {
        await store.addToSet(ratingKey(aspect, params[aspect]), messageId);
      }
      log.info('feedback received');
    },
  });
}

export default ({ store }: FlowDeps) => createFeedbackFlow({ store });

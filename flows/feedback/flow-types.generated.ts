// Generated from flow.json by `npm run flows -- types`: do not edit, regenerate.

export type FeedbackScreenId = "screen_feedback_one" | "screen_feedback_two";

/** The data each screen declares. */
export interface FeedbackScreens {
  screen_feedback_one: Record<string, never>;
  screen_feedback_two: {
    recommend: string;
    comment: string;
  };
}

/** What each screen's data_exchange actions send. */
export type FeedbackExchanges = Record<never, never>;

/** What the flow's complete actions send (any params when it completes from the endpoint). */
export type FeedbackCompletion =
  | {
    purchase_rating: string;
    delivery_rating: string;
    service_rating: string;
    recommend: string;
    comment: string;
  }
  ;

/** The screens with refresh_on_back: BACK on them calls the endpoint, so they need a BACK handler. */
export type FeedbackRefreshOnBack = never;

export interface FeedbackFlow {
  screens: FeedbackScreens;
  exchanges: FeedbackExchanges;
  completion: FeedbackCompletion;
  refreshOnBack: FeedbackRefreshOnBack;
}

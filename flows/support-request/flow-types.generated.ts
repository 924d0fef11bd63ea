// Generated from flow.json by `npm run flows -- types`: do not edit, regenerate.

export type SupportRequestScreenId = "DESCRIBE" | "DOCUMENT";

/** The data each screen declares. */
export interface SupportRequestScreens {
  DESCRIBE: Record<string, never>;
  DOCUMENT: Record<string, never>;
}

/** What each screen's data_exchange actions send. */
export interface SupportRequestExchanges {
  DESCRIBE:
    | {
      description: string;
      photos?: Array<{
        media_id: string;
        cdn_url: string;
        file_name: string;
        encryption_metadata: {
          encrypted_hash: string;
          iv: string;
          encryption_key: string;
          hmac_key: string;
          plaintext_hash: string;
        };
      }>;
    };
  DOCUMENT:
    | {
      document?: Array<{
        media_id: string;
        cdn_url: string;
        file_name: string;
        encryption_metadata: {
          encrypted_hash: string;
          iv: string;
          encryption_key: string;
          hmac_key: string;
          plaintext_hash: string;
        };
      }>;
    };
}

/** What the flow's complete actions send (any params when it completes from the endpoint). */
export type SupportRequestCompletion =
  Record<string, unknown>
  ;

/** The screens with refresh_on_back: BACK on them calls the endpoint, so they need a BACK handler. */
export type SupportRequestRefreshOnBack = never;

export interface SupportRequestFlow {
  screens: SupportRequestScreens;
  exchanges: SupportRequestExchanges;
  completion: SupportRequestCompletion;
  refreshOnBack: SupportRequestRefreshOnBack;
}

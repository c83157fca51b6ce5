// The worker's configuration under test: every secret set, GitHub, alerts, the heartbeat monitor
// and the Access team on the local fake.

/** The published Standard Webhooks test secret, and a second one (a rotation in progress). */
export const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
export const SECOND_SECRET = "whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHM=";
export const ALERT_SECRET = "whsec_YWxlcnQtc2lnbmluZy1zZWNyZXQtZm9yLXRlc3Rz";
export const ADMIN_TOKEN = "test-admin-token-0123456789";
export const GITHUB_TOKEN = "ghp_testtoken0123456789abcdefghijklmnop";
/** The AUD tag of the Access application internalbf sits behind in the tests. */
export const ACCESS_AUD = "5c3d1f0b2a4e6d8c9b7a0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a";
/** The heartbeat monitor's token, in HEARTBEAT_URL's path as healthchecks.io puts it: never logged. */
export const HEARTBEAT_TOKEN = "hb-token-5f0c9a7e-2b1d-4e8a-9c3f-0a1b2c3d4e5f";
/** The worker's own base URL under test (record links in alerts). */
export const PUBLIC_URL = "https://internalbf.test";

import { REPOSITORY } from "../../builders/notification";

export { REPOSITORY };

/** The repository the fixtures sign for: the tests do not depend on the names wrangler.toml ships with. */
const [OWNER = "", REPO = ""] = REPOSITORY.split("/");

/** Bindings for a worker whose GitHub, alert endpoints, heartbeat and Access team are the fake at `fake`. */
export function TEST_BINDINGS(fake: string): Record<string, string> {
  return {
    GITHUB_OWNER: OWNER,
    GITHUB_REPO: REPO,
    GITHUB_API_URL: fake,
    GITHUB_TOKEN,
    WEBHOOK_AUTH_TOKEN: `${SECRET}, ${SECOND_SECRET}`,
    ADMIN_TOKEN,
    ACCESS_TEAM_DOMAIN: fake,
    ACCESS_AUD,
    ALERT_SIGNING_SECRET: ALERT_SECRET,
    NOTIFICATION_ENDPOINTS: [
      `${fake}/services/T000/B000/slack`,
      `${fake}/api/webhooks/1/discord`,
      `${fake}/hooks/generic`,
    ].join(","),
    HEARTBEAT_URL: `${fake}/heartbeat/${HEARTBEAT_TOKEN}`,
    PUBLIC_URL: PUBLIC_URL,
  };
}

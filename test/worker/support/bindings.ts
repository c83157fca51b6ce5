// The worker's configuration under test: every secret set, GitHub and alerts on the local fake.

/** The published Standard Webhooks test secret, and a second one (a rotation in progress). */
export const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
export const SECOND_SECRET = "whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24tdGVzdHM=";
export const ALERT_SECRET = "whsec_YWxlcnQtc2lnbmluZy1zZWNyZXQtZm9yLXRlc3Rz";
export const ADMIN_TOKEN = "test-admin-token-0123456789";
export const GITHUB_TOKEN = "ghp_testtoken0123456789abcdefghijklmnop";
export { REPOSITORY } from "../../builders/notification";

/** Bindings for a worker whose GitHub and alert endpoints are the fake at `fake`. */
export function TEST_BINDINGS(fake: string): Record<string, string> {
  return {
    GITHUB_API_URL: fake,
    GITHUB_TOKEN,
    WEBHOOK_AUTH_TOKEN: `${SECRET}, ${SECOND_SECRET}`,
    ADMIN_TOKEN,
    ALERT_SIGNING_SECRET: ALERT_SECRET,
    NOTIFICATION_ENDPOINTS: [
      `${fake}/services/T000/B000/slack`,
      `${fake}/api/webhooks/1/discord`,
      `${fake}/hooks/generic`,
    ].join(","),
  };
}

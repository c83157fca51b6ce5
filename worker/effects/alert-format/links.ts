// The links an alert carries, decided once for every format: the run it came from (only GitHub's
// own pages, see run-link.ts) and the commit's record on internalbf (only under PUBLIC_URL).
import type { Alert } from "../../pipeline/model";
import { isSha } from "./commit";
import { runLink } from "./run-link";

export interface AlertLinks {
  /** The run's page, when `runLink` allows it. */
  readonly run: string | null;
  /** `${publicUrl}/deployments/${sha}`, when PUBLIC_URL is set and the alert names a full SHA. */
  readonly record: string | null;
}

/** The run and record links of `alert`; null for each one that may not be a link. */
export function alertLinks(alert: Alert, githubServerUrl: string | null, publicUrl: string | null): AlertLinks {
  return {
    run: alert.runUrl === null ? null : runLink(alert.runUrl, githubServerUrl),
    record: publicUrl === null || !isSha(alert.sha) ? null : `${publicUrl}/deployments/${alert.sha}`,
  };
}

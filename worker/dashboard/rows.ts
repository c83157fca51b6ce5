// The recent list a commit a row. GET /deployments pages rows (a commit in one environment) newest
// first; here they are grouped by commit, and a commit whose other row is not on the page is
// completed from its record.
import type { CommitRecord, CommitRow, DeploymentView } from "./model";

/** `views` grouped by commit, in the order each commit first appears. */
export function commitsOf(views: readonly DeploymentView[]): CommitRow[] {
  const bySha = new Map<string, { sha: string; staging: DeploymentView | null; production: DeploymentView | null }>();
  for (const view of views) {
    const row = bySha.get(view.sha) ?? { sha: view.sha, staging: null, production: null };
    if (view.environment === "staging") row.staging = view;
    else row.production = view;
    bySha.set(view.sha, row);
  }
  return [...bySha.values()];
}

/**
 * The commits whose other row may be on another page. A production row is written after the
 * commit's staging row (at its staging success), so it has the larger id: a production-only commit
 * may have its staging row on a later page; a staging-only commit may have its production row on an
 * earlier one, but never on the first page (nothing comes before it).
 */
export function incomplete(rows: readonly CommitRow[], firstPage: boolean): string[] {
  return rows
    .filter((row) => (row.staging === null ? true : row.production === null && !firstPage))
    .map((row) => row.sha);
}

/**
 * The rows with what their records add. A commit whose rows straddle two pages shows on both, whole
 * each time: better than leaving one out.
 */
export function completed(rows: readonly CommitRow[], records: ReadonlyMap<string, CommitRecord | null>): CommitRow[] {
  return rows.map((row) => {
    const record = records.get(row.sha);
    if (record === undefined || record === null) return row;
    return { sha: row.sha, staging: row.staging ?? record.staging, production: row.production ?? record.production };
  });
}

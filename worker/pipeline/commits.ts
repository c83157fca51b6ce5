// Which commits a SHA prefix names: those internalbf knows by a deployment row or by an audit
// event alone (a refused hand-run leaves only its event). Each step is one probe of an index on
// sha, so a lookup costs the same at any length of history.

const TABLES = ["deployments", "events"] as const;

/** The commits whose SHA starts with `prefix` (lowercase hex), in SHA order, at most `limit`. */
export function commitsStartingWith(sql: SqlStorage, prefix: string, limit: number): string[] {
  const end = successor(prefix);
  const found = new Set<string>();
  for (const table of TABLES) for (const sha of inRange(sql, table, prefix, end, limit)) found.add(sha);
  return [...found].sort().slice(0, limit);
}

/** The first `limit` distinct SHAs of `table` in [start, end): each the next key of the index after the last. */
function inRange(sql: SqlStorage, table: (typeof TABLES)[number], start: string, end: string, limit: number): string[] {
  const shas: string[] = [];
  let next = first(sql, `SELECT sha FROM ${table} WHERE sha >= ? AND sha < ? ORDER BY sha LIMIT 1`, start, end);
  while (next !== null && shas.length < limit) {
    shas.push(next);
    next = first(sql, `SELECT sha FROM ${table} WHERE sha > ? AND sha < ? ORDER BY sha LIMIT 1`, next, end);
  }
  return shas;
}

function first(sql: SqlStorage, query: string, ...bindings: string[]): string | null {
  return sql.exec<{ sha: string }>(query, ...bindings).toArray()[0]?.sha ?? null;
}

/** The least string above every string that starts with `prefix`: the range's open end. */
function successor(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

// The query plans of the SQL the real code sends: `run` gets a SqlStorage that records each query
// on its way to the Pipeline's storage, and each query is then explained with its own bindings.
import { runInDurableObject } from "cloudflare:test";
import { pipeline } from "./pipeline";

export interface QueryPlan {
  readonly text: string;
  readonly plan: string[];
}

export function queryPlans(run: (recording: SqlStorage) => void): Promise<QueryPlan[]> {
  return runInDurableObject(pipeline(), (_instance, state) => {
    const sql = state.storage.sql;
    const made: [string, SqlStorageValue[]][] = [];
    const recording = {
      exec: (text: string, ...bindings: SqlStorageValue[]) => {
        made.push([text, bindings]);
        return sql.exec(text, ...bindings);
      },
    } as unknown as SqlStorage;
    run(recording);
    return made.map(([text, bindings]) => ({
      text,
      plan: sql
        .exec<{ detail: string }>(`EXPLAIN QUERY PLAN ${text}`, ...bindings)
        .toArray()
        .map((row) => row.detail),
    }));
  });
}

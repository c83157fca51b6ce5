// The settings table: the pipeline's switches (freeze, hold, blocks) and the object's own marks
// (the mirror's cursor, whether GitHub refused return_run_details).

/** The settings, read once into memory: this object is the table's only writer. */
export class Settings {
  private cache: Map<string, string> | null = null;

  constructor(private readonly sql: SqlStorage) {}

  /** A setting, or null. */
  get(name: string): string | null {
    this.cache ??= new Map(
      this.sql
        .exec<{ name: string; value: string }>("SELECT name, value FROM settings")
        .toArray()
        .map((row) => [row.name, row.value]),
    );
    return this.cache.get(name) ?? null;
  }

  /** The names of the settings that start with `prefix` (blocks, rollbacks). */
  withPrefix(prefix: string): string[] {
    this.get("");
    return [...(this.cache?.keys() ?? [])].filter((name) => name.startsWith(prefix));
  }

  /** Writes a setting (inside a transaction), or removes it when `value` is null. */
  set(name: string, value: string | null): void {
    this.get(name);
    if (value === null) {
      this.sql.exec("DELETE FROM settings WHERE name = ?", name);
      this.cache?.delete(name);
      return;
    }
    this.sql.exec(
      "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      name,
      value,
    );
    this.cache?.set(name, value);
  }
}

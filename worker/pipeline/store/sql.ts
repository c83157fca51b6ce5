// SQL text helpers shared by the tables.

/** A list of fixed words (statuses, kinds) as an SQL `IN (...)` list; never user input. */
export const inList = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(", ");

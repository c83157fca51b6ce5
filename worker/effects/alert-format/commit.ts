// How an alert names its commit. A message's commands and record links are copied and clicked,
// so only a SHA as the wire contract has it (40 lowercase hex) goes into them; anything else is
// text to show, escaped, never part of a command or a URL.

const SHA = /^[0-9a-f]{40}$/;

/** Whether `text` is a full commit SHA, safe to put in a command line or a URL path. */
export function isSha(text: string): boolean {
  return SHA.test(text);
}

/** The 7-character short form of a SHA; anything else whole (its prefix would name nothing). */
export function shortSha(text: string): string {
  return isSha(text) ? text.slice(0, 7) : text;
}

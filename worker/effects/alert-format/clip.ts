// Message fields have length limits; escaping lengthens text, so cutting after it could split an
// escape (`&am`, a lone `\`). Cutting the raw text and escaping the part kept never does.

/** `markup(text)`, or the markup of the longest prefix of `text` that fits `max` with an ellipsis. */
export function clipEscaped(text: string, max: number, markup: (raw: string) => string): string {
  const whole = markup(text);
  if (whole.length <= max) return whole;
  let low = 0;
  let high = text.length;
  // The longest prefix whose escape fits: escaping a longer prefix never gives shorter text.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (markup(prefix(text, middle)).length + 1 <= max) low = middle;
    else high = middle - 1;
  }
  return `${markup(prefix(text, low))}…`;
}

/** The first `length` UTF-16 units of `text`, one fewer where that would split a surrogate pair. */
function prefix(text: string, length: number): string {
  const last = text.charCodeAt(length - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? length - 1 : length);
}

// HTML built by one tagged template that escapes every value put into it, so nothing a notification,
// an actor or a reason carries can become markup. raw() marks a fragment already built as HTML (the
// only way around the escaping), and every fragment built here is such an Html.

/** A fragment of HTML that is safe to put into a page as it is. */
export class Html {
  /** Use html`…` or raw(): this constructor takes the text as markup. */
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/** What may go into html`…`: text and numbers are escaped, fragments kept, nothing else shown. */
export type Value = string | number | Html | null | undefined | false | readonly Value[];

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** `text` with every character that means something in HTML text or a quoted attribute escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** Markup as it is: only for fragments built by html`…` elsewhere or fixed text in this code. */
export function raw(markup: string): Html {
  return new Html(markup);
}

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof Html) return value.text;
  if (typeof value === "string") return escapeHtml(value);
  if (typeof value === "number") return escapeHtml(String(value));
  let out = "";
  for (const item of value) out += render(item);
  return out;
}

/** The template: the literal parts as written, each interpolated value through render(). */
export function html(strings: TemplateStringsArray, ...values: readonly Value[]): Html {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i += 1) out += render(values[i]) + (strings[i + 1] ?? "");
  return new Html(out);
}

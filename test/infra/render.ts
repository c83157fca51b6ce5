// A renderer for the subset of Terraform's templatefile() that the infra templates may use:
// plain interpolation of a variable name. Anything else fails, so a template the tests can
// render is a template Terraform renders the same way.

const DIRECTIVE = /%\{/;
const ESCAPE = /\$\$\{/;
const PLACEHOLDER = /\$\{([^}]*)\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A template value as templatefile() would print it (strings, numbers, booleans). */
export type TemplateValue = string | number | boolean;

/** Names of every placeholder in the template, in order of first use. */
export function placeholders(template: string): string[] {
  const names = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) {
    names.add((match[1] ?? "").trim());
  }
  return [...names];
}

/** Render placeholders; throws on a directive, an escape, an expression or a missing name. */
export function render(template: string, vars: Readonly<Record<string, TemplateValue>>): string {
  if (DIRECTIVE.test(template)) {
    throw new Error(`template uses a %{ directive; keep templates to \${name} interpolation`);
  }
  if (ESCAPE.test(template)) {
    throw new Error(`template uses a $\${ escape; keep templates to \${name} interpolation`);
  }
  return template.replace(PLACEHOLDER, (_whole, inner: string) => {
    const name = inner.trim();
    if (!NAME.test(name)) {
      throw new Error(`template placeholder \${${inner}} is an expression, not a variable name`);
    }
    const value = vars[name];
    if (value === undefined) {
      throw new Error(`template placeholder \${${name}} has no value`);
    }
    return String(value);
  });
}

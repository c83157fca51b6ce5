// The Numbers section: the figures GET /metrics answers (DORA's five and the seed's criteria), as a
// person reads them. Each figure is an object of named values with its `count`; an object of such
// figures (the criteria) is a group of its own; `window` says the period. Seconds (`…_s`) read as
// durations, rates and shares as percentages.
import { duration, words } from "../format";
import { type Html, html } from "../html";

type Fields = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Fields =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** A value as the section shows it, by its name. */
function shown(key: string, value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") {
    if (key.endsWith("_s")) return duration(value);
    if (key === "rate" || key === "share") return `${(value * 100).toFixed(1)} %`;
    return Number.isInteger(value) ? String(value) : value.toFixed(2);
  }
  return typeof value === "string" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
}

const label = (key: string): string => words(key.endsWith("_s") ? key.slice(0, -2) : key);

function figure(name: string, value: unknown): Html {
  const parts: [string, unknown][] = isObject(value) ? Object.entries(value) : [["value", value]];
  return html`<section class="panel"><h3>${words(name)}</h3><dl class="facts">${parts.map(([key, part]) => html`<dt>${label(key)}</dt><dd>${shown(key, part)}</dd>`)}</dl></section>`;
}

function group(figures: Fields): Html {
  return html`<div class="grid">${Object.entries(figures).map(([name, value]) => figure(name, value))}</div>`;
}

/** The periods the section offers, besides any other `?days=` on the URL. */
const PERIODS = [7, 30];

function periods(days: number): Html {
  return html`<nav class="periods" aria-label="Period">${PERIODS.map((period) =>
    period === days
      ? html`<strong aria-current="page">${period} days</strong>`
      : html`<a href="/?days=${period}#numbers">${period} days</a>`,
  )}</nav>`;
}

/** The section, from the metrics' figures over `days`; null when they cannot be read (the section says so). */
export function numbersSection(figures: object | null, days: number): Html {
  const json = html`<a href="/metrics?days=${days}">GET /metrics?days=${days}</a>`;
  if (figures === null) {
    return html`<section class="panel" id="numbers" aria-labelledby="numbers-title"><h2 id="numbers-title">Numbers (last ${days} days)</h2><p class="muted">The figures could not be read now: ${json} says why.</p></section>`;
  }
  const entries = Object.entries(figures as Fields).filter(([name]) => name !== "window");
  const single = Object.fromEntries(
    entries.filter(([, value]) => !isObject(value) || !Object.values(value).every(isObject)),
  );
  const groups = entries.filter(([, value]) => isObject(value) && Object.values(value).every(isObject));
  return html`<section class="panel" id="numbers" aria-labelledby="numbers-title"><h2 id="numbers-title">Numbers (last ${days} days)</h2>${periods(days)}${group(single)}${groups.map(([name, value]) => html`<h3 class="group">${name === "criteria" ? "The seed's criteria" : words(name)}</h3>${group(value as Fields)}`)}<p class="muted">The same figures as JSON: ${json}</p></section>`;
}

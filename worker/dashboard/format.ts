// How the dashboard writes commits, times and durations: a SHA by its first seven characters (the
// whole SHA in its title), a time in UTC with how long ago, a duration in the largest two units.
import { type Html, html } from "./html";

/** A commit as people read it: its first seven characters. */
export function short(sha: string): string {
  return sha.slice(0, 7);
}

/** `iso` as "2026-11-28 08:00 UTC", or the text as given when it is not a time. */
export function utc(iso: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  return `${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** How long before `now` `iso` was: "just now", "4 min ago", "3 h ago", "2 days ago". */
export function ago(iso: string, now: number): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return "";
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 0) return `in ${duration(-seconds)}`;
  if (seconds < 45) return "just now";
  return `${duration(seconds)} ago`;
}

/** A time as the page shows it: UTC, how long ago, and the exact time for machines. */
export function time(iso: string, now: number): Html {
  const when = ago(iso, now);
  return html`<time datetime="${iso}">${utc(iso)}</time>${when === "" ? "" : html` <span class="ago">(${when})</span>`}`;
}

/** Seconds as "42 s", "3 min 20 s", "1 h 5 min", "2 days 3 h"; "—" when not known. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return "—";
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), s >= 172_800 ? "days" : "day"],
    [Math.floor((s % 86_400) / 3600), "h"],
    [Math.floor((s % 3600) / 60), "min"],
    [s % 60, "s"],
  ];
  const first = parts.findIndex(([amount]) => amount > 0);
  return parts
    .slice(first, first + 2)
    .filter(([amount]) => amount > 0)
    .map(([amount, unit]) => `${amount} ${unit}`)
    .join(" ");
}

/** A status word as a person reads it: `dispatch_failed` → "dispatch failed". */
export function words(status: string): string {
  return status.replaceAll("_", " ");
}

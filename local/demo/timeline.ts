// The demo's timeline: one line per thing that happened, in order, from three sources: what the
// demo sent (you), what internalbf answered or decided, what GitHub (the stand-in) did and the
// alerts it received. Times are seconds since the demo began.
import type { TimelineEvent } from "../github/server.ts";

export type Source = "you" | "internalbf" | "github" | "alert";

export interface Timeline {
  readonly say: (source: Source, text: string) => void;
  /** Starts following the stand-in's events (those after the ones already there). */
  readonly follow: (github: string) => Promise<void>;
  /** Shows what the stand-in has said up to now; call before reading a result. */
  readonly catchUp: () => Promise<readonly TimelineEvent[]>;
  readonly stop: () => void;
}

export function timeline(write: (line: string) => void): Timeline {
  const began = Date.now();
  let github = "";
  let seen = 0;
  const events: TimelineEvent[] = [];
  let timer: ReturnType<typeof setInterval> | undefined;
  const line = (at: number, source: Source, text: string) =>
    write(`+${((at - began) / 1000).toFixed(1).padStart(5)}s  ${source.padEnd(10)}  ${text}`);
  const read = async () => {
    if (github === "") return;
    const answer = (await (await fetch(`${github}/__local/events`)).json()) as { events: TimelineEvent[] };
    for (const event of answer.events.slice(seen)) {
      events.push(event);
      line(Date.parse(event.at), event.source, event.text);
    }
    seen = answer.events.length;
  };
  // One read at a time, so no event is shown twice.
  let reading: Promise<void> = Promise.resolve();
  const catchUp = async () => {
    reading = reading.then(read, read);
    await reading;
    return events;
  };
  return {
    say: (source, text) => line(Date.now(), source, text),
    follow: async (url) => {
      github = url;
      const answer = (await (await fetch(`${github}/__local/events`)).json()) as { events: TimelineEvent[] };
      seen = answer.events.length;
      timer = setInterval(() => void catchUp().catch(() => undefined), 100);
    },
    catchUp,
    stop: () => clearInterval(timer),
  };
}

/** Interruptions, engaged time, ops time share, MTTA/MTTR (DESIGN.md "Interruption" … "Ops time share"). */
import type { Acknowledgement, Incident, Page, Person } from "@opsledger/db";
import type { MetricSettings } from "./settings.ts";
import type { Band, Interruption, OncallInput, OncallResult, Span, Window } from "./types.ts";

/** Band of an instant in an IANA time zone. */
export function bandAt(instant: number, timezone: string): Band {
  void instant; void timezone;
  throw new Error("not implemented");
}

/** Pages in the window that count as interruptions (sms/phone/push, 60 s merge), banded per person. */
export function interruptions(pages: Page[], people: Person[], window: Window): Interruption[] {
  void pages; void people; void window;
  throw new Error("not implemented");
}

/** Merged, capped, clipped engaged spans of one person. */
export function engagedSpans(
  person: string,
  acknowledgements: Acknowledgement[],
  incidents: Incident[],
  window: Window,
  settings: MetricSettings,
): Span[] {
  void person; void acknowledgements; void incidents; void window; void settings;
  throw new Error("not implemented");
}

export function computeOncall(input: OncallInput, window: Window, settings: MetricSettings): OncallResult {
  void input; void window; void settings;
  throw new Error("not implemented");
}

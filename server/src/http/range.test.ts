import { describe, expect, test } from "vitest";
import { ApiError } from "./errors.ts";
import { asOfInstant, happenedSoFar, parseBound, resolveRange } from "./range.ts";

const ms = (iso: string) => Date.parse(iso);

describe("parseBound", () => {
  test.each([
    ["2026-03-01", false, ms("2026-03-01T00:00:00Z")],
    // A `to` date is inclusive: it ends at the next midnight.
    ["2026-03-01", true, ms("2026-03-02T00:00:00Z")],
    ["2026-12-31", true, ms("2027-01-01T00:00:00Z")],
    ["2024-02-29", false, ms("2024-02-29T00:00:00Z")],
    // An instant is taken as given, offsets included, whether it is `from` or `to`.
    ["2026-03-01T10:30:00Z", true, ms("2026-03-01T10:30:00Z")],
    ["2026-03-01T10:30:00+02:00", false, ms("2026-03-01T08:30:00Z")],
    ["2026-03-01T10:30:00.250Z", false, ms("2026-03-01T10:30:00.250Z")],
  ])("%s (end of day: %s)", (text, endOfDay, expected) => {
    expect(parseBound(text, endOfDay)).toBe(expected);
  });

  test.each(["", "2026-02-29", "2026-13-01", "2026-3-1", "03/01/2026", "2026-03-01T10:30:00", "now", "1709251200000"])("%j is refused", (text) => {
    expect(parseBound(text, false)).toBeNull();
  });
});

describe("resolveRange", () => {
  const now = ms("2026-06-15T12:00:00Z");
  const day = 86_400_000;

  test("defaults to the 90 days before now", () => {
    expect(resolveRange({}, now)).toEqual({ from: now - 90 * day, to: now });
  });

  test("with only `from`, runs to now; with only `to`, starts 90 days before it", () => {
    expect(resolveRange({ from: ms("2026-06-01T00:00:00Z") }, now)).toEqual({ from: ms("2026-06-01T00:00:00Z"), to: now });
    expect(resolveRange({ to: ms("2026-04-01T00:00:00Z") }, now)).toEqual({ from: ms("2026-04-01T00:00:00Z") - 90 * day, to: ms("2026-04-01T00:00:00Z") });
  });

  test("two calendar years is the longest range", () => {
    expect(resolveRange({ from: ms("2024-02-29T00:00:00Z"), to: ms("2026-02-28T00:00:00Z") }, now).to).toBe(ms("2026-02-28T00:00:00Z"));
    expect(() => resolveRange({ from: ms("2024-03-01T00:00:00Z"), to: ms("2026-03-01T00:00:00.001Z") }, now)).toThrow(/longer than 2 years/);
  });

  test.each([
    ["from after to", { from: ms("2026-03-02T00:00:00Z"), to: ms("2026-03-01T00:00:00Z") }],
    ["an empty range", { from: ms("2026-03-01T00:00:00Z"), to: ms("2026-03-01T00:00:00Z") }],
  ])("%s is a 400", (_, query) => {
    let error: unknown;
    try {
      resolveRange(query, now);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, message: expect.stringContaining("must be before") });
  });

  test("the end stops at now: today's date, or a future one, counts only the time that has happened", () => {
    expect(resolveRange({ from: ms("2026-06-01T00:00:00Z"), to: ms("2026-06-16T00:00:00Z") }, now)).toEqual({ from: ms("2026-06-01T00:00:00Z"), to: now });
    expect(resolveRange({ from: ms("2026-06-01T00:00:00Z"), to: ms("2027-01-01T00:00:00Z") }, now).to).toBe(now);
  });

  test("a range starting after now is a 400 that says so", () => {
    expect(() => resolveRange({ from: ms("2026-07-01T00:00:00Z") }, now)).toThrow(/is in the future/);
    expect(() => resolveRange({ from: ms("2026-07-01T00:00:00Z"), to: ms("2026-08-01T00:00:00Z") }, now)).toThrow(/is in the future/);
  });
});

describe("asOf and sprints stop at now", () => {
  const now = ms("2026-06-15T12:00:00Z");
  test("asOf: as given when past, now when later or absent", () => {
    expect(asOfInstant(ms("2026-06-01T00:00:00Z"), now)).toBe(ms("2026-06-01T00:00:00Z"));
    expect(asOfInstant(ms("2026-06-16T00:00:00Z"), now)).toBe(now);
    expect(asOfInstant(undefined, now)).toBe(now);
  });
  test("the running sprint ends now; past and future sprints keep their windows", () => {
    const running = { from: ms("2026-06-08T00:00:00Z"), to: ms("2026-06-22T00:00:00Z") };
    expect(happenedSoFar(running, now)).toEqual({ from: running.from, to: now });
    const past = { from: ms("2026-05-25T00:00:00Z"), to: ms("2026-06-08T00:00:00Z") };
    expect(happenedSoFar(past, now)).toEqual(past);
    const future = { from: ms("2026-06-22T00:00:00Z"), to: ms("2026-07-06T00:00:00Z") };
    expect(happenedSoFar(future, now)).toEqual(future);
  });
});

import { describe, expect, test } from "vitest";
import { parseIngestBatch } from "./parse.ts";

const deployment = {
  kind: "deployment",
  id: "d1",
  repo: "acme/api",
  environment: "production",
  status: "success",
  finished_at: "2026-03-02T10:00:00+01:00",
  sha: "abc",
};

describe("parseIngestBatch", () => {
  test("NDJSON and a JSON array parse to the same records, timestamps as UTC epoch ms", () => {
    const ndjson = parseIngestBatch(`${JSON.stringify(deployment)}\n\n`);
    const array = parseIngestBatch(JSON.stringify([deployment]));
    expect(ndjson).toEqual(array);
    expect(ndjson).toMatchObject({
      ok: true,
      records: [{ kind: "deployment", source: "ingest", finishedAt: Date.UTC(2026, 2, 2, 9), commits: null, rollback: false }],
    });
  });

  test.each([
    ["a missing field", { ...deployment, sha: undefined }, { line: 2, path: "sha" }],
    ["a timestamp without offset", { ...deployment, finished_at: "2026-03-02T10:00:00" }, { line: 2, path: "finished_at" }],
    ["an unknown status", { ...deployment, status: "done" }, { line: 2, path: "status" }],
    ["an unknown field", { ...deployment, colour: "red" }, { line: 2, path: "" }],
    ["a bad repo", { ...deployment, repo: "api" }, { line: 2, path: "repo" }],
    ["an unknown kind", { kind: "build" }, { line: 2, path: "kind" }],
  ])("%s rejects the batch with its line and field", (_name, bad, where) => {
    const result = parseIngestBatch([JSON.stringify(deployment), JSON.stringify(bad)].join("\n"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0]).toMatchObject(where);
    expect(result.problems[0]?.message).not.toBe("");
  });

  test("a line that is not JSON is named", () => {
    const result = parseIngestBatch(`${JSON.stringify(deployment)}\n{nope`);
    expect(result).toMatchObject({ ok: false, problems: [{ line: 2, path: "" }] });
  });

  test("a lone UTF-16 surrogate is refused by line (it cannot be stored), a real emoji is fine", () => {
    const broken = `{"kind":"person","id":"p","name":"Bad \\ud800 name","timezone":"UTC"}`;
    expect(parseIngestBatch(broken)).toMatchObject({ ok: false, problems: [{ line: 1, path: "name", message: expect.stringContaining("surrogate") }] });
    expect(parseIngestBatch(JSON.stringify({ kind: "person", id: "p", name: "Ana 🚀", timezone: "UTC" }))).toMatchObject({ ok: true });
  });

  test.each([
    ["a 20,000-deep nested array", `{"kind":"person","id":"p","name":"P","timezone":"UTC","x":${"[".repeat(20_000)}${"]".repeat(20_000)}}`, /^x(\.0)+$/, "nested deeper than 8 levels"],
    ["a constructor key", `{"kind":"person","id":"p","name":"P","timezone":"UTC","constructor":{}}`, /^constructor$/, "not allowed"],
  ])("%s is refused by line and field without recursion", (_name, line, path, message) => {
    expect(parseIngestBatch(line)).toMatchObject({ ok: false, problems: [{ line: 1, path: expect.stringMatching(path), message: expect.stringContaining(message) }] });
  });

  test("a person's time zone must be a real IANA zone", () => {
    const result = parseIngestBatch(JSON.stringify({ kind: "person", id: "p", name: "P", timezone: "Mars/Olympus" }));
    expect(result).toMatchObject({ ok: false, problems: [{ line: 1, path: "timezone" }] });
  });
});

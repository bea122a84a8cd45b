/** Assertions on RFC 9457 problem responses, for the route tests' error files. */
import { expect } from "vitest";
import type { Problem } from "../api/schemas/common.ts";

/** Checks the status, the content type, the problem's fields; returns the body for further checks. */
export async function expectProblem(res: Response, status: number, detail: string | RegExp, type?: string): Promise<Problem> {
  const text = await res.text();
  expect({ status: res.status, body: text.slice(0, 300) }).toMatchObject({ status });
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = JSON.parse(text) as Problem;
  expect(body).toMatchObject({ status, title: expect.any(String), type: expect.stringMatching(/^urn:opsledger:problem:/), requestId: expect.any(String) });
  if (type !== undefined) expect(body.type).toBe(`urn:opsledger:problem:${type}`);
  expect(body.detail).toMatch(detail);
  expect(body.requestId).toBe(res.headers.get("x-request-id"));
  return body;
}

/** The small team most route tests read: one team, one person, one deployment. */
export const CORE_BATCH = [
  { kind: "team", id: "core", name: "Core", members: ["ana"], repos: ["acme/api"], services: ["api"] },
  { kind: "person", id: "ana", name: "Ana", timezone: "Europe/Berlin" },
  { kind: "deployment", id: "d1", repo: "acme/api", environment: "production", status: "success", finished_at: "2026-03-02T10:00:00Z", sha: "abc", commits: ["abc"] },
];

export const jsonPost = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  body: typeof body === "string" ? body : JSON.stringify(body),
  headers: { "content-type": "application/json", ...headers },
});

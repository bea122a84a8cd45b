/**
 * The loopback fake of GitLab, its fixtures and a client on it, for other packages' tests (the
 * server's CLI, webhook and equivalence tests): `import … from "@opsledger/collectors/testing/gitlab"`.
 * Not part of the runtime API.
 */
export { startFakeGitlab, type FakeGitlab, type FakeProject } from "../gitlab/fake/server.ts";
export * from "../gitlab/fixtures.ts";
export * from "../gitlab/testing.ts";

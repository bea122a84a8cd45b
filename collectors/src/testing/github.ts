/**
 * The loopback fake of GitHub and its fixtures, for other packages' tests (the server's CLI and
 * webhook tests): `import … from "@opsledger/collectors/testing/github"`. Not part of the runtime API.
 */
export { startFakeGithub, type FakeGithub } from "../github/fake/server.ts";
export * from "../github/fixtures.ts";
export { checkGithubQuery } from "../github/fake/schemaCheck.ts";

/**
 * Run the fake GitHub by hand: `npx tsx collectors/src/github/fake/run.ts [merged PRs]`, then
 * `GITHUB_API_URL=<url> GITHUB_TOKEN=<token> opsledger collect github --repo acme/api`.
 */
import { deployment, historyCommit, pull, sha, workflowRun } from "../fixtures.ts";
import { startFakeGithub } from "./server.ts";

const pulls = Number(process.argv[2] ?? 500);
const fake = await startFakeGithub();
const repo = fake.addRepo("acme/api");
const now = Date.now();
for (let i = 1; i <= pulls; i++) repo.pulls.push(pull("acme/api", i, { at: now - (pulls - i + 2) * 3_600_000 }));
for (let i = 1; i <= 200; i++) repo.commits.push(historyCommit(sha(`c${i}`), now - (200 - i) * 3_600_000, `dev-${i % 7}`));
for (let i = 1; i <= 20; i++) repo.deployments.push(deployment(i, { at: now - (21 - i) * 8 * 3_600_000, commitOid: sha(`c${i * 10}`) }));
for (let i = 1; i <= 150; i++) repo.runs.push(workflowRun(i, { at: now - (151 - i) * 1_200_000 }));
fake.orgs.set("acme", ["acme/api"]);
console.log(`fake GitHub at ${fake.url} (token ${fake.token}): acme/api with ${pulls} merged PRs; Ctrl-C to stop`);

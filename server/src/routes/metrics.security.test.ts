import { describeAccessRules } from "../testing/accessRules.ts";

describeAccessRules(["metrics", "org"]);

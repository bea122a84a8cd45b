import { describeAccessRules } from "../testing/accessRules.ts";

describeAccessRules(["people"]);

import { describeAccessRules } from "../testing/accessRules.ts";

describeAccessRules(["records"]);

/**
 * Check a query the way GitHub would before running it: valid against the public schema, every
 * variable defined and of the right type, and every connection asking for 1–100 nodes.
 */
import {
  getNamedType,
  getVariableValues,
  Kind,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type OperationDefinitionNode,
  type ValueNode,
} from "graphql";
import { intValue } from "../queries.ts";
import { githubGraphqlSchema } from "./server.ts";

export function checkGithubQuery(query: string, variables: Record<string, unknown>): string[] {
  const schema = githubGraphqlSchema();
  let document;
  try {
    document = parse(query);
  } catch (error) {
    return [`syntax: ${(error as Error).message}`];
  }
  const problems = validate(schema, document).map((e) => e.message);
  if (problems.length > 0) return problems;
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  for (const op of operations) {
    const coerced = getVariableValues(schema, op.variableDefinitions ?? [], variables);
    if (coerced.errors) problems.push(...coerced.errors.map((e) => `variables: ${e.message}`));
    const declared = new Set((op.variableDefinitions ?? []).map((d) => d.variable.name.value));
    for (const name of Object.keys(variables)) if (!declared.has(name)) problems.push(`variables: $${name} is passed but not declared`);
  }
  const resolve = (node: ValueNode | undefined): number | null => intValue(node, variables);
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const type = typeInfo.getType();
        if (type === null || type === undefined || !getNamedType(type).name.endsWith("Connection")) return;
        const first = resolve(node.arguments?.find((a) => a.name.value === "first")?.value);
        const last = resolve(node.arguments?.find((a) => a.name.value === "last")?.value);
        const size = first ?? last;
        if (size === null) problems.push(`connection ${node.name.value} has neither first nor last`);
        else if (size < 1 || size > 100) problems.push(`connection ${node.name.value} asks for ${size} nodes (must be 1–100)`);
      },
    }),
  );
  return problems;
}

/**
 * Type-level checks that a response schema and the TypeScript type it mirrors say the same thing:
 * `Same<A, B>` is true only when each is assignable to the other, so a field added, removed,
 * renamed or retyped on either side (a metric result type in server/src/metrics/types.ts, say)
 * fails `npm run typecheck` instead of drifting from the documented contract.
 */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compiles only when `T` is `true`: `export type _X = InSync<Same<z.output<typeof schema>, Type>>`. */
export type InSync<T extends true> = T;

// `Symbol.asyncDispose`, the key of the engine's `await using` support, in types that compile in any
// project: one with `lib: ["ES2022", "DOM"]` and no @types/node has no `Symbol.asyncDispose` in its
// lib (it came with esnext.disposable), so the shipped .d.ts declares it here, exactly as TypeScript's
// own lib and @types/node do; identical declarations merge.
declare global {
  interface SymbolConstructor {
    /** The method that `await using` calls at the end of the block. */
    readonly asyncDispose: unique symbol;
  }
}

/**
 * `Symbol.asyncDispose`, or where a runtime lacks it (Node before 20.4 and some browsers), the
 * registered symbol that polyfills (core-js, TypeScript's downlevel helpers) use for it.
 */
export const asyncDispose: typeof Symbol.asyncDispose =
  Symbol.asyncDispose ?? (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose);

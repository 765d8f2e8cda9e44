// Types for data.js, which the page loads as it is (no build step).
import type { NumericArray } from '../../../dist/index.js';

export const types: readonly string[];
export function random32(seed: number): () => number;
export function fill<T extends NumericArray>(view: T, seed: number): T;
export function reference(view: NumericArray): { exact: string } | { approx: number; tolerance: number };
export function lengthFor(type: string, mib: number): number;

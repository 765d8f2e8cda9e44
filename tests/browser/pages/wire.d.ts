// Types for wire.js, which the page loads as it is (no build step).
export function encode(value: unknown): string;
export function decode(text: string): unknown;

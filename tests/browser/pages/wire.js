// JSON with tags for the values JSON cannot carry (bigint, -0, NaN, ±Infinity, undefined): how the
// tests pass arguments to the page and read its results, the same way through every browser driver.
// Loaded as it is by the page, and imported by the vitest side.

const tag = '$ps';

export function encode(value) {
  return JSON.stringify(value, function replace(key, v) {
    const raw = this[key];
    if (typeof raw === 'bigint') return { [tag]: 'bigint', v: String(raw) };
    if (typeof raw === 'number' && (!Number.isFinite(raw) || Object.is(raw, -0))) return { [tag]: 'number', v: String(Object.is(raw, -0) ? '-0' : raw) };
    if (raw === undefined) return { [tag]: 'undefined' };
    return v;
  });
}

export function decode(text) {
  const none = {}; // stands for undefined while parsing: a reviver that returns undefined deletes the key
  const parsed = JSON.parse(text, (key, v) => {
    if (v === null || typeof v !== 'object' || !(tag in v)) return v;
    if (v[tag] === 'bigint') return BigInt(v.v);
    if (v[tag] === 'number') return v.v === '-0' ? -0 : Number(v.v);
    return none;
  });
  const restore = (v) => {
    if (v === none) return undefined;
    if (v !== null && typeof v === 'object') for (const key of Object.keys(v)) v[key] = restore(v[key]);
    return v;
  };
  return restore(parsed);
}

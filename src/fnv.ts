/**
 * FNV-1a, 32 bits, over a string's UTF-16 units: the one small, stable, non-cryptographic hash the
 * project uses (shard assignment, seeded sampling, the report's colour of a group). Pure.
 */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

export function fnv1a(s: string): number {
  return fnv1aRange(s, 0, s.length) >>> 0;
}

/** FNV-1a of s[from, to), as a signed 32-bit number (a hashed table's key; `>>> 0` for the unsigned value). */
export function fnv1aRange(s: string, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

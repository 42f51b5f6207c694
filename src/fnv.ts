/**
 * FNV-1a, 32 bits, over a string's UTF-16 units: the one small, stable, non-cryptographic hash the
 * project uses (shard assignment, seeded sampling, the report's colour of a group). Pure.
 */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

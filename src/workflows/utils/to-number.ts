/**
 * Medusa returns money fields as numbers, numeric strings or BigNumber
 * objects depending on the entity; the learning maths needs plain numbers.
 */
export function toNumber(value: unknown): number {
  if (value == null) return 0
  if (typeof value === "number") return value
  if (typeof value === "string") return Number(value)
  if (typeof value === "object") {
    const v = value as { numeric?: unknown; value?: unknown; toJSON?: () => unknown }
    if (typeof v.numeric === "number") return v.numeric
    if (v.value !== undefined) return Number(v.value)
    if (typeof v.toJSON === "function") return Number(v.toJSON())
  }
  return Number(value)
}

import { describe, expect, it } from "vitest"
import { expandListBindings } from "../sql"

describe("expandListBindings (the repositories' placeholder rules on a driver that binds values)", () => {
  it("turns an array binding into a list, an empty one into NULL, undefined into NULL", () => {
    expect(expandListBindings("SELECT 1 WHERE a IN (?) AND b NOT IN (?) AND c = ? LIMIT ?", [["x", "y"], [], 3, undefined])).toEqual({
      sql: "SELECT 1 WHERE a IN (?, ?) AND b NOT IN (NULL) AND c = ? LIMIT ?",
      bindings: ["x", "y", 3, null],
    })
  })

  it("leaves an escaped question mark alone and keeps scalar-only statements as they are", () => {
    expect(expandListBindings("SELECT '\\?' , ? WHERE x IN (?)", [1, [2]])).toEqual({ sql: "SELECT '\\?' , ? WHERE x IN (?)", bindings: [1, 2] })
    expect(expandListBindings("SELECT ?::jsonb", ['{"a":1}'])).toEqual({ sql: "SELECT ?::jsonb", bindings: ['{"a":1}'] })
  })
})

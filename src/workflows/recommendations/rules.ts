/**
 * The merchant's rules for one request: compiled once per (catalogue
 * snapshot, rule set, placement) and shared by every request that has the
 * same three, like the ranking's own indexes. A rule set is one array per
 * load (cached for the catalogue's time-to-live), so a change reaches every
 * process within that bound and this one at once.
 */
import type { RemoteQueryFunction } from "@medusajs/framework/types"
import { NO_RULES, compileRules, type CompiledRules, type MerchandisingRule } from "../../learning/merchandising"
import type { ProductCard } from "../../learning/ranking"
import type { Placement } from "../../learning/state"
import type { CatalogKey, CatalogSnapshot } from "./catalog"

type Members = Map<string, Set<string>>

const compiled = new WeakMap<readonly ProductCard[], WeakMap<readonly MerchandisingRule[], Map<string, CompiledRules>>>()
const memberships = new WeakMap<readonly MerchandisingRule[], Promise<Members>>()

/** The products of every collection and tag the rules name: one query per kind, once per rule set. */
function membersOf(query: Omit<RemoteQueryFunction, symbol>, rules: readonly MerchandisingRule[]): Promise<Members> {
  let members = memberships.get(rules)
  if (!members) {
    members = (async () => {
      const out: Members = new Map()
      const wanted = (type: "collection" | "tag") => [...new Set(rules.filter((r) => r.target_type === type).flatMap((r) => r.target_ids))]
      const collections = wanted("collection")
      if (collections.length) {
        const { data } = await query.graph({ entity: "product", fields: ["id", "collection_id"], filters: { collection_id: collections } })
        for (const p of data as Array<{ id: string; collection_id: string }>) {
          const key = `collection:${p.collection_id}`
          out.set(key, (out.get(key) ?? new Set()).add(p.id))
        }
      }
      const tags = wanted("tag")
      if (tags.length) {
        const { data } = await query.graph({ entity: "product", fields: ["id", "tags.id"], filters: { tags: { id: tags } } as any })
        for (const p of data as Array<{ id: string; tags?: Array<{ id: string }> }>) {
          for (const t of p.tags ?? []) {
            if (!tags.includes(t.id)) continue
            const key = `tag:${t.id}`
            out.set(key, (out.get(key) ?? new Set()).add(p.id))
          }
        }
      }
      return out
    })()
    memberships.set(rules, members)
    // a failed read is not kept: the next request tries again
    members.catch(() => memberships.delete(rules))
  }
  return members
}

export async function rulesFor(
  query: Omit<RemoteQueryFunction, symbol>,
  rules: readonly MerchandisingRule[],
  catalog: CatalogSnapshot,
  key: CatalogKey,
  placement: Placement
): Promise<CompiledRules> {
  if (!rules.length) return NO_RULES
  let byRules = compiled.get(catalog.cards)
  if (!byRules) compiled.set(catalog.cards, (byRules = new WeakMap()))
  let byPlacement = byRules.get(rules)
  if (!byPlacement) byRules.set(rules, (byPlacement = new Map()))
  let result = byPlacement.get(placement)
  if (!result) {
    const members = await membersOf(query, rules)
    const none = new Set<string>()
    result = compileRules(
      rules,
      { salesChannelId: key.salesChannelId, currencyCode: key.currencyCode, placement },
      {
        cards: catalog.cards,
        categoriesOf: (id) => catalog.categoriesByProduct.get(id) ?? [],
        members: (type, id) => members.get(`${type}:${id}`) ?? none,
      }
    )
    byPlacement.set(placement, result)
  }
  return result
}

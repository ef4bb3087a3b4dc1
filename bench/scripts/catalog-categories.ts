/**
 * What reading the catalogue's categories costs, by way of reading them, in
 * a demo store's process (set up as bench/scripts/catalog-pages.ts says):
 *
 *   cd .cache/bench-profile && DATABASE_URL=postgres://postgres@127.0.0.1:5432/rl_bench_profile \
 *     npx medusa exec ../../bench/scripts/catalog-categories.ts
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

export default async function catalogCategories({ container }: ExecArgs) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: links } = await query.graph({ entity: "product_sales_channel", fields: ["product_id"] })
  const ids = [...new Set((links as any[]).map((l) => l.product_id))]
  const measure = async (name: string, fn: () => Promise<number>) => {
    for (let round = 0; round < 2; round++) {
      const cpu0 = process.cpuUsage()
      const t0 = performance.now()
      const n = await fn()
      const cpu = process.cpuUsage(cpu0)
      console.log(`| ${name} | ${round} | ${n} | ${(performance.now() - t0).toFixed(0)} | ${((cpu.user + cpu.system) / 1000).toFixed(0)} |`)
    }
  }
  const paged = async (fields: string[]) => {
    let n = 0
    for (let i = 0; i < ids.length; i += 100) {
      const { data } = await query.graph({ entity: "product", fields, filters: { id: ids.slice(i, i + 100) } })
      n += data.length
    }
    return n
  }
  console.log("| read | round | rows | wall ms | CPU ms |\n| --- | ---: | ---: | ---: | ---: |")
  await measure("product id, title", () => paged(["id", "title", "handle", "thumbnail", "status"]))
  await measure("+ categories.id, handle", () => paged(["id", "title", "handle", "thumbnail", "status", "categories.id", "categories.handle"]))
  await measure("+ categories.id", () => paged(["id", "title", "handle", "thumbnail", "status", "categories.id"]))
  await measure("+ variants", () => paged(["id", "variants.id", "variants.manage_inventory", "variants.allow_backorder"]))
  await measure("product_category all with products.id", async () => {
    const { data } = await query.graph({ entity: "product_category", fields: ["id", "handle", "products.id"] })
    return (data as any[]).reduce((s, c) => s + (c.products?.length ?? 0), 0)
  })
  await measure("product per category (id only, pages of 1000)", async () => {
    const { data: cats } = await query.graph({ entity: "product_category", fields: ["id", "handle"] })
    let n = 0
    for (const c of cats as any[]) {
      for (let skip = 0; ; skip += 1000) {
        const { data } = await query.graph({ entity: "product", fields: ["id"], filters: { categories: { id: c.id } } as any, pagination: { skip, take: 1000 } })
        n += data.length
        if (data.length < 1000) break
      }
    }
    return n
  })
  await measure("product per category (id only, keyset pages of 1000)", async () => {
    const { data: cats } = await query.graph({ entity: "product_category", fields: ["id", "handle"] })
    let n = 0
    for (const c of cats as any[]) {
      for (let after: string | null = null; ; ) {
        const { data } = await query.graph({
          entity: "product",
          fields: ["id"],
          filters: { categories: { id: c.id }, ...(after ? { id: { $gt: after } } : {}) } as any,
          pagination: { take: 1000, order: { id: "ASC" } },
        })
        n += data.length
        if (data.length < 1000) break
        after = (data[data.length - 1] as any).id
      }
    }
    return n
  })
  const productModule = container.resolve("product") as any
  await measure("product module listProductCategories products.id", async () => {
    const cats = await productModule.listProductCategories({}, { select: ["id", "handle", "products.id"], relations: ["products"] })
    return cats.reduce((s: number, c: any) => s + (c.products?.length ?? 0), 0)
  })
}

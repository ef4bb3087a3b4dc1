import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createRegionsWorkflow, updateInventoryLevelsWorkflow, updateProductsWorkflow } from "@medusajs/medusa/core-flows"
import { DEFAULT_STATE_MODEL } from "../../src/learning/state"
import { RL_AGENT_MODULE } from "../../src/modules/rl-agent"
import type RlAgentModuleService from "../../src/modules/rl-agent/service"
import { priceInBand, isPriceStrategy, STRATEGIES } from "../../src/learning/strategies"
import { maxQ, qUpdate } from "../../src/learning/update"
import { countQueries } from "../helpers/query-counter"
import { catalogCache } from "../../src/workflows/recommendations/catalog-cache"
import { loadCatalog, loadInterimCatalog } from "../../src/workflows/recommendations/catalog"
import { productsChangedSince } from "../../src/workflows/recommendations/catalog-changes"
import { readCartThroughModule } from "../../src/workflows/recommendations/serve/read-cart"
import { adminHeaders, createStoreFixture, customerToken, type StoreFixture } from "../helpers/fixtures"

// an hour: a catalogue change seen within a minute can only have come from the catalogue's events
process.env.RL_PLUGIN_OPTIONS = JSON.stringify({ catalogCacheTtlSeconds: 3600 })

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let store: StoreFixture
    let admin: Record<string, string>
    let pk: { "x-publishable-api-key": string }

    const rl = () => getContainer().resolve<RlAgentModuleService>(RL_AGENT_MODULE)
    const byTitle = (title: string) => store.products.find((p) => p.title === title)!
    const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
      api.post(url, body, { headers: { ...pk, ...headers } }).catch((e: any) => e.response)

    async function createCart(items: string[], headers: Record<string, string> = {}) {
      const res = await post(
        "/store/carts",
        {
          region_id: store.regionId,
          sales_channel_id: store.salesChannelId,
          items: items.map((t) => ({ variant_id: byTitle(t).variant_id, quantity: 1 })),
        },
        headers
      )
      expect(res.status).toBe(200)
      return res.data.cart
    }

    async function setEpsilon(epsilon: number) {
      const res = await api.patch("/admin/rl/agent", { epsilon, epsilon_min: 0 }, { headers: admin })
      expect(res.status).toBe(200)
    }

    beforeAll(async () => {
      store = await createStoreFixture(getContainer())
      admin = await adminHeaders(getContainer())
      pk = { "x-publishable-api-key": store.publishableKey }
    })

    describe("POST /store/rl/recommendations", () => {
      it("returns scored, sellable products that are not in the cart, and logs the decision", async () => {
        const cart = await createCart(["Tea Light Holder", "Wreath"])
        const res = await post("/store/rl/recommendations", { cart_id: cart.id, limit: 4 })
        expect(res.status).toBe(200)
        const rec = res.data.recommendation
        expect(rec.id).toMatch(/^rldec_/)
        expect(STRATEGIES).toContain(rec.strategy)
        expect(typeof rec.explored).toBe("boolean")
        expect(rec.propensity).toBeGreaterThan(0)
        expect(rec.propensity).toBeLessThanOrEqual(1)
        expect(rec.model_version).toBe(1)
        expect(rec.products.length).toBeGreaterThan(0)
        expect(rec.products.length).toBeLessThanOrEqual(4)
        for (const p of rec.products) {
          expect(p).toEqual({
            id: expect.any(String),
            title: expect.any(String),
            handle: expect.any(String),
            thumbnail: null,
            variant_id: expect.any(String),
            price: { amount: expect.any(Number), currency_code: "gbp" },
            score: expect.any(Number),
            reason: expect.objectContaining({ kind: expect.any(String) }),
          })
          expect(p.score).toBeGreaterThan(0)
          expect(p.score).toBeLessThanOrEqual(1)
        }
        const titles = rec.products.map((p: any) => p.title)
        expect(titles).not.toContain("Tea Light Holder")
        expect(titles).not.toContain("Wreath")
        expect(titles).not.toContain("Out Of Stock Mug")
        expect(titles).not.toContain("Draft Vase")

        expect(rec).toMatchObject({ placement: "cart", intent: "complementary", product_id: null, feedback_token: expect.stringMatching(/^[\w-]{32}$/) })
        const [decision] = await rl().listRlDecisions({ id: rec.id })
        expect(decision).toMatchObject({ cart_id: cart.id, strategy: rec.strategy, currency_code: "gbp", placement: "cart", anchor_product_id: null })
        expect(decision.product_ids).toEqual(rec.products.map((p: any) => p.id))
        expect((decision.features as any).cartTotal).toBeCloseTo(37.5, 6)
        // Medusa fills the shipping country from a single-country region
        expect((decision.features as any).country).toBe("gb")
      })

      it("keeps price-band strategies inside their band, and never recommends unsellable products", async () => {
        await setEpsilon(1) // always explore: every strategy gets drawn
        const cart = await createCart(["Cake Stand"])
        const seen = new Set<string>()
        for (let i = 0; i < 36; i++) {
          const res = await post("/store/rl/recommendations", { cart_id: cart.id, limit: 10 })
          expect(res.status).toBe(200)
          const rec = res.data.recommendation
          seen.add(rec.strategy)
          const titles = rec.products.map((p: any) => p.title)
          expect(titles).not.toContain("Cake Stand")
          expect(titles).not.toContain("Out Of Stock Mug")
          expect(titles).not.toContain("Draft Vase")
          if (isPriceStrategy(rec.strategy)) {
            // GBP keeps the original design's bands; the band's own products come first, the nearest prices fill
            expect(rec.price_bands).toEqual({ low: 10, high: 50, source: "option" })
            expect(rec.products).toHaveLength(9) // every sellable product but the cart's
            const inBand = rec.products.map((p: any) => priceInBand(rec.strategy, p.price.amount))
            expect(inBand.indexOf(false)).toBe(inBand.filter(Boolean).length)
            expect(rec.fallback).toBe("price_band_short")
          }
          if (rec.strategy === "category_match") {
            // the cart holds a kitchen item: kitchen products come first
            expect(rec.products[0].title).toMatch(/Jam Making Set|Regency Tea Set/)
          }
        }
        expect([...seen].filter((s) => isPriceStrategy(s as any)).length).toBeGreaterThanOrEqual(2)
      })

      it("ranks popular by the trailing window, personalized by stored co-purchases, and a price band by that relevance first", async () => {
        const line = (source_id: string, title: string, quantity: number, at: string) => ({
          source_id, customer_id: null, product_id: byTitle(title).id, quantity, unit_price: byTitle(title).price,
          currency_code: "gbp", purchased_at: new Date(at), is_return: false,
        })
        await rl().createRlPurchases([
          line("inv0", "Dresser", 100, "2011-01-01T10:00:00Z"), // a year before the rest: outside 90 days
          line("inv1", "Cake Stand", 1, "2011-12-01T10:00:00Z"),
          line("inv1", "Lantern", 1, "2011-12-01T10:00:00Z"),
          line("inv2", "Cake Stand", 1, "2011-12-02T10:00:00Z"),
          line("inv2", "Lantern", 1, "2011-12-02T10:00:00Z"),
          line("inv2", "Doormat", 1, "2011-12-02T10:00:00Z"), // one shared basket: related, less than Lantern
          line("inv3", "Heart Bunting", 5, "2011-12-09T10:00:00Z"),
          line("inv4", "Wreath", 10, "2011-12-09T11:00:00Z"), // the medium band's best seller, bought with nothing
        ])
        await rl().refreshStatistics()
        catalogCache.clear()
        await setEpsilon(1)
        const cart = await createCart(["Cake Stand"])
        const seen = new Map<string, any>()
        for (let i = 0; i < 120 && !(seen.has("popular") && seen.has("personalized") && seen.has("medium_price")); i++) {
          const rec = (await post("/store/rl/recommendations", { cart_id: cart.id, limit: 5 })).data.recommendation
          seen.set(rec.strategy, rec)
        }
        const titles = (s: string) => seen.get(s).products.map((p: any) => p.title)
        expect(titles("popular").slice(0, 3)).toEqual(["Wreath", "Heart Bunting", "Lantern"])
        expect(titles("popular").indexOf("Dresser")).toBeGreaterThan(2)
        expect(titles("personalized")[0]).toBe("Lantern")
        expect(seen.get("personalized").fallback).toBe("filled_from_popular")
        expect(seen.get("personalized").products[0].score).toBe(1)
        // £10–50: Lantern and Doormat (bought with the cart's Cake Stand, twice and once) before Wreath (sold most, never with it)
        expect(titles("medium_price").slice(0, 3)).toEqual(["Lantern", "Doormat", "Wreath"])
        expect(seen.get("medium_price").fallback).toBe("price_band_short") // three products in the band for five places
      })

      it("serves a product page around its product, never the product itself, each product with the reason that ranked it", async () => {
        const line = (source_id: string, title: string) => ({
          source_id, customer_id: null, product_id: byTitle(title).id, quantity: 1, unit_price: byTitle(title).price,
          currency_code: "gbp", purchased_at: new Date("2011-12-05T10:00:00Z"), is_return: false,
        })
        await rl().createRlPurchases([
          line("pp1", "Jam Making Set"), line("pp1", "Tea Light Holder"),
          line("pp2", "Jam Making Set"), line("pp2", "Tea Light Holder"),
          line("pp3", "Jam Making Set"), line("pp3", "Paper Chain Kit"),
        ])
        await rl().refreshStatistics()
        catalogCache.clear()
        await setEpsilon(1)
        const jam = byTitle("Jam Making Set").id
        const seen = new Map<string, any>()
        for (let i = 0; i < 120 && seen.size < STRATEGIES.length; i++) {
          const res = await post("/store/rl/recommendations", { product_id: jam, limit: 5 })
          expect(res.status).toBe(200)
          const rec = res.data.recommendation
          expect(rec).toMatchObject({ placement: "product", product_id: jam, intent: "complementary" })
          expect(rec.products.map((p: any) => p.id)).not.toContain(jam)
          seen.set(rec.strategy, rec)
        }
        expect(seen.size).toBe(STRATEGIES.length)
        // bought with the page's product: Tea Light Holder (twice) before Paper Chain Kit (once), and the reason names it
        const personalized = seen.get("personalized")
        expect(personalized.products.slice(0, 2).map((p: any) => p.title)).toEqual(["Tea Light Holder", "Paper Chain Kit"])
        expect(personalized.products[0].reason).toEqual({ kind: "bought_with", product_ids: [jam] })
        expect(seen.get("popular").products.every((p: any) => p.reason.kind === "popular_now")).toBe(true)
        // the page's category (kitchen) is the category strategy's: its own products say so
        const kitchen = seen.get("category_match").products.filter((p: any) => p.reason.kind === "in_category")
        expect(kitchen.map((p: any) => p.title)).toEqual(expect.arrayContaining(["Cake Stand", "Regency Tea Set"]))
        for (const s of ["low_price", "medium_price", "high_price"]) {
          for (const p of seen.get(s).products) {
            expect(["bought_with", "in_price_band", "near_price_band"]).toContain(p.reason.kind)
            if (p.reason.kind !== "bought_with") expect(p.reason.band).toBe(s.replace("_price", ""))
          }
        }
        // the placement is part of the state: a product page learns apart from a cart
        const [decision] = await rl().listRlDecisions({ id: personalized.id })
        expect(decision).toMatchObject({ placement: "product", intent: "complementary", anchor_product_id: jam, cart_id: null })
        expect(decision.state_key).toMatch(/\|pl:product$/)
        expect((decision.products as unknown as any[])[0].reason).toEqual({ kind: "bought_with", product_ids: [jam] })

        // a page whose product is sold out is still a page: its product is still never shown
        const mug = await post("/store/rl/recommendations", { product_id: byTitle("Out Of Stock Mug").id })
        expect(mug.status).toBe(200)
        expect(mug.data.recommendation.products.map((p: any) => p.title)).not.toContain("Out Of Stock Mug")
        // with a cart, the page's product comes first and the cart's products are still left out
        const cart = await createCart(["Cake Stand"])
        const withCart = (await post("/store/rl/recommendations", { product_id: jam, cart_id: cart.id })).data.recommendation
        expect(withCart.placement).toBe("product")
        expect(withCart.products.map((p: any) => p.title)).not.toContain("Cake Stand")
        // without a product or a cart, the home page
        const home = (await post("/store/rl/recommendations", {})).data.recommendation
        expect(home).toMatchObject({ placement: "home", product_id: null })
        const [homeDecision] = await rl().listRlDecisions({ id: home.id })
        expect(homeDecision.state_key).toMatch(/\|pl:home$/)
      })

      it("finds substitutes for intent similar: the anchor's category only, closest in price first, and says when there are few", async () => {
        await setEpsilon(1)
        const cakeStand = byTitle("Cake Stand").id
        const kitchen = ["Jam Making Set", "Regency Tea Set"] // sellable kitchen products beside Cake Stand
        const seen = new Map<string, any>()
        for (let i = 0; i < 120 && seen.size < STRATEGIES.length; i++) {
          const rec = (await post("/store/rl/recommendations", { product_id: cakeStand, intent: "similar", limit: 4 })).data.recommendation
          expect(rec.intent).toBe("similar")
          expect(rec.products.map((p: any) => p.title).sort()).toEqual(kitchen)
          expect(rec.fallback).toBe("few_similar_products")
          for (const p of rec.products) expect(p.reason).toEqual({ kind: "similar_to", product_id: cakeStand })
          seen.set(rec.strategy, rec)
        }
        // £9.99 is closer to £12.50 than £120 is
        expect(seen.get("personalized").products.map((p: any) => p.title)).toEqual(kitchen)
        // substitutes for the cart's products when there is no page
        const cart = await createCart(["Cake Stand"])
        const forCart = (await post("/store/rl/recommendations", { cart_id: cart.id, intent: "similar" })).data.recommendation
        expect(forCart).toMatchObject({ placement: "cart", intent: "similar" })
        expect(forCart.products.map((p: any) => p.title).sort()).toEqual(kitchen)
      })

      it("rejects a placement without what it needs, and a product that is not the channel's", async () => {
        for (const [body, message] of [
          [{ placement: "product" }, /placement product needs the product_id/],
          [{ placement: "cart", product_id: byTitle("Lantern").id }, /send placement "product"/],
          [{ intent: "similar" }, /intent similar needs a product_id/],
          [{ placement: "shelf" }, /placement/],
          [{ intent: "cheaper" }, /intent/],
        ] as Array<[unknown, RegExp]>) {
          const res = await post("/store/rl/recommendations", body)
          expect(res.status).toBe(400)
          expect(res.data.message).toMatch(message)
        }
        const unknown = await post("/store/rl/recommendations", { product_id: "prod_nope" })
        expect(unknown.status).toBe(404)
        expect(unknown.data.message).toMatch(/prod_nope was not found in the sales channel/)
        const checkout = await post("/store/rl/recommendations", { placement: "checkout" })
        expect(checkout.data.recommendation.placement).toBe("checkout")
      })

      it("serves a guest without a cart in the store's default region, else its only region", async () => {
        const res = await post("/store/rl/recommendations", {})
        expect(res.status).toBe(200)
        const rec = res.data.recommendation
        // 6 by default; a price band may hold fewer (and says so)
        expect(rec.products.length).toBe(rec.fallback === "price_band_short" ? rec.products.length : 6)
        expect(rec.products.length).toBeGreaterThan(0)
        expect(rec.products[0].price.currency_code).toBe("gbp")

        const storeModule = getContainer().resolve(Modules.STORE)
        const [s] = await storeModule.listStores()
        await storeModule.updateStores(s.id, { default_region_id: null })
        rl().invalidateStoreDefaults() // cached like the catalogue (catalogCacheTtlSeconds)
        // without a default region the store's only region prices the guest, and the response says so
        const noDefault = await post("/store/rl/recommendations", {})
        expect(noDefault.status).toBe(200)
        expect(noDefault.data.recommendation.region).toEqual({ id: store.regionId, currency_code: "gbp", source: "only_region" })
        expect(res.data.recommendation.region.source).toBe("store_default")
        await storeModule.updateStores(s.id, { default_region_id: store.regionId })
        rl().invalidateStoreDefaults()
      })

      it("rejects malformed bodies with 400 naming the field", async () => {
        const cases: Array<[unknown, RegExp]> = [
          [{ limit: 0 }, /limit/],
          [{ limit: 51 }, /limit/],
          [{ limit: "6" }, /limit/],
          [{ cart_id: 42 }, /cart_id/],
          [{ customer_id: "cus_123" }, /customer_id/],
          [{ context: { device: "fridge" } }, /device/],
          [{ context: { session_id: "s", extra: 1 } }, /extra/],
        ]
        for (const [body, field] of cases) {
          const res = await post("/store/rl/recommendations", body)
          expect(res.status).toBe(400)
          expect(res.data.message).toMatch(field)
        }
      })

      it("needs a publishable key, and refuses an unknown or another customer's cart", async () => {
        const noKey = await api.post("/store/rl/recommendations", {}).catch((e: any) => e.response)
        expect(noKey.status).toBe(400)
        expect(noKey.data.message).toMatch(/publishable/i)

        const missing = await post("/store/rl/recommendations", { cart_id: "cart_does_not_exist" })
        expect(missing.status).toBe(404)

        const alice = await customerToken(getContainer(), "alice@test.dev")
        const bob = await customerToken(getContainer(), "bob@test.dev")
        const aliceCart = await createCart(["Lantern"], { authorization: alice.authorization })
        expect(aliceCart.customer_id).toBe(alice.customerId)
        const asBob = await post("/store/rl/recommendations", { cart_id: aliceCart.id }, { authorization: bob.authorization })
        expect(asBob.status).toBe(404)
        const asAlice = await post("/store/rl/recommendations", { cart_id: aliceCart.id }, { authorization: alice.authorization })
        expect(asAlice.status).toBe(200)
        const [decision] = await rl().listRlDecisions({ id: asAlice.data.recommendation.id })
        // stored as a keyed hash, never as the id
        expect(decision.customer_hash).toBe(rl().hashCustomerId(alice.customerId))
        expect(JSON.stringify(decision)).not.toContain(alice.customerId)
      })

      it("reads a cart in one statement that agrees with the cart module's read, through every change a storefront makes", async () => {
        const both = async (id: string) => {
          const direct = await rl().getCart(id)
          const viaModule = await readCartThroughModule(getContainer(), id)
          const sorted = (c: typeof direct) => c && { ...c, items: [...c.items].sort((a, b) => `${a.product_id}`.localeCompare(`${b.product_id}`)) }
          expect(sorted(direct)).toEqual(sorted(viaModule))
          return direct
        }
        const alice = await customerToken(getContainer(), "carol@test.dev")
        const cart = await createCart(["Tea Light Holder", "Wreath"], { authorization: alice.authorization })
        const read = await both(cart.id)
        expect(read).toMatchObject({ id: cart.id, customer_id: alice.customerId, region_id: store.regionId, currency_code: "gbp", country_code: "gb" })
        expect(read!.items.map((i) => i.product_id).sort()).toEqual([byTitle("Tea Light Holder").id, byTitle("Wreath").id].sort())

        const wreath = cart.items.find((i: any) => i.product_id === byTitle("Wreath").id)
        const tea = cart.items.find((i: any) => i.product_id === byTitle("Tea Light Holder").id)
        expect((await post(`/store/carts/${cart.id}/line-items/${tea.id}`, { quantity: 3 })).status).toBe(200)
        const removed = await api.delete(`/store/carts/${cart.id}/line-items/${wreath.id}`, { headers: pk }).catch((e: any) => e.response)
        expect(removed.status).toBe(200)
        expect((await both(cart.id))!.items).toEqual([{ product_id: byTitle("Tea Light Holder").id, quantity: 3, unit_price: expect.any(Number) }])

        // no region, no address, no items: what a cart made outside the storefront can be
        const cartModule = getContainer().resolve(Modules.CART)
        const bare = await cartModule.createCarts({ currency_code: "eur" })
        expect(await both(bare.id)).toMatchObject({ region_id: null, country_code: null, items: [] })
        await cartModule.softDeleteCarts([bare.id])
        expect(await both(bare.id)).toBeNull()
        expect(await both("cart_does_not_exist")).toBeNull()
      })

      it("drops an unpublished or sold-out product within the event-driven bound, serving every request meanwhile", async () => {
        const container = getContainer()
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const shown = async () => {
          const res = await post("/store/rl/recommendations", { limit: 50 })
          expect(res.status).toBe(200)
          return new Set<string>(res.data.recommendation.products.map((p: any) => p.title))
        }
        const bunting = byTitle("Heart Bunting")
        const tea = byTitle("Tea Light Holder")
        const { data: [variant] } = await query.graph({ entity: "variant", fields: ["inventory_items.inventory_item_id"], filters: { id: tea.variant_id } })
        const inventoryItemId = variant.inventory_items[0].inventory_item_id
        const [level] = await container.resolve(Modules.INVENTORY).listInventoryLevels({ inventory_item_id: inventoryItemId })
        const setStock = (stocked_quantity: number) =>
          updateInventoryLevelsWorkflow(container).run({ input: { updates: [{ inventory_item_id: inventoryItemId, location_id: level.location_id, stocked_quantity }] } })
        const setStatus = (status: "draft" | "published") =>
          updateProductsWorkflow(container).run({ input: { selector: { id: bunting.id }, update: { status } } })
        /** Polls until `done`; the time it took, or a failure (the catalogue's time-to-live is an hour here). */
        const until = async (done: (titles: Set<string>) => boolean) => {
          const started = Date.now()
          while (!done(await shown())) {
            if (Date.now() - started > 55_000) throw new Error("the catalogue did not follow the change")
            await new Promise((r) => setTimeout(r, 100))
          }
          return Date.now() - started
        }

        expect([...(await shown())]).toEqual(expect.arrayContaining(["Heart Bunting", "Tea Light Holder"]))
        // (the server's cache is its own module instance: the test sees it only through the route)
        await setStatus("draft") // product.updated names the product: it alone is reloaded
        const unpublished = await until((t) => !t.has("Heart Bunting"))
        await setStock(0) // inventory-level.updated is traced through its inventory item to the product: patched in
        const soldOut = await until((t) => !t.has("Tea Light Holder"))
        // the events did it, by patching: a full reload could not start within 30 s of the first load
        // (MIN_FULL_REFRESH_INTERVAL_MS), and the time-to-live is an hour
        expect(unpublished).toBeLessThan(10_000)
        expect(soldOut).toBeLessThan(10_000)
        await setStatus("published")
        await setStock(100)
        await until((t) => t.has("Heart Bunting") && t.has("Tea Light Holder"))
      })
      it("finds the products a change reached without an event from the rows' timestamps, for the time-to-live check", async () => {
        const container = getContainer()
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const inventory = container.resolve(Modules.INVENTORY)
        const pricing = container.resolve(Modules.PRICING)
        const key = { salesChannelId: store.salesChannelId, regionId: store.regionId, currencyCode: "gbp" }
        const lantern = byTitle("Lantern")
        const { data: [variant] } = await query.graph({
          entity: "variant",
          fields: ["price_set.id", "inventory_items.inventory_item_id"],
          filters: { id: lantern.variant_id },
        })
        const inventoryItemId = variant.inventory_items[0].inventory_item_id
        const [level] = await inventory.listInventoryLevels({ inventory_item_id: inventoryItemId })
        /** What the check finds for a change made now (module calls: no workflow, so no catalogue event). */
        const changedBy = async (change: () => Promise<unknown>) => {
          const since = new Date()
          await change()
          return productsChangedSince(query, key, since)
        }

        expect(await productsChangedSince(query, key, new Date())).toEqual([])
        expect(await changedBy(() => inventory.updateInventoryLevels([{ inventory_item_id: inventoryItemId, location_id: level.location_id, stocked_quantity: 7 }]))).toEqual([lantern.id])
        const [reservation] = await inventory.createReservationItems([{ inventory_item_id: inventoryItemId, location_id: level.location_id, quantity: 1 }])
        expect(await changedBy(() => inventory.deleteReservationItems([reservation.id]))).toEqual([lantern.id]) // a soft-deleted row
        expect(await changedBy(() => pricing.addPrices({ priceSetId: variant.price_set.id, prices: [{ amount: 4, currency_code: "eur" }] }))).toEqual([lantern.id])

        // a price list whose window opens later changes prices without writing a row when it opens
        const [list] = await pricing.createPriceLists([
          { title: "Flash sale", description: "window test", starts_at: new Date(Date.now() + 1500).toISOString(), prices: [{ amount: 1, currency_code: "gbp", price_set_id: variant.price_set.id }] },
        ])
        const afterCreation = new Date()
        expect(await productsChangedSince(query, key, afterCreation)).toEqual([]) // not open yet
        await new Promise((r) => setTimeout(r, 1600))
        expect(await productsChangedSince(query, key, afterCreation)).toEqual([lantern.id]) // opened since
        await pricing.deletePriceLists([list.id])
        await inventory.updateInventoryLevels([{ inventory_item_id: inventoryItemId, location_id: level.location_id, stocked_quantity: level.stocked_quantity }])
      })
    })

    describe("POST /store/rl/recommendations/:id/feedback", () => {
      it("moves Q by exactly the update rule, and a repeat changes nothing", async () => {
        const cart = await createCart(["Doormat"])
        const rec = (await post("/store/rl/recommendations", { cart_id: cart.id })).data.recommendation
        const product = rec.products[0]
        const agent = await rl().getAgent()
        const [decision] = await rl().listRlDecisions({ id: rec.id })
        const before = await rl().getQValues(agent.model_version, decision.state_key)
        const q0 = before[decision.strategy] ?? 0
        // only decision on this cart: s' = s
        const expected = q0 + agent.alpha * (0.5 + agent.gamma * maxQ(before) - q0)

        const res = await post(`/store/rl/recommendations/${rec.id}/feedback`, {
          type: "click",
          product_id: product.id,
          cart_id: cart.id,
        })
        expect(res.status).toBe(200)
        expect(res.data.feedback).toMatchObject({ counted: true, reward: 0.5, type: "click" })
        const after = await rl().getQValues(agent.model_version, decision.state_key)
        expect(after[decision.strategy]).toBeCloseTo(expected, 12)

        const again = await post(`/store/rl/recommendations/${rec.id}/feedback`, {
          type: "click",
          product_id: product.id,
          cart_id: cart.id,
        })
        expect(again.status).toBe(200)
        expect(again.data.feedback.counted).toBe(false)
        const unchanged = await rl().getQValues(agent.model_version, decision.state_key)
        expect(unchanged[decision.strategy]).toBe(after[decision.strategy])
        expect(await rl().listRlRewards({ decision_id: rec.id })).toHaveLength(1)

        // a click on another product is the same engagement: the decision has it already
        const other = await post(`/store/rl/recommendations/${rec.id}/feedback`, { type: "click", product_id: rec.products[1].id, cart_id: cart.id })
        expect(other.data.feedback).toMatchObject({ counted: false, reward: 0 })
        // closing the strip after clicking in it is not a rejection
        const dismiss = await post(`/store/rl/recommendations/${rec.id}/feedback`, { type: "dismiss", cart_id: cart.id })
        expect(dismiss.data.feedback).toMatchObject({ counted: false, reward: 0 })
        expect(await rl().listRlRewards({ decision_id: rec.id })).toHaveLength(1)
      })

      it("believes no claim it can check itself: one engagement per decision, no reward for a claimed add, a rule for contradictions", async () => {
        const cart = await createCart(["Doormat"])
        const rec = (await post("/store/rl/recommendations", { cart_id: cart.id, limit: 10 })).data.recommendation
        const send = (body: Record<string, unknown>) => post(`/store/rl/recommendations/${rec.id}/feedback`, { cart_id: cart.id, ...body })
        // the reported abuse: add_to_cart and click for every product, and once without one
        const answers: any[] = []
        for (const p of rec.products) {
          answers.push((await send({ type: "add_to_cart", product_id: p.id })).data.feedback)
          answers.push((await send({ type: "click", product_id: p.id })).data.feedback)
        }
        const bare = await send({ type: "click" })
        expect(bare.status).toBe(400)
        expect(bare.data.message).toMatch(/click needs the product_id/)
        // nothing added to the cart was believed; one click engaged, the rest counted nothing
        expect(answers.filter((a) => a.type === "add_to_cart").every((a) => a.counted === false && a.reward === 0)).toBe(true)
        expect(answers.filter((a) => a.counted)).toHaveLength(1)
        const rewards = await rl().listRlRewards({ decision_id: rec.id })
        expect(rewards.map((r: any) => `${r.kind}:${r.value}`)).toEqual(["engagement:0.5"])

        // dismissed first, then used: the rejection stands and the engagement still counts
        const rec2 = (await post("/store/rl/recommendations", { cart_id: cart.id })).data.recommendation
        const dismissed = await post(`/store/rl/recommendations/${rec2.id}/feedback`, { type: "dismiss", cart_id: cart.id })
        expect(dismissed.data.feedback.counted).toBe(true)
        expect(dismissed.data.feedback.reward).toBeLessThan(0)
        const clicked = await post(`/store/rl/recommendations/${rec2.id}/feedback`, { type: "click", product_id: rec2.products[0].id, cart_id: cart.id })
        expect(clicked.data.feedback).toMatchObject({ counted: true, reward: 0.5 })
        const again = await post(`/store/rl/recommendations/${rec2.id}/feedback`, { type: "dismiss", cart_id: cart.id })
        expect(again.data.feedback).toMatchObject({ counted: false, reward: 0 })
        expect((await rl().listRlRewards({ decision_id: rec2.id })).map((r: any) => r.kind).sort()).toEqual(["engagement", "rejection"])
      })

      it("refuses a decision served to another cart or customer", async () => {
        const mine = await createCart(["Heart Bunting"])
        const theirs = await createCart(["Heart Bunting"])
        const rec = (await post("/store/rl/recommendations", { cart_id: mine.id })).data.recommendation
        const product_id = rec.products[0].id
        const otherCart = await post(`/store/rl/recommendations/${rec.id}/feedback`, { type: "click", product_id, cart_id: theirs.id })
        expect(otherCart.status).toBe(404)
        const noProof = await post(`/store/rl/recommendations/${rec.id}/feedback`, { type: "click", product_id })
        expect(noProof.status).toBe(404)
        expect(noProof.data.message).toMatch(/cart_id/)
        const unknown = await post(`/store/rl/recommendations/rldec_nope/feedback`, { type: "click", product_id, cart_id: mine.id })
        expect(unknown.status).toBe(404)

        const carol = await customerToken(getContainer(), "carol@test.dev")
        const dave = await customerToken(getContainer(), "dave@test.dev")
        const carolRec = (await post("/store/rl/recommendations", {}, { authorization: carol.authorization })).data
          .recommendation
        const asDave = await post(`/store/rl/recommendations/${carolRec.id}/feedback`, { type: "click", product_id: carolRec.products[0].id }, { authorization: dave.authorization })
        expect(asDave.status).toBe(404)
        const asCarol = await post(`/store/rl/recommendations/${carolRec.id}/feedback`, { type: "view" }, { authorization: carol.authorization })
        expect(asCarol.status).toBe(200)
        expect(asCarol.data.feedback).toMatchObject({ counted: true, reward: 0 })
        expect(await rl().listRlRewards({ decision_id: rec.id })).toHaveLength(0)
      })

      it("takes view, click and dismiss with the recommendation's token and no cart, for that decision only", async () => {
        const page = byTitle("Lantern").id
        const rec = (await post("/store/rl/recommendations", { product_id: page })).data.recommendation
        const other = (await post("/store/rl/recommendations", { product_id: page })).data.recommendation
        expect(rec.feedback_token).not.toBe(other.feedback_token)
        const send = (id: string, body: Record<string, unknown>) => post(`/store/rl/recommendations/${id}/feedback`, body)
        const view = await send(rec.id, { type: "view", token: rec.feedback_token })
        expect(view.status).toBe(200)
        const click = await send(rec.id, { type: "click", product_id: rec.products[0].id, token: rec.feedback_token })
        expect(click.status).toBe(200)
        expect(click.data.feedback).toMatchObject({ counted: true, reward: 0.5 })
        const again = await send(rec.id, { type: "click", product_id: rec.products[0].id, token: rec.feedback_token })
        expect(again.data.feedback).toMatchObject({ counted: false, reward: 0 })
        expect((await rl().listRlRewards({ decision_id: rec.id })).map((r: any) => r.kind).sort()).toEqual(["engagement", "view"])
        const dismiss = await send(other.id, { type: "dismiss", token: other.feedback_token })
        expect(dismiss.data.feedback.counted).toBe(true)
        expect(dismiss.data.feedback.reward).toBeLessThan(0)

        // one decision's token opens no other, a changed token opens nothing, and a claimed add needs the cart
        const crossed = await send(other.id, { type: "click", product_id: other.products[0].id, token: rec.feedback_token })
        expect(crossed.status).toBe(404)
        const flipped = rec.feedback_token.slice(0, -1) + (rec.feedback_token.endsWith("A") ? "B" : "A")
        expect((await send(rec.id, { type: "view", token: flipped })).status).toBe(404)
        const add = await send(rec.id, { type: "add_to_cart", product_id: rec.products[0].id, token: rec.feedback_token })
        expect(add.status).toBe(404)
        expect((await send(rec.id, { type: "view", token: "short" })).status).toBe(400)
        expect(await rl().listRlRewards({ decision_id: other.id })).toHaveLength(1)
      })

      it("rejects bad feedback with 400 naming the field", async () => {
        const cart = await createCart(["Lantern"])
        const rec = (await post("/store/rl/recommendations", { cart_id: cart.id })).data.recommendation
        for (const [body, field] of [
          [{ type: "love" }, /type/],
          [{}, /type/],
          [{ type: "click", value: 100 }, /value/],
          [{ type: "click" }, /product_id/],
          [{ type: "click", product_id: 7 }, /product_id/],
        ] as Array<[unknown, RegExp]>) {
          const res = await post(`/store/rl/recommendations/${rec.id}/feedback`, body)
          expect(res.status).toBe(400)
          expect(res.data.message).toMatch(field)
        }
        const notShown = await post(`/store/rl/recommendations/${rec.id}/feedback`, {
          type: "click",
          cart_id: cart.id,
          product_id: byTitle("Lantern").id,
        })
        expect(notShown.status).toBe(400)
        expect(notShown.data.message).toMatch(/product_id/)
      })
    })

    describe("merchandising rules", () => {
      const rule = async (body: Record<string, unknown>) => {
        const res = await api.post("/admin/rl/rules", body, { headers: admin }).catch((e: any) => e.response)
        expect(res.status, JSON.stringify(res.data)).toBe(201)
        return res.data.rule
      }
      const drop = (id: string) => api.delete(`/admin/rl/rules/${id}`, { headers: admin })
      /** Many recommendations with every strategy drawn (ε = 1): a rule holds for exploration too. */
      const serve = async (body: Record<string, unknown>, n = 24) => {
        const recs: any[] = []
        for (let i = 0; i < n; i++) {
          const res = await post("/store/rl/recommendations", { limit: 6, ...body })
          expect(res.status).toBe(200)
          recs.push(res.data.recommendation)
        }
        return recs
      }
      const titlesOf = (recs: any[]) => new Set(recs.flatMap((r) => r.products.map((p: any) => p.title)))
      const categoryOf = async (handle: string) => {
        const { data } = await getContainer().resolve(ContainerRegistrationKeys.QUERY).graph({ entity: "product_category", fields: ["id"], filters: { handle } })
        return data[0].id as string
      }

      beforeAll(async () => {
        await setEpsilon(1)
      })

      it("excludes by product and by category, in every strategy, exploration included", async () => {
        const lantern = await rule({ kind: "exclude", target_type: "product", target_ids: [byTitle("Lantern").id] })
        const cart = await createCart(["Cake Stand"])
        const recs = await serve({ cart_id: cart.id })
        expect(new Set(recs.map((r) => r.strategy)).size).toBeGreaterThanOrEqual(4)
        expect(titlesOf(recs).has("Lantern")).toBe(false)
        await drop(lantern.id)
        const kitchen = await rule({ kind: "exclude", target_type: "category", target_ids: [await categoryOf("kitchen")] })
        const titles = titlesOf(await serve({ cart_id: cart.id }))
        for (const t of ["Jam Making Set", "Regency Tea Set"]) expect(titles.has(t)).toBe(false)
        await drop(kitchen.id)
        expect(titlesOf(await serve({ cart_id: cart.id }, 12)).has("Regency Tea Set")).toBe(true)
      })

      it("matches products by collection and by tag, read from the product module when the rule set changes", async () => {
        const products = getContainer().resolve(Modules.PRODUCT)
        const [tag] = await products.createProductTags([{ value: "rl-sale" }])
        const [collection] = await products.createProductCollections([{ title: "RL Summer", handle: "rl-summer" }])
        await products.updateProducts(byTitle("Heart Bunting").id, { tag_ids: [tag.id] })
        await products.updateProducts(byTitle("Wreath").id, { collection_id: collection.id })
        const onSale = await rule({ kind: "include_only", target_type: "tag", target_ids: [tag.id] })
        for (const rec of await serve({}, 12)) expect(rec.products.map((p: any) => p.title)).toEqual(["Heart Bunting"])
        await drop(onSale.id)
        const summer = await rule({ kind: "exclude", target_type: "collection", target_ids: [collection.id] })
        const titles = titlesOf(await serve({}, 12))
        expect(titles.has("Wreath")).toBe(false)
        expect(titles.has("Heart Bunting")).toBe(true)
        await drop(summer.id)
      })

      it("include-only leaves fewer than the limit and says so, never filling with other products", async () => {
        const candles = await rule({ kind: "include_only", target_type: "category", target_ids: [await categoryOf("candles")] })
        for (const rec of await serve({})) {
          expect(rec.products.map((p: any) => p.title).sort()).toEqual(["Lantern", "Tea Light Holder"])
          expect(rec.fallback).toBe("limited_by_rules")
        }
        await drop(candles.id)
      })

      it("keeps to a price range in its own currency, and to a minimum stock as the stock changes", async () => {
        const range = await rule({ kind: "price_range", currency_code: "GBP", price_min: 10, price_max: 50 })
        const elsewhere = await rule({ kind: "price_range", currency_code: "usd", price_max: 1 }) // another currency's: not this catalogue's
        for (const rec of await serve({})) {
          expect(rec.products.length).toBeGreaterThan(0)
          for (const p of rec.products) expect(p.price.amount >= 10 && p.price.amount <= 50).toBe(true)
        }
        await drop(range.id)
        await drop(elsewhere.id)

        const container = getContainer()
        const query = container.resolve(ContainerRegistrationKeys.QUERY)
        const { data: [variant] } = await query.graph({ entity: "variant", fields: ["inventory_items.inventory_item_id"], filters: { id: byTitle("Doormat").variant_id } })
        const [level] = await container.resolve(Modules.INVENTORY).listInventoryLevels({ inventory_item_id: variant.inventory_items[0].inventory_item_id })
        const setStock = (stocked_quantity: number) =>
          updateInventoryLevelsWorkflow(container).run({ input: { updates: [{ inventory_item_id: level.inventory_item_id, location_id: level.location_id, stocked_quantity }] } })
        const stock = await rule({ kind: "min_stock", min_stock: 5 })
        expect(titlesOf(await serve({}, 12)).has("Doormat")).toBe(true) // 100 left
        await setStock(3)
        // the stock event patches the catalogue; from then on the rule keeps Doormat out
        let titles = new Set<string>()
        for (const started = Date.now(); Date.now() - started < 30_000; ) {
          titles = titlesOf(await serve({}, 12))
          if (!titles.has("Doormat")) break
        }
        expect(titles.has("Doormat"), "Doormat, 3 left").toBe(false)
        expect(titles.has("Wreath"), "Wreath, 100 left").toBe(true)
        await drop(stock.id)
        await setStock(level.stocked_quantity)
      })

      it("pins products first on their placement only, and a bury moves a product down the relevance", async () => {
        const dresser = byTitle("Dresser").id
        const pin = await rule({ kind: "pin", target_ids: [dresser], placement: "product" })
        for (const rec of await serve({ product_id: byTitle("Jam Making Set").id }, 12)) {
          expect(rec.products[0]).toMatchObject({ id: dresser, reason: { kind: "pinned" }, score: 1 })
          expect(rec.products.filter((p: any) => p.id === dresser)).toHaveLength(1)
        }
        // not on its own page, and not on a cart
        for (const rec of await serve({ product_id: dresser }, 6)) expect(rec.products.map((p: any) => p.id)).not.toContain(dresser)
        const cart = await createCart(["Cake Stand"])
        for (const rec of await serve({ cart_id: cart.id }, 6)) expect(rec.products[0]?.reason.kind).not.toBe("pinned")
        await drop(pin.id)

        // bought with Cake Stand: Lantern twice, Doormat once; buried to a tenth, Lantern falls below Doormat
        const line = (source_id: string, title: string) => ({
          source_id, customer_id: null, product_id: byTitle(title).id, quantity: 1, unit_price: byTitle(title).price,
          currency_code: "gbp", purchased_at: new Date("2011-12-03T10:00:00Z"), is_return: false,
        })
        await rl().createRlPurchases([
          line("mr1", "Cake Stand"), line("mr1", "Lantern"),
          line("mr2", "Cake Stand"), line("mr2", "Lantern"), line("mr2", "Doormat"),
        ])
        await rl().refreshStatistics()
        const personalizedTitles = async () => {
          for (let i = 0; i < 120; i++) {
            const rec = (await post("/store/rl/recommendations", { cart_id: cart.id, limit: 5 })).data.recommendation
            if (rec.strategy === "personalized") return rec.products.map((p: any) => p.title)
          }
          throw new Error("personalized was never drawn")
        }
        const before = await personalizedTitles()
        expect(before.indexOf("Lantern")).toBeLessThan(before.indexOf("Doormat"))
        const bury = await rule({ kind: "boost", target_type: "product", target_ids: [byTitle("Lantern").id], multiplier: 0.1 })
        const after = await personalizedTitles()
        expect(after.indexOf("Doormat")).toBeGreaterThanOrEqual(0)
        expect(after.indexOf("Lantern")).toBeGreaterThan(after.indexOf("Doormat"))
        await drop(bury.id)
      })

      it("applies a rule scoped to a sales channel only there, and a disabled rule nowhere", async () => {
        const other = await rule({ kind: "exclude", target_type: "product", target_ids: [byTitle("Wreath").id], sales_channel_id: "sc_another" })
        const off = await rule({ kind: "exclude", target_type: "product", target_ids: [byTitle("Dresser").id], enabled: false })
        const titles = titlesOf(await serve({}, 12))
        expect(titles.has("Wreath")).toBe(true)
        expect(titles.has("Dresser")).toBe(true)
        // turned on: it applies from the next request in this process
        const on = await api.post(`/admin/rl/rules/${off.id}`, { enabled: true }, { headers: admin })
        expect(on.data.rule.enabled).toBe(true)
        expect(titlesOf(await serve({}, 12)).has("Dresser")).toBe(false)
        await drop(other.id)
        await drop(off.id)
      })

      it("validates a rule as a whole, audits every change with who and what, and lists the rules", async () => {
        const bad = async (body: unknown, message: RegExp, url = "/admin/rl/rules", status = 400) => {
          const res = await api.post(url, body, { headers: admin }).catch((e: any) => e.response)
          expect(res.status).toBe(status)
          expect(res.data.message).toMatch(message)
        }
        await bad({ kind: "exclude", target_ids: ["prod_1"] }, /needs target_type/)
        await bad({ kind: "exclude", target_type: "product" }, /at least one id in target_ids/)
        await bad({ kind: "pin", target_type: "category", target_ids: ["pcat_1"] }, /target_type must be product/)
        await bad({ kind: "boost", target_type: "tag", target_ids: ["ptag_1"], multiplier: 20 }, /multiplier/)
        await bad({ kind: "price_range", price_min: 5 }, /needs the currency_code/)
        await bad({ kind: "price_range", currency_code: "gbp", price_min: 50, price_max: 10 }, /price_min must not be above price_max/)
        await bad({ kind: "min_stock", min_stock: 0 }, /min_stock/)
        await bad({ kind: "sale" }, /kind/)
        await bad({ kind: "exclude", target_type: "product", target_ids: ["p"], colour: "red" }, /colour/)
        await bad({ enabled: true }, /rlrule_missing was not found/, "/admin/rl/rules/rlrule_missing", 404)

        const made = await rule({ kind: "exclude", target_type: "product", target_ids: [byTitle("Wreath").id], note: "discontinued" })
        // a change that breaks the rule as a whole is refused, and nothing is written
        await bad({ target_ids: [] }, /at least one id/, `/admin/rl/rules/${made.id}`)
        await api.post(`/admin/rl/rules/${made.id}`, { note: "discontinued in 2026" }, { headers: admin })
        await drop(made.id)
        expect((await api.delete(`/admin/rl/rules/${made.id}`, { headers: admin }).catch((e: any) => e.response)).status).toBe(404)

        const audit = (await api.get(`/admin/rl/rules/audit?rule_id=${made.id}`, { headers: admin })).data
        expect(audit.count).toBe(3)
        expect(audit.audit.map((a: any) => a.action)).toEqual(["deleted", "updated", "created"])
        for (const a of audit.audit) expect(a.actor_id).toMatch(/^user_/)
        expect(audit.audit[1].before.note).toBe("discontinued")
        expect(audit.audit[1].after.note).toBe("discontinued in 2026")
        expect(audit.audit[0].after).toBeNull()
        const listed = (await api.get("/admin/rl/rules", { headers: admin })).data.rules
        expect(listed.map((r: any) => r.id)).not.toContain(made.id)
        expect((await api.get("/admin/rl/rules").catch((e: any) => e.response)).status).toBe(401)
      })
    })

    describe("admin routes", () => {
      it("return 401 without a token", async () => {
        for (const [method, url] of [
          ["get", "/admin/rl/agent"],
          ["patch", "/admin/rl/agent"],
          ["get", "/admin/rl/health"],
          ["get", "/admin/rl/evaluations/latest"],
          ["get", "/admin/rl/evaluations/ope"],
          ["get", "/admin/rl/decisions"],
          ["get", "/admin/rl/snapshots"],
          ["post", "/admin/rl/snapshots"],
          ["get", "/admin/rl/metrics"],
          ["get", "/admin/rl/metrics/summary"],
          ["post", "/admin/rl/snapshots/rlsnap_x/restore"],
          ["get", "/admin/rl/failed-jobs"],
          ["post", "/admin/rl/failed-jobs/retry"],
          ["get", "/admin/rl/imports"],
          ["post", "/admin/rl/imports"],
          ["get", "/admin/rl/imports/rlimp_x"],
          ["post", "/admin/rl/tester"],
          ["post", "/admin/rl/tester/simulate"],
          ["get", "/admin/rl/customers/cus_x"],
          ["get", "/admin/rl/products/prod_x"],
        ] as const) {
          const res = await (api as any)[method](url, method === "get" ? undefined : { epsilon: 0.5 }).catch((e: any) => e.response)
          expect(res.status).toBe(401)
        }
      })

      it("GET /admin/rl/agent reports parameters and table size; PATCH validates and updates", async () => {
        const res = await api.get("/admin/rl/agent", { headers: admin })
        expect(res.status).toBe(200)
        expect(res.data.agent).toMatchObject({
          alpha: 0.01,
          gamma: 0.95,
          epsilon: 0.1,
          model_version: 1,
          learning_enabled: true,
          q_table: { states: 0, entries: 0 },
        })

        const bad = await api.patch("/admin/rl/agent", { alpha: 2 }, { headers: admin }).catch((e: any) => e.response)
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/alpha/)
        const empty = await api.patch("/admin/rl/agent", {}, { headers: admin }).catch((e: any) => e.response)
        expect(empty.status).toBe(400)
        const floor = await api.patch("/admin/rl/agent", { epsilon: 0.05, epsilon_min: 0.2 }, { headers: admin }).catch((e: any) => e.response)
        expect(floor.status).toBe(400)
        expect(floor.data.message).toMatch(/epsilon_min/)

        const ok = await api.patch("/admin/rl/agent", { epsilon: 0.3, learning_enabled: false }, { headers: admin })
        expect(ok.data.agent).toMatchObject({ epsilon: 0.3, learning_enabled: false })
        expect((await rl().getAgent()).epsilon).toBe(0.3)
      })

      it("loads a trained model as a new version and serves its evaluation report and its training's convergence", async () => {
        const trainingDays = ["2011-12-06", "2011-12-07", "2011-12-08", "2011-12-09"].map((day, i) => ({
          day, model_version: 0, decisions: 400, updates: 300, mean_abs_delta_q: 0.05 - i * 0.01, q_variance: 0.002,
          states_compared: 120, greedy_changed_share: 0.2 - i * 0.05, exploration_rate: 0.1, epsilon: 0.1,
          rewards: 300, reward_mean: 0.3, reward_variance: 0.4,
        }))
        const missing = await api.get("/admin/rl/evaluations/latest", { headers: admin }).catch((e: any) => e.response)
        expect(missing.status).toBe(404)
        // a command that exists in an installed store, not a path of this repository
        expect(missing.data.message).toMatch(/npx rl-recommendations load-model/)
        expect(missing.data.message).not.toMatch(/src\/scripts/)

        const before = await rl().getAgent()
        const state_model = { ...DEFAULT_STATE_MODEL, categories: ["kitchen"] }
        const loaded = await rl().loadModel({
          state_model,
          rows: [
            { state_key: "sA", strategy: "personalized", value: 0.8, visits: 40 },
            { state_key: "*", strategy: "personalized", value: 0.6, visits: 90 },
          ],
          report: { protocol: { k: 10 }, methods: [] },
          // the training's days, as npm run evaluate writes them (dated by the replayed history)
          convergence: trainingDays,
        })
        expect(loaded).toMatchObject({ model_version: before.model_version + 1, entries: 2, convergence_days: 4 })
        const after = await rl().getAgent()
        expect(after.model_version).toBe(before.model_version + 1)
        expect(after.state_model).toEqual(state_model)
        // the new version reads its own table; an untried state reads the loaded prior
        expect((await rl().getQValues(after.model_version, "sA")).personalized).toBe(0.8)
        expect((await rl().getQValues(after.model_version, "sB")).personalized).toBe(0.6)
        const [snapshot] = await rl().listRlSnapshots({ id: loaded.snapshot_id })
        expect(snapshot).toMatchObject({ reason: "pre_restore", model_version: before.model_version })

        const latest = await api.get("/admin/rl/evaluations/latest", { headers: admin })
        expect(latest.data.evaluation).toMatchObject({ model_version: after.model_version, report: { protocol: { k: 10 } } })

        // the Overview's convergence: the serving version's last days and their reading
        const convergence = await api.get("/admin/rl/metrics/convergence?days=3", { headers: admin })
        expect(convergence.status).toBe(200)
        expect(convergence.data.model_version).toBe(after.model_version)
        expect(convergence.data.days.map((d: any) => d.day)).toEqual(["2011-12-07", "2011-12-08", "2011-12-09"])
        expect(convergence.data.days[2]).toEqual({ ...trainingDays[3], model_version: after.model_version })
        expect(convergence.data.reading).toEqual({ verdict: "settling", text: expect.stringMatching(/^Settling: 95% of returning states kept their strategy on 2011-12-09/) })
        const older = await api.get(`/admin/rl/metrics/convergence?model_version=${before.model_version}`, { headers: admin })
        expect(older.data.reading.verdict).toBe("not_enough_data")
        const bad = await api.get("/admin/rl/metrics/convergence?days=0", { headers: admin }).catch((e: any) => e.response)
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/days/)

        await expect(
          rl().loadModel({ state_model, rows: [{ state_key: "s", strategy: "nope" as any, value: 1, visits: 1 }] })
        ).rejects.toThrow(/not a \(state, strategy/)
        expect((await rl().getAgent()).model_version).toBe(after.model_version)
      })

      it("GET /admin/rl/evaluations/ope estimates a policy's value from settled decisions", async () => {
        const agent = await rl().getAgent()
        const logged = [
          // state, strategy, propensity, rewards
          ["s1", "popular", 0.5, [1.0]],
          ["s1", "low_price", 0.25, [-0.1]],
          ["s2", "popular", 0.5, [0.5, 1.0]],
          ["s2", "personalized", 0.25, []],
        ] as const
        const pg = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        for (const [state_key, strategy, propensity, rewards] of logged) {
          const d = await rl().createRlDecisions({
            customer_hash: null, cart_id: null, session_id: null, region_id: null, currency_code: "gbp",
            features: {}, state_key, strategy, explored: false, propensity, epsilon: 0.1, q_values: {},
            products: [], product_ids: [], fallback: null, model_version: agent.model_version,
          } as any)
          for (const [i, value] of rewards.entries()) {
            await rl().createRlRewards({ decision_id: d.id, kind: "engagement", value, source_event_id: `e${i}` } as any)
          }
        }
        // settled: older than the reward windows
        await pg.raw(`UPDATE rl_decision SET created_at = now() - interval '3 days'`)
        // a fresh decision is left out until its window has passed
        await rl().createRlDecisions({
          customer_hash: null, cart_id: null, session_id: null, region_id: null, currency_code: "gbp", features: {},
          state_key: "s1", strategy: "popular", explored: false, propensity: 0.5, epsilon: 0.1, q_values: {},
          products: [], product_ids: [], fallback: null, model_version: agent.model_version,
        } as any)

        const res = await api.get("/admin/rl/evaluations/ope?policy=fixed:popular&resamples=200", { headers: admin })
        expect(res.status).toBe(200)
        const ope = res.data.ope
        expect(ope).toMatchObject({ policy: "fixed:popular", model_version: agent.model_version, decisions: 4, n: 4 })
        // IPS: (1/0.5·1.0 + 1/0.5·1.5) / 4; SNIPS: (2·1.0 + 2·1.5) / (2 + 2)
        expect(ope.ips.value).toBeCloseTo((2 * 1.0 + 2 * 1.5) / 4, 12)
        expect(ope.snips.value).toBeCloseTo((2 * 1.0 + 2 * 1.5) / 4, 12)
        expect(ope.effective_sample_size).toBeCloseTo(2, 12)
        expect(ope.logged_value).toBeCloseTo((1.0 - 0.1 + 1.5 + 0) / 4, 12)
        expect(ope.dr.lo).toBeLessThanOrEqual(ope.dr.value)
        expect(ope.note).toMatch(/Fewer than 100/)

        const bad = await api.get("/admin/rl/evaluations/ope?policy=best", { headers: admin }).catch((e: any) => e.response)
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/policy/)
        const extra = await api.get("/admin/rl/evaluations/ope?limit=5", { headers: admin }).catch((e: any) => e.response)
        expect(extra.status).toBe(400)
        expect(extra.data.message).toMatch(/limit/)
      })

      it("GET /admin/rl/decisions lists the log with rewards, filters it and exports it as CSV", async () => {
        const customer = await customerToken(getContainer(), "history@test.dev")
        const auth = { authorization: customer.authorization }
        const cart = await createCart(["Cake Stand"], auth)
        await setEpsilon(1)
        const served: any[] = []
        for (let i = 0; i < 5; i++) {
          served.push((await post("/store/rl/recommendations", { cart_id: cart.id }, auth)).data.recommendation)
        }
        const guestCart = await createCart(["Wreath"])
        const guest = (await post("/store/rl/recommendations", { cart_id: guestCart.id })).data.recommendation
        const rec = served[0]
        const fb = await post(`/store/rl/recommendations/${rec.id}/feedback`, { type: "click", cart_id: cart.id, product_id: rec.products[0].id })
        expect(fb.status).toBe(200)

        const page = await api.get("/admin/rl/decisions?limit=3", { headers: admin })
        expect(page.data).toMatchObject({ count: 6, offset: 0, limit: 3 })
        expect(page.data.decisions).toHaveLength(3)
        expect(page.data.decisions[0].id).toBe(guest.id) // newest first

        const mine = await api.get(`/admin/rl/decisions?customer_id=${customer.customerId}&limit=100`, { headers: admin })
        expect(mine.data.count).toBe(5)
        const clicked = mine.data.decisions.find((d: any) => d.id === rec.id)
        expect(clicked).toMatchObject({ strategy: rec.strategy, explored: true, engaged: true, converted: false, cart_id: cart.id })
        expect(clicked.customer_hash).not.toBe(customer.customerId) // the log keeps a keyed hash, never the id
        expect(clicked.rewards).toEqual([expect.objectContaining({ kind: "engagement", value: 0.5, product_id: rec.products[0].id })])
        expect(clicked.reward_sum).toBeCloseTo(0.5, 12)

        const byStrategy = await api.get(`/admin/rl/decisions?strategy=${guest.strategy}&cart_id=${guestCart.id}`, { headers: admin })
        expect(byStrategy.data.decisions.map((d: any) => d.id)).toEqual([guest.id])
        // a product page's decision, found by its placement, with the product it was built around
        const onPage = (await post("/store/rl/recommendations", { product_id: byTitle("Wreath").id })).data.recommendation
        const pages = await api.get(`/admin/rl/decisions?placement=product&limit=100`, { headers: admin })
        expect(pages.data.decisions.every((d: any) => d.placement === "product")).toBe(true)
        expect(pages.data.decisions.find((d: any) => d.id === onPage.id)).toMatchObject({ intent: "complementary", anchor_product_id: byTitle("Wreath").id })
        expect(byStrategy.data.decisions[0]).toMatchObject({ placement: "cart", anchor_product_id: null })
        const future = await api.get(`/admin/rl/decisions?from=${new Date(Date.now() + 60_000).toISOString()}`, { headers: admin })
        expect(future.data).toMatchObject({ count: 0, decisions: [] })

        const csv = await api.get(`/admin/rl/decisions?format=csv&customer_id=${customer.customerId}`, { headers: admin })
        expect(csv.headers["content-type"]).toMatch(/text\/csv/)
        expect(csv.headers["x-total-count"]).toBe("5")
        const lines = csv.data.trim().split("\n")
        expect(lines[0]).toBe("id,created_at,placement,intent,anchor_product_id,strategy,explored,propensity,epsilon,model_version,state_key,cart_id,customer_hash,country,fallback,product_ids,rewards,reward_sum,engaged,converted,revenue,currency_code")
        expect(lines).toHaveLength(6)
        expect(lines.find((l: string) => l.startsWith(rec.id))).toContain("engagement:0.5")

        for (const [query, field] of [["limit=500", /limit/], ["strategy=cheap", /strategy/], ["placement=shelf", /placement/], ["explored=maybe", /explored/], ["format=xml", /format/], ["from=2024-02-01&to=2024-01-01", /from/], ["sort=id", /sort/]] as const) {
          const bad = await api.get(`/admin/rl/decisions?${query}`, { headers: admin }).catch((e: any) => e.response)
          expect(bad.status).toBe(400)
          expect(bad.data.message).toMatch(field)
        }
      })

      it("snapshots: lists, takes one, and rolls back to it only when confirmed", async () => {
        const agent = await rl().getAgent()
        const d = await rl().createRlDecisions({
          customer_hash: null, cart_id: "cart_snap", session_id: null, region_id: null, currency_code: "gbp", features: {},
          state_key: "s-snap", strategy: "popular", explored: false, propensity: 1, epsilon: 0.1, q_values: {},
          products: [], product_ids: [], fallback: null, model_version: agent.model_version,
        } as any)
        await rl().applyReward({ decision_id: d.id, kind: "conversion", source_event_id: "o-snap", terminal: true })
        const learnt = (await rl().getQValues(agent.model_version, "s-snap")).popular!

        const created = await api.post("/admin/rl/snapshots", { label: "before the sale" }, { headers: admin })
        expect(created.status).toBe(201)
        expect(created.data.snapshot).toMatchObject({ label: "before the sale", reason: "manual", model_version: agent.model_version, states: 2, entries: 2 })
        await api.patch("/admin/rl/agent", { epsilon: 0.4 }, { headers: admin })

        const list = await api.get("/admin/rl/snapshots?limit=5", { headers: admin })
        expect(list.data).toMatchObject({ count: 1, limit: 5 })
        expect(list.data.snapshots[0].id).toBe(created.data.snapshot.id)

        const id = created.data.snapshot.id
        const unconfirmed = await api.post(`/admin/rl/snapshots/${id}/restore`, {}, { headers: admin }).catch((e: any) => e.response)
        expect(unconfirmed.status).toBe(400)
        expect(unconfirmed.data.message).toMatch(/confirm/)
        const missing = await api.post(`/admin/rl/snapshots/rlsnap_missing/restore`, { confirm: true }, { headers: admin }).catch((e: any) => e.response)
        expect(missing.status).toBe(404)

        const restored = await api.post(`/admin/rl/snapshots/${id}/restore`, { confirm: true }, { headers: admin })
        expect(restored.data.restored).toMatchObject({ model_version: agent.model_version + 1, entries: 2 })
        const after = await rl().getAgent()
        expect(after).toMatchObject({ model_version: agent.model_version + 1, epsilon: agent.epsilon })
        expect((await rl().getQValues(after.model_version, "s-snap")).popular).toBe(learnt)
        // the rollback can itself be undone
        const [undo] = await rl().listRlSnapshots({ id: restored.data.restored.pre_restore_snapshot_id })
        expect(undo).toMatchObject({ reason: "pre_restore", model_version: agent.model_version })
      })

      it("GET /admin/rl/metrics aggregates the hourly rollups by day and group", async () => {
        const agent = await rl().getAgent()
        for (const [strategy, kind] of [["popular", "conversion"], ["popular", "abandonment"], ["low_price", "conversion"]] as const) {
          const d = await rl().createRlDecisions({
            customer_hash: null, cart_id: null, session_id: null, region_id: null, currency_code: "gbp", features: { country: "gb" },
            state_key: "s-m", strategy, explored: false, propensity: 1, epsilon: 0.1, q_values: {},
            products: [], product_ids: [], fallback: null, model_version: agent.model_version,
          } as any)
          await rl().applyReward({ decision_id: d.id, kind, source_event_id: `m-${strategy}-${kind}`, terminal: true })
        }
        await rl().rollupMetrics()
        const res = await api.get("/admin/rl/metrics?group_by=strategy&granularity=day", { headers: admin })
        expect(res.status).toBe(200)
        const byKey = Object.fromEntries(res.data.metrics.map((m: any) => [m.key, m]))
        expect(byKey.popular).toMatchObject({ decisions: 2, conversions: 1, abandonments: 1, conversion_rate: 0.5 })
        expect(byKey.low_price).toMatchObject({ decisions: 1, conversions: 1 })
        const mix = await api.get("/admin/rl/metrics?group_by=country_strategy", { headers: admin })
        expect(Object.fromEntries(mix.data.metrics.map((m: any) => [m.key, m.decisions]))).toEqual({ "gb|low_price": 1, "gb|popular": 2 })
        const all = await api.get("/admin/rl/metrics", { headers: admin })
        expect(all.data.metrics.reduce((s: number, m: any) => s + m.decisions, 0)).toBe(3)
        for (const [query, field] of [["granularity=week", /granularity/], ["group_by=device", /group_by/], ["from=2026-01-02&to=2026-01-01", /from/], ["from=2020-01-01&to=2026-01-01&granularity=hour", /granularity/]] as const) {
          const bad = await api.get(`/admin/rl/metrics?${query}`, { headers: admin }).catch((e: any) => e.response)
          expect(bad.status).toBe(400)
          expect(bad.data.message).toMatch(field)
        }
      })

      it("the tester previews a built cart with every Q value and the reason, logs nothing, and simulates feedback", async () => {
        const customer = await customerToken(getContainer(), "tester@test.dev")
        await api.patch("/admin/rl/agent", { epsilon: 0, epsilon_min: 0 }, { headers: admin })
        const decisionsBefore = (await api.get("/admin/rl/decisions?limit=1", { headers: admin })).data.count
        const body = {
          customer_id: customer.customerId,
          items: [{ product_id: byTitle("Regency Tea Set").id, quantity: 2 }],
          limit: 4,
          device: "mobile",
          seed: 7,
        }
        const res = await api.post("/admin/rl/tester", body, { headers: admin })
        expect(res.status).toBe(200)
        const preview = res.data.preview
        expect(Object.keys(preview.q_values).sort()).toEqual([...STRATEGIES].sort())
        expect(preview).toMatchObject({ explored: false, propensity: 1 / preview.greedy.length, epsilon: 0 })
        expect(preview.greedy).toContain(preview.strategy)
        expect(preview.reason).toMatch(new RegExp(`^Greedy: ${preview.strategy} has the highest Q value`))
        // the built cart is priced from the catalogue: two tea sets at 120
        expect(preview.features).toMatchObject({ cartTotal: 240, itemCount: 2, device: "mobile", customerId: customer.customerId })
        expect(preview.cart_product_ids).toEqual([byTitle("Regency Tea Set").id])
        expect(preview.products.length).toBeGreaterThan(0)
        expect(preview.products.map((p: any) => p.id)).not.toContain(byTitle("Regency Tea Set").id)
        expect(preview.placement).toBe("cart") // a built cart is a cart
        // a product page, as the storefront would ask for it: around the page's product, each product with its reason
        const onPage = (await api.post("/admin/rl/tester", { product_id: byTitle("Cake Stand").id, intent: "similar", limit: 4 }, { headers: admin })).data.preview
        expect(onPage).toMatchObject({ placement: "product", intent: "similar", product_id: byTitle("Cake Stand").id })
        expect(onPage.state_key).toMatch(/\|pl:product$/)
        expect(onPage.products.map((p: any) => p.id)).not.toContain(byTitle("Cake Stand").id)
        expect(onPage.products.every((p: any) => p.reason.kind === "similar_to")).toBe(true)
        // a preview is not a decision: nothing logged, nothing to learn from
        expect((await api.get("/admin/rl/decisions?limit=1", { headers: admin })).data.count).toBe(decisionsBefore)

        const agent = await rl().getAgent()
        const qBefore = await rl().getQValues(agent.model_version, preview.state_key)
        const sim = await api.post(
          "/admin/rl/tester/simulate",
          { state_key: preview.state_key, strategy: preview.strategy, event: "add_to_cart" },
          { headers: admin }
        )
        expect(sim.status).toBe(200)
        const q0 = preview.q_values[preview.strategy]
        const expected = qUpdate(q0, 0.5, maxQ(preview.q_values), agent.alpha, agent.gamma, false)
        expect(sim.data.simulation).toMatchObject({ strategy: preview.strategy, q_before: q0, alpha: agent.alpha, gamma: agent.gamma })
        expect(sim.data.simulation.q_after).toBeCloseTo(expected, 12)
        expect(sim.data.simulation.q_after).toBeGreaterThan(q0)
        expect(await rl().getQValues(agent.model_version, preview.state_key)).toEqual(qBefore) // nothing written

        const bad = async (url: string, b: unknown, field: RegExp, status = 400) => {
          const r = await api.post(url, b, { headers: admin }).catch((e: any) => e.response)
          expect(r.status).toBe(status)
          expect(r.data.message).toMatch(field)
        }
        await bad("/admin/rl/tester", { ...body, cart_id: "cart_x" }, /either cart_id or items/)
        await bad("/admin/rl/tester", { placement: "product" }, /placement product needs the product_id/)
        await bad("/admin/rl/tester", { intent: "similar" }, /intent similar needs a product_id/)
        await bad("/admin/rl/tester", { product_id: "prod_missing" }, /prod_missing was not found/, 404)
        await bad("/admin/rl/tester", { items: [{ product_id: byTitle("Draft Vase").id, quantity: 1 }] }, /Not published, priced and in stock/)
        await bad("/admin/rl/tester", { items: [{ product_id: "p", quantity: 0 }] }, /quantity/)
        await bad("/admin/rl/tester", { customer_id: "cus_missing" }, /cus_missing was not found/, 404)
        await bad("/admin/rl/tester", { cart_id: "cart_missing" }, /cart_missing was not found/, 404)
        await bad("/admin/rl/tester/simulate", { state_key: "s", strategy: "popular", event: "buy" }, /event/)
        await bad("/admin/rl/tester/simulate", { state_key: "s", strategy: "cheap", event: "click" }, /strategy/)
      })

      it("GET /admin/rl/customers/:id and /admin/rl/products/:id feed the widgets", async () => {
        const customer = await customerToken(getContainer(), "widget@test.dev")
        const auth = { authorization: customer.authorization }
        const lantern = byTitle("Lantern")
        await rl().recordPurchases([
          { source_id: "w-inv1", customer_id: customer.customerId, product_id: lantern.id, quantity: 3, unit_price: 24, currency_code: "gbp", purchased_at: new Date(Date.now() - 86_400_000) },
          { source_id: "w-inv1", customer_id: customer.customerId, product_id: byTitle("Tea Light Holder").id, quantity: 1, unit_price: 2.5, currency_code: "gbp", purchased_at: new Date(Date.now() - 86_400_000) },
        ])
        await rl().refreshStatistics()
        await setEpsilon(1)
        const cart = await createCart(["Wreath"], auth)
        const served: any[] = []
        for (let i = 0; i < 3; i++) served.push((await post("/store/rl/recommendations", { cart_id: cart.id }, auth)).data.recommendation)
        const shown = served[0].products[0].id
        await post(`/store/rl/recommendations/${served[0].id}/feedback`, { type: "click", cart_id: cart.id, product_id: shown }, auth)

        const res = await api.get(`/admin/rl/customers/${customer.customerId}?limit=2`, { headers: admin })
        expect(res.status).toBe(200)
        const c = res.data.customer
        expect(c.profile).toMatchObject({ orders: 1, units: 4, low_band_units: 1, top_product_ids: [lantern.id, byTitle("Tea Light Holder").id] })
        expect(c.features.price_sensitivity).toBeCloseTo(0.25, 12)
        expect(c.features).toMatchObject({ segment: "returning" })
        expect(c.features.engagement_level).toBeGreaterThan(0)
        expect(c.decision_count).toBe(3)
        expect(c.decisions.map((d: any) => d.id)).toEqual([served[2].id, served[1].id])
        const missing = await api.get("/admin/rl/customers/cus_missing", { headers: admin }).catch((e: any) => e.response)
        expect(missing.status).toBe(404)

        // an order converts served[0]: it holds the shown product (2 × 7.5) and another; a second order does not hold it
        await rl().recordPurchases([
          { source_id: "order_w1", customer_id: customer.customerId, product_id: shown, quantity: 2, unit_price: 7.5, currency_code: "gbp", purchased_at: new Date() },
          { source_id: "order_w1", customer_id: customer.customerId, product_id: byTitle("Wreath").id, quantity: 1, unit_price: 35, currency_code: "gbp", purchased_at: new Date() },
          { source_id: "order_w2", customer_id: customer.customerId, product_id: byTitle("Wreath").id, quantity: 1, unit_price: 35, currency_code: "gbp", purchased_at: new Date() },
        ])
        await rl().applyReward({ decision_id: served[0].id, kind: "conversion", source_event_id: "order|order_w1", terminal: true })
        await rl().applyReward({ decision_id: served[1].id, kind: "conversion", source_event_id: "order|order_w2", terminal: true })

        const timesShown = served.filter((r) => r.products.some((p: any) => p.id === shown))
        const prod = await api.get(`/admin/rl/products/${shown}`, { headers: admin })
        expect(prod.status).toBe(200)
        expect(prod.data.product.times_recommended).toBeGreaterThanOrEqual(timesShown.length)
        expect(prod.data.product).toMatchObject({ engagements: 1, conversions: 1, revenue: 15 })
        const row = prod.data.product.by_strategy.find((r: any) => r.strategy === served[0].strategy)
        expect(row).toMatchObject({ engagements: 1, conversions: 1, revenue: 15 })
        expect(prod.data.product.by_strategy.reduce((s: number, r: any) => s + r.times_recommended, 0)).toBe(prod.data.product.times_recommended)
        const none = await api.get(`/admin/rl/products/${byTitle("Draft Vase").id}`, { headers: admin })
        expect(none.data.product).toMatchObject({ times_recommended: 0, conversions: 0, by_strategy: [] })
        expect((await api.get("/admin/rl/products/prod_missing", { headers: admin }).catch((e: any) => e.response)).status).toBe(404)

        const summary = await api.get("/admin/rl/metrics/summary", { headers: admin })
        expect(summary.data.summary.decisions).toBeGreaterThanOrEqual(3)
        expect(summary.data.summary.engagements).toBeGreaterThanOrEqual(1)
        const bad = await api.get("/admin/rl/metrics/summary?hours=0", { headers: admin }).catch((e: any) => e.response)
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/hours/)
      })

      it("list routes run the same number of queries whatever the page size", async () => {
        const agent = await rl().getAgent()
        const rows = Array.from({ length: 60 }, (_, i) => ({
          customer_hash: null, cart_id: `cart_q${i}`, session_id: null, region_id: null, currency_code: "gbp", features: {},
          state_key: "s-q", strategy: "popular", explored: false, propensity: 1, epsilon: 0.1, q_values: {},
          products: [], product_ids: [], fallback: null, model_version: agent.model_version,
        }))
        const decisions: any[] = (await rl().createRlDecisions(rows as any)) as any
        for (const d of decisions.slice(0, 55)) {
          await rl().applyReward({ decision_id: d.id, kind: "engagement", source_event_id: `q-${d.id}` })
        }
        for (let i = 0; i < 3; i++) await api.post("/admin/rl/snapshots", {}, { headers: admin })
        const get = (url: string) => async () => {
          const res = await api.get(url, { headers: admin })
          expect(res.status).toBe(200)
        }
        const report: Record<string, [number, number]> = {}
        for (const [route, small, large] of [
          ["/admin/rl/decisions", "?limit=1", "?limit=100"],
          ["/admin/rl/decisions csv", "?format=csv&limit=1", "?format=csv&limit=5000"],
          ["/admin/rl/snapshots", "?limit=1", "?limit=100"],
          ["/admin/rl/imports", "?limit=1", "?limit=100"],
          ["/admin/rl/metrics", "?group_by=strategy&granularity=hour", "?group_by=segment&granularity=day"],
        ] as const) {
          const url = route.split(" ")[0]
          report[route] = [await countQueries(get(url + small)), await countQueries(get(url + large))]
        }
        console.log("queries per request (small page, large page):", JSON.stringify(report))
        for (const [route, [a, b]] of Object.entries(report)) {
          expect({ route, queries: b }).toEqual({ route, queries: a })
          expect(a).toBeGreaterThan(0) // the counter sees the server's statements
          expect(a).toBeLessThanOrEqual(6)
        }
      })

      it("GET /admin/rl/health reports Postgres, Redis, the agent and this process's catalogue snapshots", async () => {
        const res = await api.get("/admin/rl/health", { headers: admin })
        expect(res.status).toBe(200)
        expect(res.data).toMatchObject({
          status: "ok",
          postgres: { status: "ok" },
          redis: { status: "ok" },
          agent: { status: "learning", model_version: 1 },
        })
        // the earlier tests' recommendations loaded the GBP snapshot of the fixture's channel and region
        const snapshot = res.data.catalog.snapshots.find((s: any) => s.key === `${store.salesChannelId}|${store.regionId}|gbp`)
        expect(snapshot).toMatchObject({ refreshing: expect.any(Boolean), last_full_load_ms: expect.any(Number) })
        expect(snapshot.products).toBeGreaterThan(5)
        expect(Date.parse(snapshot.last_check_at)).toBeGreaterThanOrEqual(Date.parse(snapshot.last_full_load_at))
        expect(res.data.catalog.refreshes).toMatchObject({ full: expect.any(Number), checks: expect.any(Number), incremental: expect.any(Number) })
      })

      it("GET /admin/rl/metrics/prometheus exposes the route's latency, responses and decisions, and the store's queue, outbox and Q-table", async () => {
        const scrape = async () => {
          const res = await api.get("/admin/rl/metrics/prometheus", { headers: admin })
          expect(res.status).toBe(200)
          expect(res.headers["content-type"]).toMatch(/^text\/plain;.*version=0\.0\.4/)
          return res.data as string
        }
        const value = (text: string, series: string) => {
          const line = text.split("\n").find((l) => l.startsWith(series + " "))
          return line ? Number(line.slice(series.length + 1)) : 0
        }
        const sum = (text: string, prefix: string) =>
          text.split("\n").filter((l) => l.startsWith(prefix)).reduce((a, l) => a + Number(l.split(" ").pop()), 0)
        const before = await scrape()
        for (let i = 0; i < 3; i++) expect((await post("/store/rl/recommendations", { limit: 2 })).status).toBe(200)
        expect((await post("/store/rl/recommendations", { limit: 0 })).status).toBe(400)
        const after = await scrape()
        // this process served them: three answers and one refusal, each timed, three decisions counted
        expect(value(after, 'rl_http_responses_total{route="recommendations",code="2xx"}') - value(before, 'rl_http_responses_total{route="recommendations",code="2xx"}')).toBe(3)
        expect(value(after, 'rl_http_responses_total{route="recommendations",code="4xx"}') - value(before, 'rl_http_responses_total{route="recommendations",code="4xx"}')).toBe(1)
        expect(value(after, 'rl_http_request_duration_seconds_count{route="recommendations"}') - value(before, 'rl_http_request_duration_seconds_count{route="recommendations"}')).toBe(4)
        expect(value(after, 'rl_http_request_duration_seconds_bucket{route="recommendations",le="+Inf"}')).toBe(value(after, 'rl_http_request_duration_seconds_count{route="recommendations"}'))
        expect(sum(after, "rl_decisions_total{") - sum(before, "rl_decisions_total{")).toBe(3)
        expect(after).toMatch(/^rl_decisions_total\{strategy="[a-z_]+",explored="(true|false)",placement="home"\} \d+$/m)
        // the store's shared state, read at scrape time
        const agent = (await api.get("/admin/rl/agent", { headers: admin })).data.agent
        expect(value(after, "rl_qtable_states")).toBe(agent.q_table.states)
        expect(value(after, "rl_agent_model_version")).toBe(agent.model_version)
        expect(value(after, "rl_outbox_pending_jobs")).toBe(await rl().countOutbox())
        expect(value(after, "rl_redis_up")).toBe(1)
        expect(after).toMatch(/^rl_queue_jobs\{state="waiting"\} \d+$/m)
        expect(value(after, "rl_last_hour_decisions")).toBeGreaterThanOrEqual(3)
        // every reward kind, and they add up to the last hour's rewards
        expect(after).toMatch(/^rl_last_hour_rewards_by_kind\{kind="conversion"\} \d+$/m)
        expect(sum(after, "rl_last_hour_rewards_by_kind{")).toBe(value(after, "rl_last_hour_rewards") + sum(after, 'rl_last_hour_rewards_by_kind{kind="view"}') + sum(after, 'rl_last_hour_rewards_by_kind{kind="episode_end"}'))
        expect(value(after, "rl_process_resident_memory_bytes")).toBeGreaterThan(50e6)
        expect(after).toMatch(new RegExp(`^rl_catalog_snapshot_products\\{key="${store.salesChannelId}\\|${store.regionId}\\|gbp",partial="false"\\} \\d+$`, "m"))
        const anonymous = await api.get("/admin/rl/metrics/prometheus").catch((e: any) => e.response)
        expect(anonymous.status).toBe(401)
      })

      it("logs each decision and each reward applied as one JSON object when structuredLogs is on", async () => {
        const logger = getContainer().resolve<any>("logger")
        const options = rl().getOptions()
        const lines: string[] = []
        const info = logger.info
        logger.info = (msg: unknown, ...rest: unknown[]) => {
          if (typeof msg === "string" && msg.startsWith('{"event":"rl.')) lines.push(msg)
          return info.call(logger, msg, ...rest)
        }
        try {
          expect((await post("/store/rl/recommendations", { limit: 2 })).status).toBe(200) // off: nothing
          expect(lines).toEqual([])
          options.structuredLogs = true
          const rec = (await post("/store/rl/recommendations", { limit: 2 })).data.recommendation
          const click = await post(`/store/rl/recommendations/${rec.id}/feedback`, { type: "click", product_id: rec.products[0].id, token: rec.feedback_token })
          expect(click.data.feedback.counted).toBe(true)
          const events = lines.map((l) => JSON.parse(l))
          expect(events[0]).toMatchObject({
            event: "rl.decision",
            decision_id: rec.id,
            placement: "home",
            strategy: rec.strategy,
            explored: rec.explored,
            propensity: rec.propensity,
            model_version: rec.model_version,
            product_ids: rec.products.map((p: any) => p.id),
            currency_code: "gbp",
          })
          expect(events.find((e) => e.event === "rl.reward" && e.kind === "engagement")).toMatchObject({
            decision_id: rec.id,
            source_event_id: expect.any(String),
            product_id: rec.products[0].id,
            value: 0.5,
            q_after: expect.any(Number),
          })
          expect(JSON.stringify(events)).not.toMatch(/cus_/) // no customer id
        } finally {
          options.structuredLogs = false
          logger.info = info
        }
      })

      it("refuses with 503 and Retry-After, never holding the connection, a request whose catalogue is not loaded within catalogFirstLoadWaitMs", async () => {
        // a region no request has asked for yet: its snapshot is not in the server's cache
        const { result: [region] } = await createRegionsWorkflow(getContainer()).run({
          input: { regions: [{ name: "Nowhere", currency_code: "eur", countries: [] }] },
        })
        rl().invalidateStoreDefaults() // the store's regions are cached like the catalogue (an hour here)
        const options = rl().getOptions()
        const before = options.catalogFirstLoadWaitMs
        try {
          options.catalogFirstLoadWaitMs = 0
          const refused = await post("/store/rl/recommendations", { region_id: region.id })
          expect(refused.status).toBe(503)
          expect(refused.headers["retry-after"]).toBe("5")
          expect(refused.data).toMatchObject({ type: "service_unavailable", message: expect.stringMatching(/catalogue is still loading.*Retry in 5 s/) })
          const health = await api.get("/admin/rl/health", { headers: admin })
          expect(health.data.catalog.loading.length + health.data.catalog.snapshots.filter((x: any) => x.key.includes(region.id)).length).toBe(1)
        } finally {
          options.catalogFirstLoadWaitMs = before
        }
        // the load it started went on: the next request is answered
        const served = await post("/store/rl/recommendations", { region_id: region.id })
        expect(served.status).toBe(200)
        expect(served.data.recommendation.region).toMatchObject({ id: region.id, currency_code: "eur" })
        await getContainer().resolve(Modules.REGION).deleteRegions([region.id])
      })

      it("draws the interim snapshot from the channel's best sellers, filled from the channel without sales", async () => {
        const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
        const key = { salesChannelId: store.salesChannelId, regionId: store.regionId, currencyCode: "gbp" }
        const full = await loadCatalog(query, key)
        const sellable = new Set(full.cards.map((c) => c.id))
        const [a, b, c] = full.cards.map((card) => card.id)
        // the two best sellers of this popularity, in its order; a product outside the channel is skipped
        const popularity = new Map([["prod_not_in_the_channel", 99], [c, 30], [a, 20], [b, 10]])
        const interim = await loadInterimCatalog(query, key, popularity, 2)
        expect(interim.cards.map((card) => card.id).sort()).toEqual([c, a].sort())
        expect(interim.cards.find((card) => card.id === a)).toEqual(full.cards.find((card) => card.id === a))
        // fewer best sellers than asked: filled with the channel's first products
        const filled = await loadInterimCatalog(query, key, new Map([[b, 1]]), 3)
        const { data: links } = await query.graph({
          entity: "product_sales_channel",
          fields: ["product_id"],
          filters: { sales_channel_id: store.salesChannelId },
          pagination: { take: 3, order: { product_id: "ASC" } },
        })
        const candidates = [...new Set([b, ...links.map((l: any) => l.product_id)])].slice(0, 3)
        expect(filled.cards.map((card) => card.id).sort()).toEqual(candidates.filter((id) => sellable.has(id)).sort())
        // no sales at all: the channel's first products, still only sellable ones
        const cold = await loadInterimCatalog(query, key, new Map(), 3)
        expect(cold.cards.length).toBeGreaterThan(0)
        expect(cold.cards.length).toBeLessThanOrEqual(3)
        expect(cold.cards.every((c) => sellable.has(c.id))).toBe(true)
      })
    })
  },
})

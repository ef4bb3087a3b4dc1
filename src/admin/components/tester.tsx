import { Badge, Button, Input, Label, Select, Table, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { useCustomerSearch, usePreviewRecommendation, useProductSearch, useSimulateFeedback } from "../hooks/tester"
import { describeReason } from "../../../packages/storefront/src/format"
import type { Intent, Placement } from "../../../packages/storefront/src/types"
import { STRATEGIES, STRATEGY_LABELS, formatMoney, formatNum } from "../lib/format"
import type { Preview, Simulation } from "../lib/types"
import { Grid, Section } from "./kpi-card"

type Line = { product_id: string; title: string; quantity: number }
type Customer = { id: string; email: string; name: string }

const EVENTS = [
  { value: "click", label: "Click" },
  { value: "add_to_cart", label: "Add to cart" },
  { value: "purchase", label: "Purchase" },
  { value: "dismiss", label: "Dismiss" },
  { value: "abandon", label: "Abandon" },
]

/** Search results as a list of buttons. */
function SearchResults<T extends { id: string }>(props: { items: T[]; label: (item: T) => string; onPick: (item: T) => void; testId: string }) {
  return (
    <div className="flex flex-col">
      {props.items.map((item) => (
        <button
          key={item.id}
          className="text-ui-fg-subtle hover:bg-ui-bg-base-hover rounded px-2 py-1 text-left text-sm"
          onClick={() => props.onPick(item)}
          data-testid={props.testId}
        >
          {props.label(item)}
        </button>
      ))}
    </div>
  )
}

/**
 * Pick a customer and a cart, see what the agent would recommend and why,
 * then see how feedback would move the Q value. Nothing here is logged or
 * learnt: the live agent is untouched.
 */
export const Tester = () => {
  const [customerQ, setCustomerQ] = useState("")
  const [customer, setCustomer] = useState<Customer | null>(null)
  const [productQ, setProductQ] = useState("")
  const [lines, setLines] = useState<Line[]>([])
  const [cartId, setCartId] = useState("")
  const [device, setDevice] = useState<"desktop" | "mobile" | "tablet">("desktop")
  const [placement, setPlacement] = useState<Placement | "auto">("auto")
  const [pageQ, setPageQ] = useState("")
  const [pageProduct, setPageProduct] = useState<{ id: string; title: string } | null>(null)
  const [intent, setIntent] = useState<Intent>("complementary")
  const [preview, setPreview] = useState<Preview | null>(null)
  const [simulation, setSimulation] = useState<Simulation | null>(null)
  const [revenue, setRevenue] = useState("50")

  const customers = useCustomerSearch(customerQ)
  const products = useProductSearch(productQ)
  const pageProducts = useProductSearch(pageQ)
  const run = usePreviewRecommendation()
  const simulate = useSimulateFeedback()

  const addLine = (p: { id: string; title: string }) =>
    setLines((ls) =>
      ls.some((l) => l.product_id === p.id)
        ? ls.map((l) => (l.product_id === p.id ? { ...l, quantity: l.quantity + 1 } : l))
        : [...ls, { product_id: p.id, title: p.title, quantity: 1 }]
    )

  const submit = () => {
    setSimulation(null)
    run.mutate(
      {
        ...(placement !== "auto" ? { placement } : {}),
        ...(pageProduct ? { product_id: pageProduct.id } : {}),
        intent,
        customer_id: customer?.id,
        ...(cartId.trim() ? { cart_id: cartId.trim() } : lines.length ? { items: lines.map(({ product_id, quantity }) => ({ product_id, quantity })) } : {}),
        device,
        limit: 8,
      },
      { onSuccess: (r) => setPreview(r.preview), onError: (e) => toast.error(e.message) }
    )
  }

  // names for the products a reason points at: the page's, the cart's and the list's own
  const titles: Record<string, string> = Object.fromEntries([
    ...lines.map((l) => [l.product_id, l.title]),
    ...(pageProduct ? [[pageProduct.id, pageProduct.title]] : []),
    ...(preview?.products ?? []).map((p) => [p.id, p.title]),
  ])

  const feedback = (event: string) => {
    if (!preview) return
    simulate.mutate(
      { state_key: preview.state_key, strategy: preview.strategy, event, ...(event === "purchase" ? { revenue: Number(revenue) || 0 } : {}) },
      { onSuccess: (r) => setSimulation(r.simulation), onError: (e) => toast.error(e.message) }
    )
  }

  return (
    <div className="flex flex-wrap">
      <div style={{ flex: "1 1 320px", maxWidth: 480 }}>
      <Section title="Shopper" description="A customer (or a guest) and a cart: built from products, or an existing cart id.">
        <div className="flex flex-col gap-y-2">
          <Label size="small">Customer</Label>
          {customer ? (
            <div className="flex items-center justify-between rounded-md border px-3 py-2" data-testid="rl-tester-customer">
              <Text size="small">{customer.name || customer.email}</Text>
              <Button size="small" variant="transparent" onClick={() => setCustomer(null)}>
                Guest instead
              </Button>
            </div>
          ) : (
            <>
              <Input size="small" placeholder="Search customers by email or name" value={customerQ} onChange={(e) => setCustomerQ(e.target.value)} data-testid="rl-tester-customer-search" />
              <SearchResults
                testId="rl-tester-customer-option"
                items={customers.data?.customers ?? []}
                label={(c) => c.email}
                onPick={(c) => setCustomer({ id: c.id, email: c.email, name: [c.first_name, c.last_name].filter(Boolean).join(" ") })}
              />
            </>
          )}
          <Label size="small">Cart</Label>
          <Input size="small" placeholder="Search products to add" value={productQ} onChange={(e) => setProductQ(e.target.value)} data-testid="rl-tester-product-search" />
          <SearchResults
            testId="rl-tester-product-option"
            items={products.data?.products ?? []}
            label={(p) => `+ ${p.title}`}
            onPick={(p) => addLine({ id: p.id, title: p.title })}
          />
          {lines.length > 0 && (
            <div className="flex flex-col gap-y-1 rounded-md border px-3 py-2" data-testid="rl-tester-cart">
              {lines.map((l) => (
                <div key={l.product_id} className="flex items-center justify-between gap-x-2">
                  <Text size="small">
                    {l.quantity} × {l.title}
                  </Text>
                  <Button size="small" variant="transparent" onClick={() => setLines((ls) => ls.filter((x) => x.product_id !== l.product_id))}>
                    Remove
                  </Button>
                </div>
              ))}
            </div>
          )}
          <Input size="small" placeholder="…or an existing cart id (cart_…)" value={cartId} onChange={(e) => setCartId(e.target.value)} />
          <Label size="small">Product page</Label>
          {pageProduct ? (
            <div className="flex items-center justify-between rounded-md border px-3 py-2" data-testid="rl-tester-page-product">
              <Text size="small">{pageProduct.title}</Text>
              <Button size="small" variant="transparent" onClick={() => setPageProduct(null)}>
                No product page
              </Button>
            </div>
          ) : (
            <>
              <Input size="small" placeholder="The product being viewed (optional)" value={pageQ} onChange={(e) => setPageQ(e.target.value)} data-testid="rl-tester-page-search" />
              <SearchResults
                testId="rl-tester-page-option"
                items={pageQ ? pageProducts.data?.products ?? [] : []}
                label={(p) => p.title}
                onPick={(p) => {
                  setPageProduct({ id: p.id, title: p.title })
                  setPageQ("")
                }}
              />
            </>
          )}
          <div className="flex gap-x-2">
            <div className="flex-1">
              <Label size="small">Placement</Label>
              <Select size="small" value={placement} onValueChange={(v) => setPlacement(v as typeof placement)}>
                <Select.Trigger data-testid="rl-tester-placement">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value="auto">From what is given</Select.Item>
                  <Select.Item value="cart">Cart</Select.Item>
                  <Select.Item value="product">Product page</Select.Item>
                  <Select.Item value="home">Home</Select.Item>
                  <Select.Item value="checkout">Checkout</Select.Item>
                </Select.Content>
              </Select>
            </div>
            <div className="flex-1">
              <Label size="small">Intent</Label>
              <Select size="small" value={intent} onValueChange={(v) => setIntent(v as Intent)}>
                <Select.Trigger data-testid="rl-tester-intent">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value="complementary">Bought together</Select.Item>
                  <Select.Item value="similar">Similar</Select.Item>
                </Select.Content>
              </Select>
            </div>
          </div>
          <Label size="small">Device</Label>
          <Select size="small" value={device} onValueChange={(v) => setDevice(v as typeof device)}>
            <Select.Trigger>
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              <Select.Item value="desktop">Desktop</Select.Item>
              <Select.Item value="mobile">Mobile</Select.Item>
              <Select.Item value="tablet">Tablet</Select.Item>
            </Select.Content>
          </Select>
          <Button size="small" onClick={submit} isLoading={run.isPending} data-testid="rl-tester-run">
            Get recommendations
          </Button>
        </div>
      </Section>
      </div>
      <div style={{ flex: "3 1 480px" }} className="border-l">
      <Section title="What the agent would do" description="The policy's choice with the Q value of every strategy. Nothing is logged.">
        {!preview && (
          <Text size="small" className="text-ui-fg-subtle">
            Choose a shopper and press “Get recommendations”.
          </Text>
        )}
        {preview && (
          <div className="flex flex-col gap-y-3" data-testid="rl-tester-result">
            <div className="flex flex-wrap items-center gap-2">
              <Badge color="blue">{STRATEGY_LABELS[preview.strategy] ?? preview.strategy}</Badge>
              <Badge color={preview.explored ? "orange" : "green"}>{preview.explored ? "Explored" : "Greedy"}</Badge>
              <Badge>propensity {formatNum(preview.propensity)}</Badge>
              <Badge>ε {formatNum(preview.epsilon)}</Badge>
              <Badge>model v{preview.model_version}</Badge>
              <Badge data-testid="rl-tester-placement-badge">{preview.placement}</Badge>
              <Badge>{preview.intent === "similar" ? "similar" : "bought together"}</Badge>
            </div>
            <Text size="small" data-testid="rl-tester-reason">
              {preview.reason}
            </Text>
            <Text size="xsmall" className="text-ui-fg-subtle" data-testid="rl-tester-explorable">
              {preview.explorable.length
                ? `Exploration may try here: ${preview.explorable.map((s) => STRATEGY_LABELS[s] ?? s).join(", ")}.`
                : "Exploration may try nothing here: no strategy's own list fills this request (guard rail)."}
            </Text>
            <Table>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell>Strategy</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">Q value</Table.HeaderCell>
                  <Table.HeaderCell className="text-right">After feedback</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {STRATEGIES.map((s) => (
                  <Table.Row key={s} className={s === preview.strategy ? "bg-ui-bg-highlight" : undefined} data-testid={`rl-tester-q-${s}`}>
                    <Table.Cell>{STRATEGY_LABELS[s]}</Table.Cell>
                    <Table.Cell className="text-right">{formatNum(preview.q_values[s], 4)}</Table.Cell>
                    <Table.Cell className="text-right">{simulation ? formatNum(simulation.q[s], 4) : ""}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
            <div className="flex flex-wrap items-end gap-2">
              <Text size="small" weight="plus" className="w-full">
                Simulate feedback on {preview.strategy}
              </Text>
              {EVENTS.map((e) => (
                <Button key={e.value} size="small" variant="secondary" onClick={() => feedback(e.value)} isLoading={simulate.isPending && simulate.variables?.event === e.value} data-testid={`rl-tester-simulate-${e.value}`}>
                  {e.label}
                </Button>
              ))}
              <div className="w-28">
                <Input size="small" type="number" min={0} value={revenue} onChange={(e) => setRevenue(e.target.value)} aria-label="Purchase revenue" />
              </div>
            </div>
            {simulation && (
              <Text size="small" data-testid="rl-tester-simulation">
                Q(s, {simulation.strategy}) would move from {formatNum(simulation.q_before, 4)} to {formatNum(simulation.q_after, 4)} (
                {simulation.steps.map((s) => `${s.kind} ${s.reward >= 0 ? "+" : ""}${formatNum(s.reward, 2)}${s.terminal ? ", terminal" : ""}`).join("; ")}; α{" "}
                {simulation.alpha}, γ {simulation.gamma}). The live agent is not changed.
              </Text>
            )}
            <Text size="small" weight="plus">
              Recommended products{preview.fallback ? ` (${preview.fallback.replace(/_/g, " ")})` : ""}
            </Text>
            <Text size="small" className="text-ui-fg-subtle" data-testid="rl-tester-pricing">
              Priced in {preview.region.currency_code.toUpperCase()} (region {preview.region.id}, chosen by {preview.region.source.replace(/_/g, " ")});
              price bands: low under {formatMoney(preview.price_bands.low, preview.region.currency_code)}, high over{" "}
              {formatMoney(preview.price_bands.high, preview.region.currency_code)} ({preview.price_bands.source}).
            </Text>
            <Grid min={150} gap={8} testId="rl-tester-products">
              {preview.products.map((p) => (
                <div key={p.id} className="flex flex-col gap-y-1 rounded-md border p-2">
                  {p.thumbnail && <img src={p.thumbnail} alt="" className="h-16 w-full rounded object-cover" />}
                  <Text size="xsmall" weight="plus" className="line-clamp-2">
                    {p.title}
                  </Text>
                  <Text size="xsmall" className="text-ui-fg-subtle">
                    {formatMoney(p.price.amount, p.price.currency_code)} · score {formatNum(p.score, 2)}
                  </Text>
                  <Text size="xsmall" className="text-ui-fg-subtle" data-testid="rl-tester-product-reason">
                    {describeReason(p.reason, titles)}
                  </Text>
                </div>
              ))}
            </Grid>
            <details>
              <summary className="text-ui-fg-subtle cursor-pointer text-xs">State</summary>
              <pre className="text-ui-fg-subtle mt-1 overflow-x-auto text-xs">{JSON.stringify({ state_key: preview.state_key, features: preview.features }, null, 2)}</pre>
            </details>
          </div>
        )}
      </Section>
      </div>
    </div>
  )
}

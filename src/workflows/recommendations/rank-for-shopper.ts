import { chooseStrategyStep } from "./steps/choose-strategy"
import { loadShopperContextStep, type LoadShopperContextInput } from "./steps/load-shopper-context"
import { selectProductsStep } from "./steps/select-products"

/**
 * The steps every recommendation starts with — the shopper's state, the
 * policy's strategy, the strategy's products — composed inside a workflow
 * (the storefront's, which then logs the decision, and the admin tester's,
 * which does not).
 */
export function rankForShopper(input: LoadShopperContextInput & { limit: number; seed?: number }) {
  const shopper = loadShopperContextStep(input)
  const decided = chooseStrategyStep({
    state: shopper.state,
    cart_product_ids: shopper.cart_product_ids,
    history_product_ids: shopper.history_product_ids,
    catalog_key: shopper.catalog_key,
    seed: input.seed,
  })
  const ranking = selectProductsStep({
    strategy: decided.choice.strategy,
    catalog_key: shopper.catalog_key,
    cart_product_ids: shopper.cart_product_ids,
    history_product_ids: shopper.history_product_ids,
    category_ids: decided.category_ids,
    limit: input.limit,
  })
  return { shopper, decided, ranking }
}

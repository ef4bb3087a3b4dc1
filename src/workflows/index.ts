// the recommendation read path (no workflow engine: see its header)
export { previewRecommendation, rankForShopper, serveRecommendation } from "./recommendations/serve"
export * from "./feedback/workflows/record-feedback"
export * from "./agent/workflows/update-agent"
export * from "./rewards/workflows/process-cart-events"
export * from "./rewards/workflows/process-order-events"
export * from "./rewards/workflows/delayed-checks"
export * from "./import/workflows/import-online-retail"
export { runOnlineRetailImport } from "./import/run-import"

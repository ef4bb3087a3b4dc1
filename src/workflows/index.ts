export * from "./recommendations/workflows/create-recommendation"
export * from "./feedback/workflows/record-feedback"
export * from "./agent/workflows/update-agent"

export * from "./client"
export { Recommendations, formatPrice, type RecommendationsProps } from "./recommendations"

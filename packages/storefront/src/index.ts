export * from "./types.js"
export { RecommendationsClient, RecommendationsError, type ClientConfig, type JsSdkLike } from "./client.js"
export { Recommendations, formatPrice, type RecommendationsProps } from "./recommendations.js"

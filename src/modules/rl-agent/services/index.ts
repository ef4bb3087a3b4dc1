// The module's internal services: Medusa registers each in the module's container
// (learningService, statisticsService, …); the main service is their front.
export * from "./insights"
export * from "./learning"
export * from "./maintenance"
export * from "./statistics"
export * from "./merchandising"
export * from "./alerts"
export * from "./experiments"
export * from "./shadows"

// The module's types in one place: the plugin's options (resolved and documented), the shapes its
// service takes and returns, and what the admin routes answer (no server imports: the admin bundle reads it).
export * from "./options"
export * from "./admin"
export type * from "./shapes"

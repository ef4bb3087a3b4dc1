import path from "path"
import { defineConfig } from "vite"

/** Bundles the demo shop (React included) into one script the demo store serves at /storefront. */
export default defineConfig({
  root: __dirname,
  // a production bundle whatever NODE_ENV the caller has (the browser test runs under vitest's "test")
  mode: "production",
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
  esbuild: { jsx: "automatic" },
  build: {
    outDir: process.env.RL_STOREFRONT_OUT ?? path.resolve(__dirname, "../../../demo/.storefront"),
    emptyOutDir: true,
    lib: { entry: path.resolve(__dirname, "main.tsx"), formats: ["iife"], name: "RlDemoShop", fileName: () => "app.js" },
  },
})

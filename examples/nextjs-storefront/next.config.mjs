/** @type {import("next").NextConfig} */
const nextConfig = {
  // unlike the starter, type errors fail the build: CI builds this app to prove the wiring type-checks
  typescript: { ignoreBuildErrors: false },
  eslint: { ignoreDuringBuilds: true },
}

export default nextConfig

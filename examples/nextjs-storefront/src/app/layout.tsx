import type { ReactNode } from "react"

export const metadata = { title: "RL recommendations — Next.js example" }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", maxWidth: 960, margin: "0 auto", padding: 16 }}>{children}</body>
    </html>
  )
}

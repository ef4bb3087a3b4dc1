import { Text } from "@medusajs/ui"

export const KpiCard = ({ label, value, hint, testId }: { label: string; value: string | number; hint?: string; testId?: string }) => (
  <div className="flex flex-col gap-y-1 rounded-lg border px-4 py-3" data-testid={testId}>
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="xlarge" weight="plus" data-testid={testId ? `${testId}-value` : undefined}>
      {value}
    </Text>
    {hint && (
      <Text size="xsmall" className="text-ui-fg-muted">
        {hint}
      </Text>
    )}
  </div>
)

export const Section = ({ title, description, children, actions, testId }: {
  title: string
  description?: string
  children: React.ReactNode
  actions?: React.ReactNode
  testId?: string
}) => (
  <div className="flex flex-col gap-y-3 px-6 py-4" data-testid={testId}>
    <div className="flex items-start justify-between gap-x-4">
      <div>
        <Text size="base" weight="plus">
          {title}
        </Text>
        {description && (
          <Text size="small" className="text-ui-fg-subtle">
            {description}
          </Text>
        )}
      </div>
      {actions}
    </div>
    {children}
  </div>
)

/**
 * A responsive grid of columns at least `min` px wide. Inline styles: the
 * admin's stylesheet holds only the Tailwind classes the dashboard itself
 * uses, so responsive grid classes from an extension may not exist.
 */
export const Grid = ({ min, gap = 16, children, className, testId }: {
  min: number
  gap?: number
  children: React.ReactNode
  className?: string
  testId?: string
}) => (
  <div
    className={className}
    style={{ display: "grid", gridTemplateColumns: `repeat(auto-fill, minmax(min(${min}px, 100%), 1fr))`, gap }}
    data-testid={testId}
  >
    {children}
  </div>
)

export const EmptyState = ({ title, children, testId }: { title: string; children: React.ReactNode; testId?: string }) => (
  <div className="flex flex-col items-center gap-y-1 rounded-lg border border-dashed px-6 py-8 text-center" data-testid={testId}>
    <Text size="small" weight="plus">
      {title}
    </Text>
    <Text size="small" className="text-ui-fg-subtle max-w-prose">
      {children}
    </Text>
  </div>
)

/** The dashboard refreshes every 30 s, backing off (doubling, up to 5 min) while the backend errors. */
export const POLL_MS = 30_000
const MAX_POLL_MS = 300_000

export const pollInterval = (query: { state: { fetchFailureCount: number } }) =>
  Math.min(POLL_MS * 2 ** query.state.fetchFailureCount, MAX_POLL_MS)

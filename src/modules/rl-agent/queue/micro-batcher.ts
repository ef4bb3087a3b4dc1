/**
 * Collects concurrent calls into batches: a batch is flushed when it is
 * full or when the first item has waited `maxWaitMs`. Each caller's promise
 * settles with its own item's result (or error) once its batch has run, so
 * a queue job completes only after its reward has committed.
 */
export class MicroBatcher<I, O> {
  protected pending: Array<{ item: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = []
  protected timer: NodeJS.Timeout | null = null

  constructor(
    protected readonly flushFn: (items: I[]) => Promise<Array<O | Error>>,
    protected readonly maxSize = 200,
    protected readonly maxWaitMs = 5
  ) {}

  push(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject })
      if (this.pending.length >= this.maxSize) {
        void this.flush()
      } else if (!this.timer) {
        this.timer = setTimeout(() => void this.flush(), this.maxWaitMs)
      }
    })
  }

  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    const batch = this.pending.splice(0, this.maxSize)
    if (this.pending.length) this.timer = setTimeout(() => void this.flush(), 0)
    if (!batch.length) return
    try {
      const results = await this.flushFn(batch.map((b) => b.item))
      batch.forEach((b, i) => {
        const r = results[i]
        if (r instanceof Error) b.reject(r)
        else b.resolve(r as O)
      })
    } catch (e) {
      // the whole batch failed (e.g. the database went away): every job retries
      for (const b of batch) b.reject(e)
    }
  }
}

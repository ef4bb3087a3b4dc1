type Waiting<I, O> = { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }

/**
 * Runs one batch and settles each caller with its own item's result: an
 * Error result rejects that item alone, a thrown error every item.
 */
async function runBatch<I, O>(batch: Array<Waiting<I, O>>, run: (items: I[]) => Promise<Array<O | Error>>): Promise<void> {
  try {
    const results = await run(batch.map((b) => b.item))
    batch.forEach((b, i) => {
      const r = results[i]
      if (r instanceof Error) b.reject(r)
      else b.resolve(r as O)
    })
  } catch (e) {
    for (const b of batch) b.reject(e)
  }
}

/**
 * Collects concurrent calls into batches: a batch is flushed when it is
 * full or when the first item has waited `maxWaitMs`. Each caller's promise
 * settles with its own item's result (or error) once its batch has run, so
 * a queue job completes only after its reward has committed.
 */
export class MicroBatcher<I, O> {
  protected pending: Array<Waiting<I, O>> = []
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
    // a whole batch that fails (e.g. the database went away): every job retries
    await runBatch(batch, this.flushFn)
  }
}

/**
 * Group commit: an item arriving while no write is in flight is written at
 * once, alone; items arriving while one is in flight wait for it and go
 * together in the next (up to `maxSize`). No wait is added when the store is
 * quiet, and under load one statement carries many items. Each caller's
 * promise settles after its own item is written: nothing is acknowledged
 * before it is stored.
 */
export class GroupCommit<I, O> {
  protected pending: Array<Waiting<I, O>> = []
  protected writing = false
  /** Writes made and items written (tests, the benchmark). */
  readonly stats = { writes: 0, items: 0 }

  constructor(
    /** Results in the items' order; an Error rejects that item alone. */
    protected readonly writeFn: (items: I[]) => Promise<Array<O | Error>>,
    protected readonly maxSize = 100
  ) {}

  push(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject })
      if (!this.writing) void this.drain()
    })
  }

  protected async drain(): Promise<void> {
    this.writing = true
    try {
      while (this.pending.length) {
        const batch = this.pending.splice(0, this.maxSize)
        this.stats.writes++
        this.stats.items += batch.length
        await runBatch(batch, this.writeFn)
      }
    } finally {
      this.writing = false
    }
  }
}

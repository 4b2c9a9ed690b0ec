// Writes an import's accepted rows into payments while the file is still being read. Rows are staged in batches; every
// part of the file (PART_ROWS rows) then has its new payees resolved and its rows stored, while this process reads the
// next part, so the database and the reading work at the same time. A row whose key may repeat an earlier row's key
// waits until the end, when every row of the file is staged and its occurrence can be counted (see row-key.ts).
// Everything happens in the caller's transaction, so an import that fails stores nothing.
import type { Db } from '../db/database.js'
import {
  createStagingTables,
  insertStagedPayments,
  STAGE_BATCH,
  stageBatch,
  stagePayeeSuppliers,
  stageRows,
  type StagedRow,
  type StoredPayments,
} from '../db/repositories/spend-import.repository.js'
import { formatPence } from '../domain/spend/amount.js'
import type { PayeeResolver } from './spend-import.service.js'

/**
 * Rows per part. Files up to this size are stored in one part, with every payee resolved together; a larger file's
 * payees are resolved part by part, each part's new payees seeing the suppliers the earlier parts made.
 */
export const PART_ROWS = 250_000

/** Key hashes remembered (about 30 MB a million); past this, every later row waits for the end, which stays right. */
const MAX_KEYS = 2_000_000

/** Steps the database may be behind the reading by before the reading waits for it (memory for their rows). */
const MAX_PENDING = 4

export type PayeeInput = { name: string; companyNumber?: string; charityNumber?: string; postcode?: string }

export type WrittenRow = Omit<StagedRow, 'part' | 'repeat'>

export class PaymentWriter {
  /** Database steps in the order given; each starts when the one before has finished. */
  #queue: Promise<void> = Promise.resolve()
  readonly #pending: Promise<void>[] = []
  readonly #seenKeys = new Set<number>()
  readonly #payeesSeen = new Set<string>()
  #partPayees: PayeeInput[] = []
  #batch: StagedRow[] = []
  #part = 0
  #rowsInPart = 0
  #stored: StoredPayments[] = []
  #abandoned = false
  #repeats = 0

  private constructor(
    private readonly trx: Db,
    private readonly organisationId: string,
    private readonly importId: string,
    private readonly resolvePayees: PayeeResolver,
    private readonly partRows: number,
  ) {}

  static async open(
    trx: Db,
    organisationId: string,
    importId: string,
    resolvePayees: PayeeResolver,
    partRows = PART_ROWS,
  ): Promise<PaymentWriter> {
    await createStagingTables(trx)
    return new PaymentWriter(trx, organisationId, importId, resolvePayees, partRows)
  }

  /**
   * Adds one accepted row, with its payee if it names an organisation. Waits only when the database has fallen
   * MAX_PENDING batches behind, and throws as soon as a database step has failed.
   */
  async add(row: WrittenRow, payee: (PayeeInput & { key: string }) | null): Promise<void> {
    if (payee && !this.#payeesSeen.has(payee.key)) {
      // A payee is resolved with what its first row says of it.
      this.#payeesSeen.add(payee.key)
      this.#partPayees.push({
        name: payee.name,
        companyNumber: payee.companyNumber,
        charityNumber: payee.charityNumber,
        postcode: payee.postcode,
      })
    }
    const repeat = this.#mayRepeat(row)
    if (repeat) this.#repeats++
    this.#batch.push({ ...row, part: this.#part, repeat })
    this.#rowsInPart++
    if (this.#batch.length >= STAGE_BATCH) this.#stageBatch()
    if (this.#rowsInPart >= this.partRows) this.#endPart()
    while (this.#pending.length > MAX_PENDING) await this.#pending.shift()
  }

  /** Stores what is left: the last part, then the rows that may repeat a key. Returns what was new. */
  async finish(): Promise<{ inserted: number; amount: string; from: string | null; to: string | null }> {
    this.#endPart()
    if (this.#repeats > 0)
      this.#enqueue(async () => {
        this.#stored.push(await insertStagedPayments(this.trx, this.organisationId, this.importId, 'repeats'))
      })
    await this.#queue
    const from = this.#stored.map((s) => s.from).filter((d): d is string => d !== null)
    const to = this.#stored.map((s) => s.to).filter((d): d is string => d !== null)
    return {
      inserted: this.#stored.reduce((n, s) => n + s.inserted, 0),
      amount: formatPence(this.#stored.reduce((n, s) => n + BigInt(s.amount.replace('.', '')), 0n)),
      from: from.length > 0 ? from.reduce((a, b) => (a < b ? a : b)) : null,
      to: to.length > 0 ? to.reduce((a, b) => (a > b ? a : b)) : null,
    }
  }

  /** Lets the step under way finish and drops the steps not yet started (the import failed). */
  async abandon(): Promise<void> {
    this.#abandoned = true
    await this.#queue.catch(() => {})
  }

  /**
   * Whether a row may repeat an earlier row's key. Keys are remembered as 31-bit hashes, so a hash seen before
   * means the key may have been seen (rarely another key with the same hash: the row then just waits for the end).
   * Rows from a workbook's sheets always wait, because occurrences are counted in row order across the sheets.
   */
  #mayRepeat(row: WrittenRow): boolean {
    if (row.sheet !== null) return true
    const hash = keyHash(row.key)
    if (this.#seenKeys.has(hash) || this.#seenKeys.size >= MAX_KEYS) return true
    this.#seenKeys.add(hash)
    return false
  }

  #stageBatch(): void {
    if (this.#batch.length === 0) return
    const batch = stageBatch(this.#batch)
    this.#batch = []
    this.#enqueue(() => stageRows(this.trx, batch))
  }

  #endPart(): void {
    this.#stageBatch()
    if (this.#rowsInPart === 0) return
    const part = this.#part
    const payees = this.#partPayees
    this.#part++
    this.#rowsInPart = 0
    this.#partPayees = []
    this.#enqueue(async () => {
      if (payees.length > 0) {
        const resolved = await this.resolvePayees(this.trx, this.organisationId, payees)
        await stagePayeeSuppliers(
          this.trx,
          [...resolved].map(([payeeKey, r]) => ({ payeeKey, supplierId: r.supplierId })),
        )
      }
      this.#stored.push(await insertStagedPayments(this.trx, this.organisationId, this.importId, { part }))
    })
  }

  #enqueue(step: () => Promise<void>): void {
    this.#queue = this.#queue.then(() => (this.#abandoned ? undefined : step()))
    const done = this.#queue
    // Marks a failure as handled here: add() or finish() awaits it and throws.
    done.catch(() => {})
    this.#pending.push(done)
  }
}

/** FNV-1a over the key's UTF-16 code units, as a 31-bit integer (a small integer in V8, cheap to keep in a Set). */
function keyHash(key: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193)
  return hash >>> 1
}

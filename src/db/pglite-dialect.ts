// Kysely 0.28 (the last line that runs on Node 20) has no PGlite dialect, so this is a small one.
// PGlite is a single connection: queries are serialised through a mutex, and a transaction holds it
// until commit or rollback, so other queries wait instead of joining the transaction by accident.
import type { PGlite, ParserOptions } from '@electric-sql/pglite'
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'

class Mutex {
  #tail: Promise<void> = Promise.resolve()

  async lock(): Promise<() => void> {
    let release!: () => void
    const next = new Promise<void>((resolve) => (release = resolve))
    const previous = this.#tail
    this.#tail = previous.then(() => next)
    await previous
    return release
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(
    private readonly pglite: PGlite,
    private readonly parsers: ParserOptions,
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // Without parameters, use the simple protocol (as node-postgres does) so a migration may hold several statements.
    const result =
      compiledQuery.parameters.length === 0
        ? ((await this.pglite.exec(compiledQuery.sql, { rowMode: 'object', parsers: this.parsers })).at(-1) ?? {
            rows: [],
            fields: [],
          })
        : await this.pglite.query<R>(compiledQuery.sql, compiledQuery.parameters as unknown[], {
            rowMode: 'object',
            parsers: this.parsers,
          })
    const command = compiledQuery.query.kind
    const affected =
      command === 'InsertQueryNode' ||
      command === 'UpdateQueryNode' ||
      command === 'DeleteQueryNode' ||
      command === 'MergeQueryNode'
    return {
      rows: result.rows as R[],
      ...(affected ? { numAffectedRows: BigInt(result.affectedRows ?? 0) } : {}),
    }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported on the embedded database')
  }
}

class PGliteDriver implements Driver {
  readonly #mutex = new Mutex()
  readonly #connection: PGliteConnection
  #release: (() => void) | undefined

  constructor(
    private readonly pglite: PGlite,
    parsers: ParserOptions,
  ) {
    this.#connection = new PGliteConnection(pglite, parsers)
  }

  async init(): Promise<void> {
    await this.pglite.waitReady
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    this.#release = await this.#mutex.lock()
    return this.#connection
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let statement = 'begin'
    if (settings.isolationLevel) statement += ` isolation level ${settings.isolationLevel}`
    if (settings.accessMode) statement += ` ${settings.accessMode}`
    await connection.executeQuery(CompiledQuery.raw(statement))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  async releaseConnection(): Promise<void> {
    const release = this.#release
    this.#release = undefined
    release?.()
  }

  async destroy(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close()
  }
}

/** A Kysely dialect for an embedded PGlite database. */
export class PGliteDialect implements Dialect {
  /** Parsers are passed with every query: PGlite's constructor option does not reach every type. */
  constructor(
    private readonly pglite: PGlite,
    private readonly parsers: ParserOptions = {},
  ) {}

  createAdapter() {
    return new PostgresAdapter()
  }

  createDriver(): Driver {
    return new PGliteDriver(this.pglite, this.parsers)
  }

  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db)
  }

  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }
}

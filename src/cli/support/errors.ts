// Errors on the command line: one clear line, and the details only with --verbose.
import { ConfigError } from '../../config.js'
import { DomainError, InvalidInputError } from '../../domain/errors.js'

export class CliUsageError extends Error {}

export function describeError(error: unknown, verbose: boolean): string {
  if (error instanceof InvalidInputError && Object.keys(error.fields).length > 0 && verbose)
    return `cwb: ${error.message}\n${Object.entries(error.fields)
      .map(([f, m]) => `  ${f}: ${m}`)
      .join('\n')}`
  if (error instanceof DomainError || error instanceof ConfigError || error instanceof CliUsageError) {
    return verbose && error.stack ? `cwb: ${error.message}\n${error.stack}` : `cwb: ${error.message}`
  }
  const message = error instanceof Error ? error.message : String(error)
  if (verbose) return `cwb: unexpected error: ${message}\n${error instanceof Error ? error.stack : ''}`
  return `cwb: unexpected error: ${message} (run with --verbose for details)`
}

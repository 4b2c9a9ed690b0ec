// The few typed errors services throw. One handler in web/ (and one in cli/) turns them into answers.
export type DomainErrorCode =
  'not_found' | 'conflict' | 'forbidden' | 'unauthenticated' | 'rule_broken' | 'invalid_input'

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found' as const
}

export class ConflictError extends DomainError {
  readonly code = 'conflict' as const
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden' as const
  constructor(message = 'You do not have permission to do that') {
    super(message)
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated' as const
  constructor(message = 'Sign in to continue') {
    super(message)
  }
}

export class DomainRuleError extends DomainError {
  readonly code = 'rule_broken' as const
}

/** Input that failed validation; `fields` maps a field name to its message, in GOV.UK style. */
export class InvalidInputError extends DomainError {
  readonly code = 'invalid_input' as const
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message)
  }
}

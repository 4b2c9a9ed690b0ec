// One place that turns errors into answers: a GOV.UK error page for people, { error } JSON for the API.
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { DomainError } from '../../domain/errors.js'

const STATUS_BY_CODE: Record<DomainError['code'], number> = {
  not_found: 404,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 401,
  rule_broken: 422,
  invalid_input: 400,
}

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/health'
}

function viewFor(status: number): string {
  if (status === 404) return 'errors/not-found'
  if (status === 403) return 'errors/forbidden'
  if (status === 401) return 'errors/unauthorised'
  if (status === 429) return 'errors/too-many-requests'
  if (status < 500) return 'errors/bad-request'
  return 'errors/problem'
}

export async function handleError(
  this: unknown,
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  let status = 500
  let code = 'internal'
  let message = 'Sorry, there is a problem with the service'
  if (error instanceof DomainError) {
    status = STATUS_BY_CODE[error.code]
    code = error.code
    message = error.message
  } else if ('code' in error && typeof error.code === 'string' && error.code.startsWith('FST_CSRF')) {
    status = 403
    code = 'csrf'
    message =
      'Your form could not be sent. This can happen when a page is left open for a long time. Go back, reload the page and try again.'
  } else if ('statusCode' in error && typeof error.statusCode === 'number' && error.statusCode < 500) {
    status = error.statusCode
    code = 'bad_request'
    message = status === 429 ? 'You have made too many requests. Wait a minute and try again.' : error.message
  }
  if (status >= 500)
    request.log.error({ err: error, user: request.principal?.userId, reqId: request.id }, 'request failed')
  reply.code(status)
  if (wantsJson(request)) return reply.send({ error: { code, message } })
  if (!reply.locals) reply.locals = {}
  return reply.view(viewFor(status), { message, code })
}

export async function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  reply.code(404)
  if (wantsJson(request)) return reply.send({ error: { code: 'not_found', message: 'Not found' } })
  if (!reply.locals) reply.locals = {}
  return reply.view('errors/not-found')
}

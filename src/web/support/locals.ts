// What every page's layout needs: who is signed in, the organisation switcher, the CSP nonce, a CSRF token.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { headlineRole, organisationsOf, ROLE_LABELS, roleIn } from '../../domain/access/roles.js'
import { navigationFor } from './navigation.js'

export function buildLocals(request: FastifyRequest, reply: FastifyReply, options: { demo: boolean }) {
  const principal = request.principal
  const flash = request.session?.flash
  if (flash) delete request.session.flash
  const organisations = principal ? organisationsOf(principal) : []
  const current = request.organisationId
  return {
    cspNonce: reply.cspNonce?.script,
    demo: options.demo,
    currentPath: request.url.split('?')[0],
    flash,
    // Only pages with a form ask for a token, so signed-out visitors to other pages get no session.
    csrfToken: () => reply.generateCsrf(),
    user: principal && {
      name: principal.name,
      email: principal.email,
      isAdmin: principal.isAdmin,
      roleLabel: ROLE_LABELS[headlineRole(principal)],
      currentOrganisationId: current,
      currentOrganisationName: organisations.find((o) => o.id === current)?.name ?? current ?? '',
      currentRole: current ? roleIn(principal, current) : null,
      organisations,
    },
    navigation: navigationFor(principal, current, request.url),
  }
}

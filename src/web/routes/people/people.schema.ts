import { z } from 'zod'
import { ORG_ROLES, type OrgRole } from '../../../domain/access/roles.js'

const csrf = { _csrf: z.string().optional() }
const role = z.enum(ORG_ROLES as [OrgRole, ...OrgRole[]], { message: 'Select a role' })

export const addPersonSchema = z
  .object({
    ...csrf,
    name: z.string().trim().min(1, 'Enter their full name').max(200, 'Name must be 200 characters or fewer'),
    email: z
      .string()
      .trim()
      .min(1, 'Enter their email address')
      .email('Enter an email address in the correct format, like name@example.org'),
    role,
  })
  .strict()

export const changeRoleSchema = z.object({ ...csrf, role }).strict()
export const confirmSchema = z.object(csrf).strict()
export const personIdSchema = z.uuid()

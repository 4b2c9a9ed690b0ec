import { z } from 'zod'

const csrf = { _csrf: z.string().optional() }

export const signInSchema = z
  .object({
    ...csrf,
    email: z
      .string()
      .trim()
      .min(1, 'Enter your email address')
      .email('Enter an email address in the correct format, like name@example.org'),
    password: z.string().min(1, 'Enter your password'),
  })
  .strict()

export const emptySchema = z.object(csrf).strict()

export const forgottenSchema = z
  .object({
    ...csrf,
    email: z
      .string()
      .trim()
      .min(1, 'Enter your email address')
      .email('Enter an email address in the correct format, like name@example.org'),
  })
  .strict()

export const newPasswordSchema = z
  .object({
    ...csrf,
    password: z.string().min(1, 'Enter a new password'),
    confirmPassword: z.string().min(1, 'Confirm your new password'),
  })
  .strict()
  .refine((v) => v.password === v.confirmPassword, { message: 'The passwords do not match', path: ['confirmPassword'] })

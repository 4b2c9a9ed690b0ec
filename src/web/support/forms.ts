// Form validation results in the shape the GOV.UK error summary and field macros want.
import type { z } from 'zod'

export type FormErrors = {
  /** For govukErrorSummary: each links to the field's id. */
  list: { text: string; href: string }[]
  /** For each field's errorMessage. */
  fields: Record<string, { text: string }>
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FormErrors; values: Record<string, unknown> }

/** Validates a form body; the first message per field is kept, in the order the schema reports them. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.infer<S>> {
  const values = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>
  const result = schema.safeParse(values)
  if (result.success) return { ok: true, data: result.data }
  const errors: FormErrors = { list: [], fields: {} }
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form')
    if (errors.fields[field]) continue
    errors.fields[field] = { text: issue.message }
    errors.list.push({ text: issue.message, href: `#${field}` })
  }
  return { ok: false, errors, values }
}

/** Turns field messages from a service (InvalidInputError.fields) into form errors. */
export function formErrorsFrom(
  fields: Record<string, string>,
  fallback: { field: string; message: string },
): FormErrors {
  const entries = Object.entries(fields)
  const list = entries.length > 0 ? entries : [[fallback.field, fallback.message] as const]
  return {
    list: list.map(([field, text]) => ({ text, href: `#${field}` })),
    fields: Object.fromEntries(list.map(([field, text]) => [field, { text }])),
  }
}

/** Checkbox groups arrive as a string or an array of strings (or nothing). */
export function asArray(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return []
  return (Array.isArray(value) ? value : [value]).map(String)
}

// The upload form's fields. The file itself streams as multipart; these are the text fields sent before it.
import { z } from 'zod'

export const uploadFieldsSchema = z.object({
  buyer: z
    .string()
    .trim()
    .max(200, 'The buyer must be 200 characters or fewer')
    .optional()
    .transform((v) => (v ? v : null)),
})

export const importIdSchema = z.uuid()

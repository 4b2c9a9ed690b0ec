// Password hashing with argon2id (the OWASP-recommended algorithm), behind an interface.
import argon2 from 'argon2'

export type PasswordHasher = {
  hash: (password: string) => Promise<string>
  verify: (hash: string, password: string) => Promise<boolean>
}

/** argon2id with OWASP's minimum (19 MiB, 2 iterations) raised to 64 MiB and 3 iterations. */
export function createArgon2Hasher(options: { memoryCost?: number; timeCost?: number } = {}): PasswordHasher {
  const params = {
    type: argon2.argon2id as 0 | 1 | 2,
    memoryCost: options.memoryCost ?? 65536,
    timeCost: options.timeCost ?? 3,
  }
  // A fixed hash to verify against when the account does not exist, so timing does not reveal which emails exist.
  let decoy: Promise<string> | undefined
  return {
    hash: (password) => argon2.hash(password, params),
    verify: async (hash, password) => {
      try {
        if (hash) return await argon2.verify(hash, password)
        // No hash: do the same work against the decoy, but never say yes (not even to the decoy's own password).
        await argon2.verify(await (decoy ??= argon2.hash('decoy-password-for-timing', params)), password)
        return false
      } catch {
        return false
      }
    },
  }
}

// ESLint flat config: typescript-eslint's recommended rules (not the type-checked set, to stay fast), plus the
// boundaries from STYLE.md: domain code is pure, services write no SQL (repositories do), and no focused tests get
// committed. Prettier does the formatting.
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import tseslint from 'typescript-eslint'

const testRunners = /^(describe|it|test|suite|bench)$/.source

// Focused tests silently skip the rest of the suite (vitest also refuses them when CI is set).
const noFocusedTests = {
  selector: `MemberExpression[property.name='only']:matches([object.name=/${testRunners}/], [object.object.name=/${testRunners}/])`,
  message: 'Do not commit focused tests (.only).',
}

const sqlInRepositories = 'Services call repository functions; SQL belongs in src/db/repositories/.'

export default defineConfig(
  {
    ignores: ['node_modules/', 'data/', 'screenshots/', 'coverage/', 'test-results/', '.tmp/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // The few lines of progressive enhancement the pages load run in the browser.
    files: ['src/web/public/**/*.js'],
    languageOptions: {
      globals: {
        document: 'readonly',
        location: 'readonly',
        fetch: 'readonly',
        DOMParser: 'readonly',
        setTimeout: 'readonly',
        history: 'readonly',
        URLSearchParams: 'readonly',
      },
    },
  },
  {
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-restricted-syntax': ['error', noFocusedTests],
    },
  },
  {
    // Domain code is pure: no I/O, no database, no web framework (STYLE.md).
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: builtinModules.map((name) => ({ name, message: 'Domain code is pure: no Node APIs.' })),
          patterns: [
            { regex: '^node:', message: 'Domain code is pure: no Node APIs.' },
            {
              regex: '(^|/)(db|web|services)(/|$)',
              message: 'Domain code must not depend on db/, web/ or services/; they depend on it.',
            },
            {
              group: ['kysely', 'kysely/*', 'fastify', 'fastify/*', '@fastify/*', 'pg', 'pg/*', '@electric-sql/*'],
              message: 'Domain code is pure: no database or web libraries.',
            },
          ],
        },
      ],
    },
  },
  {
    // Repositories are the only place that writes SQL (STYLE.md): no query builders or raw `sql` in services.
    files: ['src/services/**/*.ts'],
    ignores: ['src/services/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        noFocusedTests,
        {
          selector:
            'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|selectNoFrom)$/]',
          message: sqlInRepositories,
        },
        { selector: "TaggedTemplateExpression[tag.name='sql']", message: sqlInRepositories },
      ],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'kysely', importNames: ['sql'], allowTypeImports: true, message: sqlInRepositories }] },
      ],
    },
  },
  {
    // Kysely's own advice: migrations are frozen in time, so they take Kysely<any>, not the current schema.
    files: ['src/db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)

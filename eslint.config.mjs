import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.local/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-console': 'error',
    },
  },
  {
    files: ['libs/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          group: ['@nestjs/*', 'kafkajs', 'mongodb', 'ioredis', 'node:*', 'fs', 'http', 'net', '@reimbursements/kafka/*', '@reimbursements/mongo/*', '@reimbursements/redis/*', '@reimbursements/platform/*'],
          message: 'The domain stays pure: no framework or I/O imports (put it behind a port in an adapter lib).',
        }],
      }],
    },
  },
  {
    // The accounting page runs in the browser.
    files: ['apps/accounting-page/web/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { ...globals.node, module: 'writable' } },
  },
);

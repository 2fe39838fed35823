import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The error model (src/errors.ts): errors are built by factories that type the code and redact.
const NO_THROW_NEW_ERROR = {
  selector: "ThrowStatement > NewExpression[callee.name='Error']",
  message: 'No `throw new Error` in src/: use a factory from src/errors.ts (usageError, internalError, …) or the dialect/sandbox one.',
};
const ERROR_CLASSES = 'WikikitError|UsageError|TransportError|NetworkError|TimeoutError|HttpError|WikiApiError|AuthError|PermissionError|NotFoundError|ConflictError|ValidationError|RateLimitError|InternalError|SandboxError';
const NO_NEW_ERROR_CLASS = {
  selector: `NewExpression[callee.name=/^(${ERROR_CLASSES})$/]`,
  message: 'Build errors with the factories (usageError, apiError, wikijsError, wikijsV3Error, mediawikiError, sandboxError, …): they type the code and redact secrets.',
};
/** The only modules allowed to call the error constructors. */
const ERROR_FACTORY_MODULES = [
  'src/errors.ts',
  'src/wikijs/v2/errors.ts',
  'src/wikijs/v3/errors.ts',
  'src/mediawiki/error-codes.ts',
  'src/sandbox/v3/context.ts',
  'src/sandbox/v3/sandbox-error.ts',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'examples/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unnecessary-condition': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-syntax': ['error', NO_THROW_NEW_ERROR, NO_NEW_ERROR_CLASS] },
  },
  {
    files: ERROR_FACTORY_MODULES,
    rules: { 'no-restricted-syntax': ['error', NO_THROW_NEW_ERROR] },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
);

// Lint carries the style: module boundaries by tag, no floating promises, type-only imports,
// no console in services.
import nx from '@nx/eslint-plugin';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const productionConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:data-access', 'type:util', 'type:contracts'] },
  { sourceTag: 'type:data-access', onlyDependOnLibsWithTags: ['type:util', 'type:contracts'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:data-access'] },
  // End-to-end suites run whole stacks through the harness, and the client library.
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:testing', 'type:util', 'type:contracts', 'type:data-access'] },
  // tools/bench drives a whole stack: it starts it with the harness and reads the database.
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:testing', 'type:util', 'type:contracts', 'type:data-access'] },
];

// Test files may also use the harness (type:testing); production code never does.
const testConstraints = productionConstraints.map((c) =>
  c.sourceTag === 'type:contracts' ? c : { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:testing'] },
);

const boundaries = (depConstraints) => ({
  '@nx/enforce-module-boundaries': [
    'error',
    { enforceBuildableLibDependency: false, allow: [], depConstraints, banTransitiveDependencies: false },
  ],
});

export default [
  { ignores: ['**/dist', '**/node_modules', 'libs/contracts/src/gen/**', 'tools/*', '!tools/bench', 'tools/bench/*', '!tools/bench/src', '**/*.cjs', '**/*.mjs', '.nx/**'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      ...boundaries(productionConstraints),
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  { files: ['apps/explorer/**/*.tsx', 'apps/explorer/**/*.ts'], ...reactHooks.configs.flat.recommended },
  { files: ['**/*.spec.ts', '**/*.spec.tsx', '**/test-support/**/*.ts', 'apps/*/e2e/**/*.ts', 'libs/testing/**/*.ts'], rules: { ...boundaries(testConstraints), 'no-console': 'off' } },
  { files: ['apps/cli/**/*.ts'], rules: { 'no-console': 'off' } },
  { files: ['tools/bench/**/*.ts'], rules: { 'no-console': 'off' } },
];

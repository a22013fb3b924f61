// ESLint for the SPA, its scripts and its browser tests: JavaScript's and TypeScript's
// recommended rules with typescript-eslint's strict set, and Vue's rules for templates.
import js from '@eslint/js'
import vue from 'eslint-plugin-vue'
import { defineConfig, globalIgnores } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default defineConfig(
  globalIgnores(['dist/', 'dev-dist/', 'perf/', 'e2e/artifacts/', 'src/graphql/graphql-env.d.ts', 'src/components.d.ts']),
  js.configs.recommended,
  tseslint.configs.strict,
  vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    // Where a template breaks its lines is the formatter's business, not the linter's.
    rules: {
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/first-attribute-linebreak': 'off',
      'vue/html-indent': 'off',
    },
  },
  {
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['scripts/**', 'e2e/**', 'vite.config.ts', 'eslint.config.js'],
    languageOptions: { globals: globals.node },
  },
)

// ESLint (flat config): the Vue and TypeScript recommended rules.
import pluginVue from "eslint-plugin-vue";
import { defineConfigWithVueTs, vueTsConfigs } from "@vue/eslint-config-typescript";

export default defineConfigWithVueTs(
  { ignores: ["dist/**", "node_modules/**", "src/types/generated/**"] },
  pluginVue.configs["flat/recommended"],
  vueTsConfigs.recommended,
  {
    files: ["**/*.vue"],
    rules: {
      // Template layout: the templates keep short elements and their attributes on one line;
      // these rules would rewrite ~1 500 lines of layout without finding a single bug.
      "vue/max-attributes-per-line": "off",
      "vue/singleline-html-element-content-newline": "off",
      "vue/multiline-html-element-content-newline": "off",
      "vue/first-attribute-linebreak": "off",
      "vue/html-closing-bracket-newline": "off",
      "vue/html-indent": "off",
      // Attribute order is taste, and the templates put test hooks (data-testid) last on purpose.
      "vue/attributes-order": "off",
      // Void elements are written `<br />`, as in index.html; the rule's default wants `<br>`.
      "vue/html-self-closing": ["warn", { html: { void: "always" } }],
    },
  },
);

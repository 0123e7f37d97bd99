# Chromium, headless, for the HTML report's browser tests (tests/html_browser.rs).
# Installs Debian's `chromium` when it is missing (as root, or through sudo).
# Exports ARCHCHECK_CHROMIUM (the browser's path).
ARCHCHECK_CHROMIUM="${ARCHCHECK_CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$ARCHCHECK_CHROMIUM" ]; then
    if [ "$(id -u)" = 0 ]; then as_root=(); else as_root=(sudo -n); fi
    echo "installing Debian's chromium"
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
    ARCHCHECK_CHROMIUM="$(command -v chromium)"
fi
export ARCHCHECK_CHROMIUM
echo "chromium at $ARCHCHECK_CHROMIUM ($("$ARCHCHECK_CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"

# moto server: a real AWS API emulator on 127.0.0.1, for the live-AWS tests
# (collectors) and for `terraform plan` in the plan tests.
# Exports ARCHCHECK_MOTO_URL (http://127.0.0.1:PORT); stopped on exit.
venv_install "moto[server]==5.2.5"
ARCHCHECK_MOTO_PORT="$(free_port)"
"$ARCHCHECK_TOOLS/venv/bin/moto_server" -H 127.0.0.1 -p "$ARCHCHECK_MOTO_PORT" \
    >"${TMPDIR:-/tmp}/archcheck-moto-$ARCHCHECK_MOTO_PORT.log" 2>&1 &
ARCHCHECK_MOTO_PID=$!
on_exit "kill $ARCHCHECK_MOTO_PID"
for _ in $(seq 1 100); do
    if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$ARCHCHECK_MOTO_PORT/moto-api/')" 2>/dev/null; then
        break
    fi
    sleep 0.2
done
export ARCHCHECK_MOTO_URL="http://127.0.0.1:$ARCHCHECK_MOTO_PORT"
echo "moto server at $ARCHCHECK_MOTO_URL (pid $ARCHCHECK_MOTO_PID)"

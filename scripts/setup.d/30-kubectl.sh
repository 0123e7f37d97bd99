# kubectl: a real Kubernetes client, to prove the loopback test API server of
# tests/k8s_live.rs speaks the protocol (`kubectl get deployments -A -o json`
# against it must return the recorded objects).
# Uses the kubectl on PATH (never replaced: it may be newer), else Debian's
# kubernetes-client package. Exports ARCHCHECK_KUBECTL (its path).
if ! command -v kubectl >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client >/dev/null
    else
        sudo -n apt-get update -qq >/dev/null
        sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq kubernetes-client >/dev/null
    fi
fi
ARCHCHECK_KUBECTL="$(command -v kubectl)"
export ARCHCHECK_KUBECTL
echo "kubectl at $ARCHCHECK_KUBECTL ($("$ARCHCHECK_KUBECTL" version --client 2>/dev/null | head -n 1))"

# A second moto server that enforces IAM permissions, for the "a role
# without RDS permissions" test (tests/aws_live.rs). moto enforces
# permissions once it has answered INITIAL_NO_AUTH_ACTION_COUNT requests:
# the first four create an admin user (policy Allow *:*) and its key; with
# that key this script then creates `auditor`, allowed everything but RDS.
# Exports ARCHCHECK_MOTO_AUTH_URL and the two users' keys as
# ARCHCHECK_MOTO_AUTH_{ADMIN,AUDITOR}_KEYS ("ACCESS_KEY_ID:SECRET").
ARCHCHECK_MOTO_AUTH_PORT="$(free_port)"
INITIAL_NO_AUTH_ACTION_COUNT=4 "$ARCHCHECK_TOOLS/venv/bin/moto_server" -H 127.0.0.1 -p "$ARCHCHECK_MOTO_AUTH_PORT" \
    >"${TMPDIR:-/tmp}/archcheck-moto-auth-$ARCHCHECK_MOTO_AUTH_PORT.log" 2>&1 &
ARCHCHECK_MOTO_AUTH_PID=$!
on_exit "kill $ARCHCHECK_MOTO_AUTH_PID"
for _ in $(seq 1 100); do
    if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$ARCHCHECK_MOTO_AUTH_PORT/moto-api/')" 2>/dev/null; then
        break
    fi
    sleep 0.2
done
export ARCHCHECK_MOTO_AUTH_URL="http://127.0.0.1:$ARCHCHECK_MOTO_AUTH_PORT"
_archcheck_auth_keys="$("$ARCHCHECK_TOOLS/venv/bin/python" - "$ARCHCHECK_MOTO_AUTH_URL" <<'PY'
import json, sys, boto3
url = sys.argv[1]
def iam(key="testing", secret="testing"):
    return boto3.client("iam", endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id=key, aws_secret_access_key=secret)
def user(client, name, statements):
    client.create_user(UserName=name)
    arn = client.create_policy(PolicyName=name, PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": statements}))["Policy"]["Arn"]
    client.attach_user_policy(UserName=name, PolicyArn=arn)
    k = client.create_access_key(UserName=name)["AccessKey"]
    return f'{k["AccessKeyId"]}:{k["SecretAccessKey"]}'
admin = user(iam(), "admin", [{"Effect": "Allow", "Action": "*", "Resource": "*"}])
key, secret = admin.split(":")
auditor = user(iam(key, secret), "auditor", [
    {"Effect": "Allow", "Action": "*", "Resource": "*"},
    {"Effect": "Deny", "Action": "rds:*", "Resource": "*"}])
print(admin, auditor)
PY
)"
export ARCHCHECK_MOTO_AUTH_ADMIN_KEYS="${_archcheck_auth_keys%% *}"
export ARCHCHECK_MOTO_AUTH_AUDITOR_KEYS="${_archcheck_auth_keys##* }"
echo "moto server enforcing IAM at $ARCHCHECK_MOTO_AUTH_URL (pid $ARCHCHECK_MOTO_AUTH_PID)"

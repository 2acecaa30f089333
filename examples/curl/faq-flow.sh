#!/usr/bin/env bash
# The FAQ's registration flow with curl and jq, in a sandbox of its own (deleted at the end).
#   B=http://127.0.0.1:3000 [ADMIN_TOKEN=...] examples/curl/faq-flow.sh
# Exits non-zero at the first answer that is not what the FAQ says.
set -euo pipefail

for tool in curl jq; do
  command -v "$tool" >/dev/null 2>&1 || { echo "faq-flow.sh needs curl and jq; $tool is missing" >&2; exit 3; }
done
B=${B:-http://127.0.0.1:3000}
ADMIN=(-H "Authorization: Bearer ${ADMIN_TOKEN:-}")
[[ -n ${ADMIN_TOKEN:-} ]] || ADMIN=()
JSON=(-H 'content-type: application/json')

expect() { # expect <what> <expected> <actual>
  if [[ $2 != "$3" ]]; then echo "FAIL $1: expected [$2], got [$3]" >&2; exit 1; fi
  echo "ok   $1"
}

# A frozen sandbox with the demo data: jdoe, asmith and the demo PAKs.
SBX=$(curl -sf "${ADMIN[@]}" "${JSON[@]}" "$B/__admin/sandboxes" -d '{"scenario":"demo","frozen":true}' | jq -r .id)
trap 'curl -s -o /dev/null "${ADMIN[@]}" -X DELETE "$B/__admin/sandboxes/$SBX"' EXIT
TOKEN=$(curl -sf "${ADMIN[@]}" "$B/__admin/sandboxes/$SBX/users" | jq -r '.users[] | select(.ccoId=="jdoe") | .token')
AUTH=(-H "Authorization: Bearer $TOKEN")

# Get New Licenses: look up PAKs, 1 to 10, comma-separated.
expect "PAK lookup" "ASA AnyConnect Term and Content" \
  "$(curl -s "${AUTH[@]}" "$B/api/v1/paks?ids=DEMOPLS0026,%20DEMOAPX0102" | jq -r '.paks[0].productFamily')"

# "It may take up to 24 hours for your license PAK to become active."
expect "a PAK delivered an hour ago" "PAK/s or Token/s DEMOPENDING is / are either Invalid or Inactive" \
  "$(curl -s "${AUTH[@]}" "$B/api/v1/paks?ids=DEMOPENDING" | jq -r .error.message)"

# "Serial number cannot be blank": a trailing space pasted after the serial.
expect "trailing space after the serial" "Serial number cannot be blank" \
  "$(curl -s "${AUTH[@]}" "${JSON[@]}" "$B/api/v1/registrations" \
    -d '{"paks":"DEMOPLS0026","devices":["JAD222605K8 "],"agreeToTerms":true}' | jq -r .error.message)"

# The three wizard steps in one request.
REG=$(curl -s "${AUTH[@]}" "${JSON[@]}" "$B/api/v1/registrations" \
  -d '{"paks":"DEMOPLS0026","devices":["JAD222605K8"],"sendTo":"john.doe@example.com","agreeToTerms":true}')
expect "registration" "The License has been sent to - john.doe@example.com" "$(jq -r .message <<<"$REG")"
TX=$(jq -r .transactionId <<<"$REG")

# The activation key arrives by email; it is the device's current key.
MAIL=$(curl -s "${ADMIN[@]}" "$B/__admin/sandboxes/$SBX/mail?subject=activation%20key" | jq -r '.messages[0].id')
KEY=$(curl -s "${AUTH[@]}" "$B/api/v1/devices/JAD222605K8" | jq -r .activationKey)
expect "the email holds the device's key" "yes" \
  "$(curl -s "${ADMIN[@]}" "$B/__admin/sandboxes/$SBX/mail/$MAIL" | jq -r --arg k "$KEY" 'if (.text | contains($k)) then "yes" else "no" end')"

# Manage > Transactions History.
expect "transactions history" "$TX completed" \
  "$(curl -s "${AUTH[@]}" "$B/api/v1/transactions" | jq -r '.transactions[0] | "\(.id) \(.status)"')"

# Four hours later on the sandbox clock, the pending PAK is active.
curl -sf -o /dev/null "${ADMIN[@]}" "${JSON[@]}" "$B/__admin/sandboxes/$SBX/clock" -d '{"action":"advance","by":"4h"}'
expect "the pending PAK after 4 hours" "L-AC-PLS-LIC= 50" \
  "$(curl -s "${AUTH[@]}" "$B/api/v1/paks?ids=DEMOPENDING" | jq -r '.paks[0].lines[0] | "\(.sku) \(.quantity)"')"
echo "FAQ flow: all answers as expected"

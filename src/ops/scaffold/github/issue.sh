#!/bin/sh
# hallmark: the steps of .github/workflows/issue.yml, runnable on their own (written by
# `hallmark init --webhook`).
#
#   .github/hallmark/issue.sh EVENT.json
#
# EVENT.json is the GitHub event: a repository_dispatch whose client_payload.recipients is a list
# of recipients (or a JSON Lines string), or a workflow_dispatch whose inputs.recipients is JSON
# Lines. The recipients are added to the roster (`hallmark issue`, which refuses the whole request
# if one row is bad, naming it), the new credentials are recorded in content/hallmark.lock (`hallmark
# build`, with the key in HALLMARK_SIGNING_KEY), and both are committed: on a new branch
# (HALLMARK_ISSUE_MODE=pull-request, the default) or on the current one (main). Nothing is pushed.
# The branch and a title go to $GITHUB_OUTPUT, the plan of the change to
# $RUNNER_TEMP/hallmark-plan.md. HALLMARK_ISSUE_ROSTER names the roster (default recipients/issued.csv).
set -eu

event=${1:?usage: issue.sh EVENT.json}
mode=${HALLMARK_ISSUE_MODE:-pull-request}
work=${RUNNER_TEMP:-${TMPDIR:-/tmp}}
output=${GITHUB_OUTPUT:-/dev/null}
payload="$work/hallmark-recipients.jsonl"

case "$mode" in
  pull-request|main) ;;
  *) echo "HALLMARK_ISSUE_MODE is \"$mode\": use pull-request or main" >&2; exit 2 ;;
esac

# The recipients as JSON Lines, line N the Nth recipient of the request.
jq -c '
  (.client_payload.recipients // .inputs.recipients // error("the request has no recipients"))
  | if type == "array" then .[] elif type == "string" then . else error("recipients is a list or JSON Lines text") end
' "$event" | while IFS= read -r line; do
  case "$line" in
    \"*) printf '%s' "$line" | jq -r . ;;
    *) printf '%s\n' "$line" ;;
  esac
done > "$payload"
if [ ! -s "$payload" ]; then
  echo "the request has no recipients" >&2
  exit 1
fi

if [ "${GITHUB_ACTIONS:-}" = true ] && [ -z "${HALLMARK_SIGNING_KEY:-}" ]; then
  echo "the repository secret HALLMARK_SIGNING_KEY is not set: the credentials cannot be recorded" >&2
  exit 1
fi

base=$(git rev-parse HEAD)
said=$(hallmark issue --from-json "$payload" ${HALLMARK_ISSUE_ROSTER:+--roster "$HALLMARK_ISSUE_ROSTER"})
printf '%s\n' "$said"
if [ -z "$(git status --porcelain -- content)" ]; then
  echo "Every recipient was already present: nothing to commit."
  exit 0
fi
# The credentials are issued into the ledger; the site itself is built by the deploy, with --locked.
hallmark build --output "$work/hallmark-site"

added=$(printf '%s\n' "$said" | sed -n 's/^Added \([0-9]*\) rows* to .*/\1/p')
title="Issue credentials to ${added:-new} recipient(s)"
if [ "$mode" = pull-request ]; then
  branch="hallmark/issue-${GITHUB_RUN_ID:-$(date -u +%Y%m%d%H%M%S)}"
  git switch -q -c "$branch"
else
  branch=$(git rev-parse --abbrev-ref HEAD)
fi
git add -A content
git -c user.name="${GIT_AUTHOR_NAME:-github-actions[bot]}" \
    -c user.email="${GIT_AUTHOR_EMAIL:-41898282+github-actions[bot]@users.noreply.github.com}" \
    commit -q -m "$title" -m "Requested through .github/workflows/issue.yml${GITHUB_RUN_ID:+ (run $GITHUB_RUN_ID)}."
hallmark check --locked --plan --base "$base" --format markdown > "$work/hallmark-plan.md"
echo "branch=$branch" >> "$output"
echo "title=$title" >> "$output"
echo "$title: committed on $branch."

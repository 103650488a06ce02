#!/usr/bin/env bash
# Submits the Statecast job to the Flink session cluster of docker-compose.yml, detached, from the
# job jar baked into the image: `submit-job.sh JOB_ARGS...` runs
# `flink run -d [-s SAVEPOINT] JAR JOB_ARGS... $STATECAST_JOB_ARGS`. It waits until the JobManager has enough free slots, and submits nothing if
# a job of the same name is already running, so `docker compose up` can be repeated.
#
# Environment: STATECAST_JOB_JAR (/opt/flink/usrlib/statecast-job.jar), FLINK_REST_URL
# (http://jobmanager:8081), STATECAST_JOB_NAME (statecast-forecast), STATECAST_PARALLELISM (2),
# STATECAST_FROM_SAVEPOINT (a savepoint or retained checkpoint to start from), STATECAST_JOB_ARGS
# (more job options, e.g. --gpu), STATECAST_WAIT_SECONDS (300).
set -euo pipefail

jar="${STATECAST_JOB_JAR:-/opt/flink/usrlib/statecast-job.jar}"
rest="${FLINK_REST_URL:-http://jobmanager:8081}"
name="${STATECAST_JOB_NAME:-statecast-forecast}"
parallelism="${STATECAST_PARALLELISM:-2}"
wait_seconds="${STATECAST_WAIT_SECONDS:-300}"

if [[ ! -f "$jar" ]]; then
  echo "submit-job: no job jar at $jar (deploy/Dockerfile's flink target puts it at" >&2
  echo "  /opt/flink/usrlib/statecast-job.jar; rebuild the image: docker compose build)" >&2
  exit 2
fi

deadline=$((SECONDS + wait_seconds))
until overview="$(wget -qO- "$rest/overview" 2>/dev/null)" \
    && slots="$(sed -n 's/.*"slots-available":\([0-9]*\).*/\1/p' <<<"$overview")" \
    && [[ -n "$slots" && "$slots" -ge "$parallelism" ]]; do
  if ((SECONDS > deadline)); then
    echo "submit-job: no $parallelism free slots at $rest after ${wait_seconds}s: ${overview:-no answer}" >&2
    exit 1
  fi
  sleep 2
done

active='"state":"(CREATED|INITIALIZING|RUNNING|RESTARTING|RECONCILING|FAILING|CANCELLING)"'
if wget -qO- "$rest/jobs/overview" | grep -Eq "\"name\":\"$name\",[^}]*$active"; then
  echo "submit-job: a job named '$name' is active on $rest; not submitting another"
  exit 0
fi

args=(run -d)
if [[ -n "${STATECAST_FROM_SAVEPOINT:-}" ]]; then
  args+=(-s "$STATECAST_FROM_SAVEPOINT")
fi
# shellcheck disable=SC2086 # STATECAST_JOB_ARGS is a list of options
exec flink "${args[@]}" "$jar" "$@" --parallelism "$parallelism" ${STATECAST_JOB_ARGS:-}

#!/bin/sh
# model-init (docker-compose.yml): trains the stack's model once, so that a fresh clone needs no
# manual step. If $STATECAST_MODELS/$STATECAST_MODEL holds a complete artifact (its manifest
# written last), it does nothing; else it trains one there with the default configuration from
# $STATECAST_TRAIN_DATA (`statecast train`, what `./statecast demo` does on first use), in a
# directory of its own that is renamed into place only when training has finished.
#
# Environment: STATECAST_MODELS (/models), STATECAST_MODEL (wind), STATECAST_TRAIN_DATA
# (/opt/statecast/data/wind_ireland_daily.csv), STATECAST_TRAIN_ARGS (more `train` options),
# STATECAST_CLI (the command line; default: the image's java command).
set -eu
set -f # the class path's * is Java's, not the shell's

models="${STATECAST_MODELS:-/models}"
model="$models/${STATECAST_MODEL:-wind}"
data="${STATECAST_TRAIN_DATA:-/opt/statecast/data/wind_ireland_daily.csv}"

if [ -f "$model/manifest.sha256" ]; then
  echo "model-init: $model holds a model; not training"
  exit 0
fi
if [ ! -f "$data" ]; then
  echo "model-init: no training data at $data" >&2
  exit 2
fi
if [ -e "$model" ]; then
  echo "model-init: $model has no manifest.sha256 (an interrupted copy?); training anew"
  rm -rf "$model"
fi
partial="$model.training"
rm -rf "$partial"
echo "model-init: training $model from $data (a minute or two)"
# shellcheck disable=SC2086 # the CLI command and the extra options are word lists
${STATECAST_CLI:-java $JAVA_OPTS -cp /opt/statecast/statecast-model-server.jar:/opt/statecast/lib/* io.statecast.cli.ServerCli} \
  train --data "$data" --out "$partial" --no-progress ${STATECAST_TRAIN_ARGS:-}
mv "$partial" "$model"
echo "model-init: wrote $model"

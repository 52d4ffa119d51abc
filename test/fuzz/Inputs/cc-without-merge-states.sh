#!/bin/sh
# A coroslim-cc that leaves merge-states out when the plugin is $SECOND_PLUGIN:
# two "plugins" that compile some programs differently, for plugin-equiv.test.
if [ "$COROSLIM_PLUGIN" = "$SECOND_PLUGIN" ]; then
  exec "$REAL_CC" -mllvm -coroslim-disable=coroslim-merge-states "$@"
fi
exec "$REAL_CC" "$@"

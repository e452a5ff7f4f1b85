#!/usr/bin/env bash
# Run a command offline: networking cut to loopback where the machine allows it (a new network
# namespace), and the network guard on in every Python process (tools/netguard/sitecustomize.py).
export COURSE_NET_GUARD=1
export PYTHONPATH="$(cd "$(dirname "$0")" && pwd)/netguard${PYTHONPATH:+:$PYTHONPATH}"
if unshare -rn true 2>/dev/null; then
  echo "==> Offline: network cut to loopback (unshare -rn), network guard on"
  exec unshare -rn sh -c 'ip link set lo up 2>/dev/null; exec "$@"' sh "$@"
fi
echo "==> Offline: cannot make a network namespace here; network guard on"
exec "$@"

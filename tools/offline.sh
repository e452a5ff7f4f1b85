#!/usr/bin/env bash
# Run a command offline: networking cut to loopback where the machine allows it (a new network
# namespace whose loopback works), and the network guard on in every Python process
# (tools/netguard/sitecustomize.py). Where no namespace can be made, or loopback does not come up
# inside one (kernels could not reach their own ports), the guard alone is on, and this says so.
#
#     tools/offline.sh COMMAND [ARG...]
#
# OFFLINE_PYTHON names the Python that checks loopback inside the namespace (default: python3).
export COURSE_NET_GUARD=1
export PYTHONPATH="$(cd "$(dirname "$0")" && pwd)/netguard${PYTHONPATH:+:$PYTHONPATH}"
python=${OFFLINE_PYTHON:-$(command -v python3 || command -v python)}
# Inside the namespace: bring loopback up, then bind and connect on 127.0.0.1.
probe='import socket
with socket.socket() as server:
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    socket.create_connection(server.getsockname(), timeout=5).close()'

if ! unshare -rn true 2>/dev/null; then
  echo "==> Offline: cannot make a network namespace here (unshare -rn); network guard alone"
elif [ -z "$python" ]; then
  echo "==> Offline: no python3 to check loopback in a network namespace; network guard alone"
elif ! error=$(unshare -rn sh -c 'ip link set lo up 2>&1 && exec "$0" -c "$1" 2>&1' \
                 "$python" "$probe"); then
  echo "==> Offline: loopback does not work inside a network namespace here" \
       "(${error##*$'\n'}); network guard alone"
else
  echo "==> Offline: network cut to loopback (unshare -rn), network guard on"
  exec unshare -rn sh -c 'ip link set lo up && exec "$@"' sh "$@"
fi
exec "$@"

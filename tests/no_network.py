"""Runs `gmi` with every Python socket forbidden (an audit hook), for the privacy test.

Usage: python tests/no_network.py demo --out DIR
"""

import runpy
import sys


def refuse_sockets(event: str, args: tuple) -> None:
    if event.startswith("socket."):
        raise RuntimeError(f"GMI Trainer tried to use the network ({event})")


sys.addaudithook(refuse_sockets)
sys.argv = ["gmi", *sys.argv[1:]]
runpy.run_module("gmi", run_name="__main__", alter_sys=True)

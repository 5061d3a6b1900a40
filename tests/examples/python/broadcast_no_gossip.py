#!/usr/bin/env python3
"""A deliberately broken broadcast: it acknowledges every broadcast but never tells the other
nodes, so a value is only ever read on the node a client sent it to. The harness must call this
invalid, with the values other nodes' reads miss counted as lost."""
from node import Node

node = Node()
values = set()


@node.on("topology")
def topology(msg):
    node.reply(msg, {"type": "topology_ok"})


@node.on("broadcast")
def broadcast(msg):
    values.add(msg["body"]["message"])
    node.reply(msg, {"type": "broadcast_ok"})


@node.on("read")
def read(msg):
    node.reply(msg, {"type": "read_ok", "messages": sorted(values)})


node.run()

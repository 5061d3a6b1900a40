#!/usr/bin/env python3
"""Maelstrom's broadcast, by anti-entropy: every half second each node sends each neighbour the
values that neighbour has not acknowledged yet, so a message lost to a partition is sent again
until it gets through. Neighbours relay, so a value reaches every node the topology connects."""
from node import Node

node = Node()
values = set()
neighbours = []
acked = {}  # neighbour -> the values it has confirmed holding


@node.on("topology")
def topology(msg):
    global neighbours
    # A node the topology leaves out gossips to everyone rather than to no one.
    neighbours = msg["body"]["topology"].get(node.id) or [n for n in node.node_ids if n != node.id]
    for n in neighbours:
        acked.setdefault(n, set())
    node.reply(msg, {"type": "topology_ok"})


@node.on("broadcast")
def broadcast(msg):
    values.add(msg["body"]["message"])
    node.reply(msg, {"type": "broadcast_ok"})


@node.on("read")
def read(msg):
    node.reply(msg, {"type": "read_ok", "messages": sorted(values)})


@node.on("gossip")
def gossip(msg):
    values.update(msg["body"]["messages"])
    node.reply(msg, {"type": "gossip_ok", "messages": msg["body"]["messages"]})


@node.on("gossip_ok")
def gossip_ok(msg):
    acked[msg["src"]].update(msg["body"]["messages"])


@node.every(0.5)
def anti_entropy():
    for n in neighbours:
        missing = values - acked[n]
        if missing:
            node.send(n, {"type": "gossip", "messages": sorted(missing)})


if __name__ == "__main__":  # broadcast_drops_gossip.py imports this node to break it
    node.run()

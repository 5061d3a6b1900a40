#!/usr/bin/env python3
"""A deliberately broken broadcast: broadcast.py, except that a node acknowledges the values its
neighbours gossip without keeping them. Each value stays on the node a client sent it to, so the
harness must call this invalid, with the values other nodes' reads miss counted as lost."""
from broadcast import node


@node.on("gossip")
def gossip_acknowledged_and_dropped(msg):
    node.reply(msg, {"type": "gossip_ok", "messages": msg["body"]["messages"]})


node.run()

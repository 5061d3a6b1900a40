#!/usr/bin/env python3
"""Maelstrom's echo: answer each echo with its own text."""
from node import Node

node = Node()


@node.on("echo")
def echo(msg):
    node.reply(msg, {"type": "echo_ok", "echo": msg["body"]["echo"]})


node.run()

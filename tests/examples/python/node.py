"""Maelstrom's protocol for the example nodes, standard library only.

A node reads one JSON message a line on stdin and writes one a line on stdout; anything for
people goes to stderr. Handlers run one at a time on the main thread: a reader thread only
moves stdin lines into a queue, so the main loop can also wake for periodic tasks (gossip).
"""
import json
import queue
import sys
import threading
import time

NOT_SUPPORTED = 10  # Maelstrom's error code for a request type the node does not know


class Node:
    def __init__(self):
        self.id = None
        self.node_ids = []
        self._handlers = {"init": self._init}
        self._tasks = []  # [period in seconds, callback, next due time]
        self._next_msg_id = 0

    def on(self, msg_type):
        """Decorator: the handler for one body type; it gets the whole message."""
        def register(handler):
            self._handlers[msg_type] = handler
            return handler
        return register

    def every(self, seconds):
        """Decorator: a task run every `seconds` once the node is initialised."""
        def register(task):
            self._tasks.append([seconds, task, None])
            return task
        return register

    def send(self, dest, body):
        self._next_msg_id += 1
        body = dict(body, msg_id=self._next_msg_id)
        print(json.dumps({"src": self.id, "dest": dest, "body": body}, separators=(",", ":")), flush=True)

    def reply(self, request, body):
        self.send(request["src"], dict(body, in_reply_to=request["body"]["msg_id"]))

    def log(self, text):
        print(text, file=sys.stderr, flush=True)

    def _init(self, msg):
        self.id = msg["body"]["node_id"]
        self.node_ids = msg["body"]["node_ids"]
        now = time.monotonic()
        for task in self._tasks:
            task[2] = now + task[0]
        self.reply(msg, {"type": "init_ok"})

    def _handle(self, msg):
        body = msg["body"]
        handler = self._handlers.get(body["type"])
        if handler is not None:
            handler(msg)
        elif "msg_id" in body:  # every request gets an answer, even one we cannot serve
            self.reply(msg, {"type": "error", "code": NOT_SUPPORTED, "text": "unknown type " + body["type"]})

    def _run_due_tasks(self):
        now = time.monotonic()
        for task in self._tasks:
            if task[2] is not None and now >= task[2]:
                task[2] = now + task[0]
                task[1]()

    def _seconds_to_next_task(self):
        due = [task[2] for task in self._tasks if task[2] is not None]
        return max(0.0, min(due) - time.monotonic()) if due else None

    def run(self):
        """Until stdin ends: handle each message, and run the periodic tasks when due."""
        lines = queue.Queue()

        def read_stdin():
            for line in sys.stdin:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=read_stdin, daemon=True).start()
        while True:
            try:
                line = lines.get(timeout=self._seconds_to_next_task())
            except queue.Empty:
                line = ""
            if line is None:
                return
            if line.strip():
                self._handle(json.loads(line))
            self._run_due_tasks()

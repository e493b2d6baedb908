"""Plug-in points between features: a lower feature names a hook, a higher one connects to it.

A feature that needs something only a higher feature knows (content asking "what else does an import
check?", phases asking "why is this phase still locked?") declares a `Hook` in its own module and calls
it; the higher feature connects its function in its `init_app`. The connections live on the app (in
`app.extensions`), not in module globals, so every app made by `create_app` has exactly the features
registered on it, and a lower feature never imports a higher one.

Unlike blinker's signals, a hook keeps the order of connection (a lock page lists the reading before the
quizzes) and gives back each receiver's answer."""

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

_KEY = "lms.hooks"


class Hook:
    def __init__(self, name: str, doc: str):
        self.name = name
        self.__doc__ = doc

    def __repr__(self) -> str:
        return f"Hook({self.name!r})"

    def connect(self, app: Flask, receiver: Callable) -> None:
        """Connect a receiver on this app; connecting the same one twice keeps one."""
        receivers = app.extensions.setdefault(_KEY, {}).setdefault(self.name, [])
        if receiver not in receivers:
            receivers.append(receiver)

    def receivers(self) -> list[Callable]:
        """The receivers connected on the current app, in the order they were connected."""
        return current_app.extensions.get(_KEY, {}).get(self.name, [])

    def call(self, *args, **kwargs) -> list[Any]:
        """Call every receiver with the same arguments; their answers, in order."""
        return [receiver(*args, **kwargs) for receiver in self.receivers()]

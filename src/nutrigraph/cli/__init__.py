"""The ``nutrigraph`` command line (click): one module per group of commands."""

from .main import cli, main

__all__ = ["cli", "main"]

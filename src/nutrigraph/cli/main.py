"""The ``nutrigraph`` command: the group of commands, and the entry point.

Each command group lives in a module of its own and only parses arguments: the work is
done by library functions, and the answer is shown by :mod:`nutrigraph.render`. Bad
input of any kind ends with one line on stderr and exit code 2.
"""

from __future__ import annotations

import sys

import click

from ..errors import NutrigraphError
from .checks import validate_command
from .importing import import_group
from .paths import explain_command, metapaths_command, neighbors_command, path_command
from .plot import plot_group
from .query import query_command, resolve_command
from .symptoms import differential_command, overlap_command

__all__ = ["cli", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nutrigraph")
def cli() -> None:
    """Ask a sourced nutrition knowledge graph how nutrients connect."""


for command in (query_command, resolve_command, import_group, validate_command,
                differential_command, overlap_command, path_command, explain_command,
                neighbors_command, metapaths_command, plot_group):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``nutrigraph`` console script; returns the exit code."""
    try:
        # without standalone mode, click returns the code of a command's ctx.exit(code)
        code = cli.main(args=argv, prog_name="nutrigraph", standalone_mode=False)
    except (NutrigraphError, click.ClickException) as error:
        message = error.format_message() if isinstance(error, click.ClickException) else error
        click.echo(f"nutrigraph: error: {message}", err=True)
        return 2
    except click.exceptions.Abort:
        click.echo("nutrigraph: interrupted", err=True)
        return 130
    except click.exceptions.Exit as done:
        return done.exit_code
    except BrokenPipeError:  # the reader went away (e.g. `| head`): not an error
        sys.stderr.close()
        return 0
    return code if isinstance(code, int) else 0


if __name__ == "__main__":
    sys.exit(main())

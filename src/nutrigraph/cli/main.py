"""The ``nutrigraph`` command: the group of commands, and the entry point.

Each command group lives in a module of its own and only parses arguments: the work is
done by library functions, and the answer is shown by :mod:`nutrigraph.render`. Bad
input of any kind ends with one line on stderr and exit code 2.
"""

from __future__ import annotations

import importlib
import sys

import click

from ..errors import NutrigraphError

__all__ = ["cli", "main"]

# Each command and where it lives (module, name). A command's module is imported when
# the command runs (click's "lazily loading subcommands"): `nutrigraph query` does not pay
# for the modules of the other commands.
COMMANDS = {
    "query": ("query", "query_command"), "resolve": ("query", "resolve_command"),
    "import": ("importing", "import_group"), "validate": ("checks", "validate_command"),
    "differential": ("symptoms", "differential_command"),
    "overlap": ("symptoms", "overlap_command"), "path": ("paths", "path_command"),
    "explain": ("paths", "explain_command"), "neighbors": ("paths", "neighbors_command"),
    "metapaths": ("paths", "metapaths_command"), "plot": ("plot", "plot_group"),
    "add": ("stores", "add_command"), "graphs": ("stores", "graphs_command"),
    "drop": ("stores", "drop_command"), "serve": ("serving", "serve_command"),
    "export": ("exporting", "export_command"), "push": ("stores", "push_command"),
}


class _Commands(click.Group):
    """A group whose commands are imported from their modules when first asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute = COMMANDS[name]
        return getattr(importlib.import_module(f".{module}", __package__), attribute)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="nutrigraph")
def cli() -> None:
    """Ask a sourced nutrition knowledge graph how nutrients connect."""


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

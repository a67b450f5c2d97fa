"""The ``ncm-docs`` command line: a thin shell over the library.

Commands live one per module in ``ncm_docs/commands/`` and are discovered by file
name. Library errors (``NcmError``) become ``Error: ...`` lines and the error's exit code
(2); no traceback unless ``--debug``. Heavy modules load only when a command runs, so
``ncm-docs --help`` stays fast.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_INTERNAL, NcmError

_COMMANDS_DIR = Path(__file__).resolve().parent / "commands"


class NcmGroup(click.Group):
    """Finds commands in ``ncm_docs/commands`` and turns library errors into exit code 2."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = [p.stem.replace("_", "-") for p in _COMMANDS_DIR.glob("*.py") if not p.stem.startswith("_")]
        return sorted(names)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module_name = name.replace("-", "_")
        if not (_COMMANDS_DIR / f"{module_name}.py").is_file():
            return None
        return importlib.import_module(f"ncm_docs.commands.{module_name}").command

    def invoke(self, ctx: click.Context):
        debug = bool(ctx.params.get("debug")) or "--debug" in sys.argv
        try:
            return super().invoke(ctx)
        except NcmError as exc:
            if debug:
                raise
            for line in exc.lines():
                click.echo(f"Error: {line}", err=True)
            ctx.exit(exc.exit_code)
        except BrokenPipeError:  # output piped into `head` and the like: stop quietly
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
        except KeyboardInterrupt:
            click.echo("Interrupted: no half-written file was left behind.", err=True)
            ctx.exit(130)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:  # a bug in ncm-docs: say so plainly
            if debug:
                raise
            click.echo(f"Internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", err=True)
            ctx.exit(EXIT_INTERNAL)


@click.group(cls=NcmGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="ncm-docs")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
def main(debug: bool) -> None:
    """Draft the agreements of an NHS lead-provider + alliance partnership.

    One partnership file (YAML or JSON) and the clause library give the lead-provider
    contract, one subcontract per partner, and the alliance agreement, as Word files.

    \b
    Examples:
      ncm-docs build samples/northshire.yaml -o out/northshire
      ncm-docs preview samples/northshire.yaml --doc alliance-agreement
      ncm-docs clauses list
      ncm-docs schema > partnership.schema.json

    Exit codes: 0 ok, 1 findings or failed items, 2 bad input or usage.
    """


if __name__ == "__main__":  # pragma: no cover
    main()

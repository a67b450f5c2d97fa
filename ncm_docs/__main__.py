"""``python -m ncm_docs``: the same command line as ``ncm-docs``."""

from .cli import main

main(prog_name="ncm-docs")

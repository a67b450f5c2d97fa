"""``ncm-docs serve``: the local web app over a folder of partnership files."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: addresses only this computer can reach."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, port: int) -> set[str] | None:
    """The ``Host`` header values a loopback server answers (None: any, for a token-guarded one)."""
    if not is_loopback(host):
        return None
    names = {"127.0.0.1", "localhost", "[::1]", host.lower() if ":" not in host else f"[{host.strip('[]')}]"}
    return {f"{name}:{port}" for name in names} | (names if port == 80 else set())


@click.command("serve")
@click.argument("folder", required=False, default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on. Anything but this computer (127.0.0.1, localhost) needs the access token printed at start-up.")
@click.option("--port", default=8400, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@click.option("--no-browser", is_flag=True, help="Do not open the app in a web browser.")
def command(folder: Path, host: str, port: int, no_browser: bool) -> None:
    """Open the partnership files in FOLDER (default: this folder) in a local web app.

    A guided form for each partnership (generated from the schema), a live formatted
    preview of every document, the consistency checks next to the fields they concern,
    downloads of the pack, checks of edited Word files, version comparisons and the
    clause library. Saving writes the partnership file back with its comments and key
    order kept, and keeps the previous version in FOLDER/.ncm-docs-history/. Only
    files inside FOLDER are ever read or written. Stop it with Ctrl+C.

    \b
    Examples:
      ncm-docs serve samples
      ncm-docs serve partnerships/ --port 8500 --no-browser
    """
    import secrets
    import threading
    import webbrowser

    import uvicorn

    from ..web.app import create_app

    token = None if is_loopback(host) else secrets.token_urlsafe(24)
    app = create_app(folder, token=token, hosts=allowed_hosts(host, port), warm=True)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/" + (f"?token={token}" if token else "")
    click.echo(f"ncm-docs: serving {Path(folder).resolve()} at {url}")
    if token:
        click.echo("  reachable from other computers: only people given this address (with its token) can use it")
    click.echo("  press Ctrl+C to stop")
    if not no_browser:
        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)

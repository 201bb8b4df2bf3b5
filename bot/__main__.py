"""The `balint-bot` command line: run, sandbox, emulator, sync, check-config, db migrate, db backup,
verify."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import socket
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from dotenv import load_dotenv

from bot.settings import Settings, SettingsError, load_settings

EXIT_USAGE = 2
NO_TOKEN = (
    "balint-bot: no DISCORD_TOKEN. Create a bot at https://discord.com/developers/applications "
    "(Bot -> Reset Token) and set DISCORD_TOKEN in the environment or a .env file; or try it "
    "offline with `balint-bot sandbox`."
)
CHECK_NO_TOKEN = (
    "balint-bot: check-config: the settings are valid, but DISCORD_TOKEN is not set, so `run` "
    "would stop: put DISCORD_TOKEN=... in a .env file beside you (or the --env-file FILE; "
    "config/example.env shows one) or in the environment; the token is the bot's in the developer "
    "portal (Bot -> Reset Token)."
)
BAD_TOKEN = "balint-bot: Discord refused the token; reset it in the developer portal."
NO_INTENT = (
    "balint-bot: enable the Server Members intent for the bot in the developer portal "
    "(Bot -> Privileged Gateway Intents)."
)
RETRY_FIRST, RETRY_MAX = 2.0, 300.0  # seconds between attempts to reach Discord (doubling)
PLAIN_LOG_FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"


def _common_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """--config and --env-file, accepted before or after the subcommand (and listed by both
    --help). Below the top level they default to SUPPRESS, so they never undo the top's value."""
    parser.add_argument(
        "--config",
        metavar="FILE",
        default=None if top else argparse.SUPPRESS,
        help="a TOML file overriding config/default.toml",
    )
    parser.add_argument(
        "--env-file",
        metavar="FILE",
        default=".env" if top else argparse.SUPPRESS,
        help="read environment variables from this file (default .env)",
    )


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="balint-bot", description="A Discord bot for Balint groups.")
    _common_options(p, top=True)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        parent: argparse._SubParsersAction[argparse.ArgumentParser], name: str, text: str
    ) -> argparse.ArgumentParser:
        parser = parent.add_parser(name, help=text, description=text)
        _common_options(parser, top=False)
        return parser

    run = command(sub, "run", "connect to Discord with DISCORD_TOKEN")
    run.add_argument(
        "--new-database",
        action="store_true",
        help="start an empty database although the key file exists (the old database is lost)",
    )
    run.add_argument(
        "--new-key",
        action="store_true",
        help="make a new anonymity key for an existing database (its anonymous links are lost)",
    )
    sandbox = command(sub, "sandbox", "run the bot against the built-in local Discord emulator")
    sandbox.add_argument("--interactive", action="store_true", help="type commands as demo members")
    sandbox.add_argument(
        "--quiet",
        action="store_true",
        help="print only the summary (with --interactive: do not print the demo group's set-up, "
        "show every answer)",
    )
    sandbox.add_argument(
        "--no-group",
        action="store_true",
        help="with --interactive: start with no group set up, to try /group setup yourself",
    )
    sandbox.add_argument(
        "--html",
        metavar="DIR",
        type=Path,
        help="also write the week as pages that look like Discord",
    )
    sandbox.add_argument(
        "--output",
        metavar="DIR",
        default="sandbox-output",
        help="save the files the bot attaches here (default: sandbox-output)",
    )
    emulator = command(
        sub, "emulator", "serve the demo server as a local Discord for `balint-bot run`"
    )
    emulator.add_argument(
        "--port", type=int, default=8765, help="port on 127.0.0.1 (8765; 0: any free one)"
    )
    emulator.add_argument(
        "--interactive",
        action="store_true",
        help="a console where you act as the demo people against the bot you run",
    )
    emulator.add_argument(
        "--output",
        metavar="DIR",
        default="emulator-output",
        help="with --interactive: save the files the bot attaches here (default: emulator-output)",
    )
    command(sub, "sync", "connect once and force the application command sync")
    command(sub, "check-config", "validate the settings and print them as TOML (secrets masked)")
    verify = command(sub, "verify", "check an attendance certificate's verification code")
    verify.add_argument("code", help="the code printed on the certificate")
    db = command(sub, "db", "database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="DB_COMMAND")
    command(db_sub, "migrate", "apply pending migrations")
    backup = command(db_sub, "backup", "online backup (safe while the bot runs)")
    backup.add_argument("path", help="the new backup file")
    command(db_sub, "new-key", "make a new anonymity key for a database whose key is lost")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # e.g. `balint-bot check-config | head -1`
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        return 130


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    if Path(args.env_file).is_file():
        load_dotenv(args.env_file, override=False)
    try:
        settings = load_settings(args.config)
    except SettingsError as exc:
        print(f"balint-bot: settings: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "check-config":
        return check_config(settings)
    if args.command == "db":
        return asyncio.run(_db_command(settings, args))
    if args.command == "verify":
        return asyncio.run(_verify(settings, args.code))
    if args.command == "sandbox":
        from bot.sandbox.demo import run_sandbox

        if args.no_group and not args.interactive:
            print(
                "balint-bot: sandbox --no-group goes with --interactive (the walk-through needs "
                "its group)",
                file=sys.stderr,
            )
            return EXIT_USAGE

        return asyncio.run(
            run_sandbox(
                settings,
                interactive=args.interactive,
                quiet=args.quiet,
                set_up=not args.no_group,
                html_dir=args.html,
                output=args.output,
            )
        )
    if args.command == "emulator":
        from bot.sandbox.serve import serve

        return asyncio.run(serve(args.port, interactive=args.interactive, output=args.output))
    token = os.environ.get("DISCORD_TOKEN", "").strip()
    if not token:
        print(NO_TOKEN, file=sys.stderr)
        return EXIT_USAGE
    return run_bot(
        settings,
        token,
        force_sync=args.command == "sync",
        new_database=getattr(args, "new_database", False),
        new_key=getattr(args, "new_key", False),
    )


def check_config(settings: Settings) -> int:
    """The effective settings as TOML that can be copied into a --config file; status 2 (after
    printing them) when there is no token, since `run` could not start."""
    print("# effective settings (defaults < config file < environment)")
    for section, values in settings.as_dict().items():
        print(f"[{section}]")
        for key, value in values.items():
            print(f"{key} = {toml_value(value)}")
        print()
    print("# secrets (never in a config file):")
    print(f"# DISCORD_TOKEN: {_mask(os.environ.get('DISCORD_TOKEN', ''))}")
    print(f"# BALINT_SECRET_KEY: {_mask(os.environ.get('BALINT_SECRET_KEY', ''))}")
    present = "present" if settings.key_file_path.exists() else "absent"
    print(f"# key file: {settings.key_file_path} ({present})")
    if not os.environ.get("DISCORD_TOKEN", "").strip():
        print(CHECK_NO_TOKEN, file=sys.stderr)
        return EXIT_USAGE  # the settings are fine, but `run` would stop at once
    return 0


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)  # inf and nan are TOML too
    if isinstance(value, str):
        # JSON's string escapes are TOML's, except that TOML wants DEL escaped too
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML form for {value!r}")  # pragma: no cover


def _mask(secret: str) -> str:
    return "not set" if not secret else f"set ({len(secret)} characters, hidden)"


async def _db_command(settings: Settings, args: argparse.Namespace) -> int:
    import sqlite3

    from bot.store import backup
    from bot.store.db import Database, StorageError

    path = settings.database_path
    if args.db_command in ("backup", "new-key") and not (
        path.is_file() and path.stat().st_size > 0
    ):
        print(
            f"balint-bot: there is no database at {path} (check database.path, "
            "--config or BALINT_DATABASE__PATH)",
            file=sys.stderr,
        )
        return 1
    try:
        db = await Database.open(path, migrate=False)
    except StorageError as exc:
        print(f"balint-bot: {exc}", file=sys.stderr)
        return 1
    try:
        if args.db_command == "new-key":
            return await _new_key(settings, db)
        if args.db_command == "migrate":
            applied = await db.migrate()
            version = await db.schema_version()
            print(
                f"schema version {version}"
                + (f" (applied {applied})" if applied else " (up to date)")
            )
        else:
            written = await backup.backup(db, args.path)
            print(f"backup written to {written}")
        return 0
    except (StorageError, FileExistsError) as exc:
        print(f"balint-bot: {exc}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as exc:
        detail = getattr(exc, "strerror", None) or str(exc)
        print(f"balint-bot: db {args.db_command} failed: {detail}", file=sys.stderr)
        return 1
    finally:
        await db.close()


async def _new_key(settings: Settings, db: Any) -> int:
    """A lost key replaced on purpose: a new 0600 key file, recorded as the database's own."""
    from bot.secret_key import ENV_NAME, SecretKeyError, load_or_create_key

    key_file = settings.key_file_path
    if key_file.exists() or os.environ.get(ENV_NAME, "").strip():
        print(
            f"balint-bot: the database already has a key ({key_file if key_file.exists() else ENV_NAME}); "
            "db new-key is only for a lost one",
            file=sys.stderr,
        )
        return 1
    try:
        key = load_or_create_key(key_file, settings.database_path, environ={}, new_key=True)
    except SecretKeyError as exc:
        print(f"balint-bot: {exc}", file=sys.stderr)
        return 1
    await db.check_key(key, adopt=True)
    print(f"new key written to {key_file}; copy it somewhere safe, apart from the backups")
    return 0


async def _verify(settings: Settings, code: str) -> int:
    """Exit 0 and say so when the code matches the ledger; 1 when unknown or changed."""
    import sqlite3

    from bot.records import verify
    from bot.store.db import Database, StorageError

    if not settings.database_path.exists():
        print(f"balint-bot: no database at {settings.database_path}", file=sys.stderr)
        return 1
    try:
        db = await Database.open(settings.database_path, migrate=False)
    except StorageError as exc:
        print(f"balint-bot: {exc}", file=sys.stderr)
        return 1
    try:
        valid, text = await verify(db, code)
    except sqlite3.OperationalError:  # a database from before certificates: none to find
        valid, text = False, "No certificate has this code (this database has no endorsements)."
    finally:
        await db.close()
    print(text)
    return 0 if valid else 1


def network_trouble() -> tuple[type[BaseException], ...]:
    """Errors that mean Discord cannot be reached now: a service waits and tries again."""
    import aiohttp
    import discord

    return (
        aiohttp.ClientError,
        ConnectionError,
        socket.gaierror,
        TimeoutError,
        discord.DiscordServerError,
        discord.GatewayNotFound,
    )


class ExpectedTrouble(logging.Filter):
    """A lost connection is an expected condition: its log line keeps the reason and drops the
    traceback (discord.py logs one per reconnect attempt)."""

    def __init__(self, kinds: tuple[type[BaseException], ...]) -> None:
        super().__init__()
        self.kinds = kinds

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, self.kinds):
            record.msg = f"{record.getMessage()} ({type(exc).__name__}: {exc})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def setup_logging(level: str) -> None:
    """discord.py's handler, in colour only on a terminal (never escape codes in a log file)."""
    import discord

    handler = logging.StreamHandler()
    handler.addFilter(ExpectedTrouble(network_trouble()))
    if sys.stderr.isatty():
        discord.utils.setup_logging(handler=handler, level=getattr(logging, level.upper()))
    else:
        discord.utils.setup_logging(
            handler=handler,
            formatter=logging.Formatter(PLAIN_LOG_FORMAT),
            level=getattr(logging, level.upper()),
        )


def run_bot(
    settings: Settings,
    token: str,
    *,
    force_sync: bool = False,
    new_database: bool = False,
    new_key: bool = False,
) -> int:
    import discord

    from bot.app import BalintBot, open_storage
    from bot.loop_lag import LoopLag
    from bot.run_lock import AlreadyRunning
    from bot.secret_key import ENV_NAME, SecretKeyError
    from bot.store.db import StorageError

    setup_logging(settings.logging.level)
    trouble = network_trouble()

    def make_bot() -> BalintBot:
        return BalintBot(
            settings,
            force_sync=force_sync,
            start_scheduler=not force_sync,
            new_database=new_database,
            new_key=new_key,
            settle_memory=True,
        )

    async def once(bot: BalintBot) -> None:
        if force_sync:
            async with bot:
                await bot.login(token)  # runs setup_hook, which syncs
            print("application commands synced")
            return
        async with bot:
            await bot.start(token)

    async def go() -> None:
        # storage first: damaged storage stops the start at once, network or not
        db, _ = await open_storage(settings, new_database=new_database, new_key=new_key)
        await db.close()
        # where the two files the host must back up are (a relative path is the working
        # directory's: a bot started by hand elsewhere has a database of its own)
        logging.getLogger("bot.run").info(
            "database %s, anonymity key %s",
            settings.database_path.resolve(),
            f"from {ENV_NAME}"
            if os.environ.get(ENV_NAME, "").strip()
            else settings.key_file_path.resolve(),
        )
        LoopLag(interval=0.25, warn_over=1.0).start()  # a stall worth a host's attention is logged
        stopping = _on_sigterm()
        delay = RETRY_FIRST
        while True:
            bot = make_bot()
            stopping.add_done_callback(_closer(bot))
            try:
                await once(bot)
                return
            except trouble as exc:
                print(
                    f"balint-bot: cannot reach Discord ({_reason(exc)}); trying again in "
                    f"{delay:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(stopping), delay)
            if stopping.done():
                return
            delay = min(delay * 2, RETRY_MAX)

    with _discord_address(settings):
        try:
            with _one_run(settings, force_sync):
                asyncio.run(go())
        except (SecretKeyError, StorageError, AlreadyRunning) as exc:
            print(f"balint-bot: {exc}", file=sys.stderr)
            return 1
        except discord.LoginFailure:
            print(BAD_TOKEN, file=sys.stderr)
            return 1
        except discord.PrivilegedIntentsRequired:
            print(NO_INTENT, file=sys.stderr)
            return 1
    return 0


@contextlib.contextmanager
def _one_run(settings: Settings, force_sync: bool) -> Iterator[None]:
    """`run` holds the database's lock (bot/run_lock.py) while it runs; `sync` needs none (it
    posts nothing). A folder where the lock cannot be made is the database's folder: said so."""
    if force_sync:
        yield
        return
    from bot.run_lock import held
    from bot.store.db import StorageError, cannot_use

    try:
        lock = held(settings.database_path)
        lock.__enter__()
    except OSError as exc:
        raise StorageError(cannot_use(settings.database_path, exc)) from None
    with contextlib.ExitStack() as stack:
        stack.push(lock)
        yield


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _closer(bot: Any) -> Callable[[asyncio.Future[None]], None]:
    def close(_: asyncio.Future[None]) -> None:
        asyncio.ensure_future(bot.close())

    return close


def _on_sigterm() -> asyncio.Future[None]:
    """Done on SIGTERM (systemd stop): the bot then closes as on Ctrl-C (deliveries finish, the
    store closes) and a wait between attempts to reach Discord ends."""
    loop = asyncio.get_running_loop()
    stopping: asyncio.Future[None] = loop.create_future()

    def stop() -> None:
        if not stopping.done():
            stopping.set_result(None)

    with contextlib.suppress(NotImplementedError, RuntimeError):
        loop.add_signal_handler(signal.SIGTERM, stop)
    return stopping


def _discord_address(settings: Settings) -> contextlib.AbstractContextManager[None]:
    """The real Discord, or the one named by discord.api_url and discord.gateway_url."""
    if not settings.discord.api_url:
        return contextlib.nullcontext()
    from bot.emulator.connect import use_discord_at

    return use_discord_at(settings.discord.api_url, settings.discord.gateway_url)


if __name__ == "__main__":
    sys.exit(main())

"""The `balint-bot` command line: run, sandbox, sync, check-config, db migrate, db backup, verify."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from dotenv import load_dotenv

from bot.settings import Settings, SettingsError, load_settings

EXIT_USAGE = 2
NO_TOKEN = (
    "balint-bot: no DISCORD_TOKEN. Create a bot at https://discord.com/developers/applications "
    "(Bot -> Reset Token) and set DISCORD_TOKEN in the environment or a .env file; or try it "
    "offline with `balint-bot sandbox`."
)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="balint-bot", description="A Discord bot for Balint groups.")
    p.add_argument("--config", metavar="FILE", help="a TOML file overriding config/default.toml")
    p.add_argument(
        "--env-file", metavar="FILE", default=".env", help="read environment from this file"
    )
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="connect to Discord with DISCORD_TOKEN")
    sandbox = sub.add_parser(
        "sandbox", help="run the bot against the built-in local Discord emulator"
    )
    sandbox.add_argument("--interactive", action="store_true", help="type commands as demo members")
    sandbox.add_argument("--quiet", action="store_true", help="print only the summary")
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
    sub.add_parser("sync", help="connect once and force the application command sync")
    sub.add_parser("check-config", help="validate the settings and print them (secrets masked)")
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_sub.add_parser("migrate", help="apply pending migrations")
    backup = db_sub.add_parser("backup", help="online backup (safe while the bot runs)")
    backup.add_argument("path", help="the new backup file")
    verify = sub.add_parser("verify", help="check an attendance certificate's verification code")
    verify.add_argument("code", help="the code printed on the certificate")
    return p


def main(argv: Sequence[str] | None = None) -> int:
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

        return asyncio.run(
            run_sandbox(
                settings,
                interactive=args.interactive,
                quiet=args.quiet,
                html_dir=args.html,
                output=args.output,
            )
        )
    token = os.environ.get("DISCORD_TOKEN", "").strip()
    if not token:
        print(NO_TOKEN, file=sys.stderr)
        return EXIT_USAGE
    return run_bot(settings, token, force_sync=args.command == "sync")


def check_config(settings: Settings) -> int:
    print("# effective settings (defaults < config file < environment)")
    for section, values in settings.as_dict().items():
        print(f"[{section}]")
        for key, value in values.items():
            print(f"{key} = {value!r}")
        print()
    print("[secrets]")
    print(f"DISCORD_TOKEN = {_mask(os.environ.get('DISCORD_TOKEN', ''))}")
    print(f"BALINT_SECRET_KEY = {_mask(os.environ.get('BALINT_SECRET_KEY', ''))}")
    print(
        f"key file = {settings.key_file_path} ({'present' if settings.key_file_path.exists() else 'absent'})"
    )
    return 0


def _mask(secret: str) -> str:
    return "(not set)" if not secret else f"set ({len(secret)} characters, hidden)"


async def _db_command(settings: Settings, args: argparse.Namespace) -> int:
    from bot.store.db import Database, DatabaseTooNew

    try:
        db = await Database.open(settings.database_path, migrate=False)
    except Exception as exc:  # pragma: no cover - e.g. an unreadable path
        print(f"balint-bot: cannot open {settings.database_path}: {exc}", file=sys.stderr)
        return 1
    try:
        if args.db_command == "migrate":
            applied = await db.migrate()
            version = await db.schema_version()
            print(
                f"schema version {version}"
                + (f" (applied {applied})" if applied else " (up to date)")
            )
        else:
            path = await db.backup(args.path)
            print(f"backup written to {path}")
        return 0
    except (DatabaseTooNew, FileExistsError) as exc:
        print(f"balint-bot: {exc}", file=sys.stderr)
        return 1
    finally:
        await db.close()


async def _verify(settings: Settings, code: str) -> int:
    """Exit 0 and say so when the code matches the ledger; 1 when unknown or changed."""
    from bot.records import verify
    from bot.store.db import Database

    if not settings.database_path.exists():
        print(f"balint-bot: no database at {settings.database_path}", file=sys.stderr)
        return 1
    db = await Database.open(settings.database_path, migrate=False)
    try:
        valid, text = await verify(db, code)
    except sqlite3.OperationalError:  # a database from before certificates: none to find
        valid, text = False, "No certificate has this code (this database has no endorsements)."
    finally:
        await db.close()
    print(text)
    return 0 if valid else 1


def run_bot(settings: Settings, token: str, *, force_sync: bool = False) -> int:
    import discord

    from bot.app import BalintBot
    from bot.secret_key import SecretKeyError
    from bot.store.db import DatabaseTooNew

    discord.utils.setup_logging(level=getattr(logging, settings.logging.level.upper()))

    async def go() -> None:
        bot = BalintBot(settings, force_sync=force_sync, start_scheduler=not force_sync)
        if force_sync:
            async with bot:
                await bot.login(token)  # runs setup_hook, which syncs
            print("application commands synced")
            return
        async with bot:
            await bot.start(token)

    try:
        asyncio.run(go())
    except (SecretKeyError, DatabaseTooNew) as exc:
        print(f"balint-bot: {exc}", file=sys.stderr)
        return 1
    except discord.LoginFailure:
        print(
            "balint-bot: Discord refused the token; reset it in the developer portal.",
            file=sys.stderr,
        )
        return 1
    except discord.PrivilegedIntentsRequired:
        print(
            "balint-bot: enable the Server Members intent for the bot in the developer portal "
            "(Bot -> Privileged Gateway Intents).",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

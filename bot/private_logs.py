"""Keep private input out of the logs, even at DEBUG level (docs/privacy.md → The host, Discord
and logs).

Three library loggers would otherwise write what members typed or chose, or link it to them:
- discord.gateway logs every gateway event; INTERACTION_CREATE payloads hold select picks and modal
  text (anonymous answers, draft text): the payload is replaced by a placeholder, the event name stays;
- discord.http logs every REST request and response body: a draft card's text, a question relayed to
  an anonymous author next to "open a DM with user N": those records are dropped (rate-limit and
  retry records stay);
- aiosqlite logs every database call with its parameters (a comment's text): its DEBUG records are
  dropped;
- discord.webhook logs every reply to an interaction with its URL, and the URL holds the
  interaction's token: for 15 minutes it lets whoever reads the log fetch the reply (an anonymous
  author's confirmation) and the interaction's metadata, which name the member. The token is
  replaced by a placeholder (in every logger's records); the method, route and status stay.
And one rule for every record of every logger, at any level: no Discord id. A route's URL names a
DM channel (``POST /channels/<DM>/messages responded with 429``, WARNING) or a user, and the
time of that line against an anonymous action (a reminder to those who have not answered, a
question relayed to an author) would name the person with no key needed; the host can turn a DM
channel id into its member with the bot's token. Every 17-20 digit id is written as ``{id}``
(so also guild and channel ids: the bot's own lines name groups and sessions by the bot's ids).
The bot installs these at start-up; audit tests in tests/e2e run whole scenarios at DEBUG and check.

And one rule of timing: what happens on a member's own private path is not written at that
moment. At /forgetme (deleting the reminders they were sent and their drafts' DMs) a line
("deleting a DM failed", discord.py's "DELETE ... responded with 429") exists only when there
was something to delete, so its time, beside when that member acted, told that she had not
answered a poll, or wrote a draft; an anonymous author's own actions (a draft written, edited,
withdrawn, a question answered) reach the leaders only in whole-hour rounds, and a line at
that moment gave the log reader back the time the rounds hide. Inside `unattributed()` such records are
held: counted, without ids or times, and written once an hour by `report_held`, apart from
anyone's action.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections import Counter
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

WITHHELD = "<INTERACTION_CREATE payload withheld: it can contain anonymous answers>"
_HTTP_BODY_MESSAGES = ("%s %s with %s has returned %s", "%s %s has received %s")
TOKEN_WITHHELD = "<token withheld>"
# /interactions/{id}/{token}/callback and /webhooks/{application id}/{token}[/messages/...]
_TOKEN_IN_URL = re.compile(r"(/(?:interactions|webhooks)/\d+/)[^/\s?]+")
# A Discord snowflake: 17-20 digits today (a user, a DM channel, a message, a guild...); also
# at the end of a sentence ("member ID: <id>. Discarding."), not inside a decimal or a word.
_SNOWFLAKE = re.compile(r"(?<![\w.])\d{17,20}(?!\w|\.\d)")
ID_WITHHELD = "{id}"


class WithholdInteractions(logging.Filter):
    """Rewrites DEBUG records of interaction events; lets every other record through unchanged."""

    def filter(self, record: logging.LogRecord) -> bool:
        args: Any = record.args
        if (
            isinstance(record.msg, str)
            and "WebSocket Event" in record.msg
            and isinstance(args, tuple)
            and len(args) == 2
            and _is_interaction(args[1])
        ):
            record.args = (args[0], WITHHELD)
        return True


class DropRestBodies(logging.Filter):
    """Drops discord.http's request/response DEBUG records (they hold message bodies)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.levelno <= logging.DEBUG and record.msg in _HTTP_BODY_MESSAGES)


class DropStatementParameters(logging.Filter):
    """Drops aiosqlite's DEBUG records (each names a call with its parameters)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


def scrub(text: str) -> str:
    """A log line without interaction tokens or Discord ids."""
    text = _without_token(text)
    return _SNOWFLAKE.sub(ID_WITHHELD, text)


class ScrubbedRecord(logging.LogRecord):
    """A record whose message is scrubbed when formatted; filters still see the library's own
    format string and arguments (so the ones above still recognise what to drop)."""

    def getMessage(self) -> str:  # noqa: N802 (logging's name)
        return scrub(super().getMessage())

    # A formatter writes the traceback of log.exception into exc_text (and the stack into
    # stack_info): an exception's message can hold an id too ("user <id> volunteered twice").
    @property
    def exc_text(self) -> str | None:
        text = self.__dict__.get("exc_text")
        return None if text is None else scrub(text)

    @exc_text.setter
    def exc_text(self, value: str | None) -> None:
        self.__dict__["exc_text"] = value

    @property
    def stack_info(self) -> str | None:
        text = self.__dict__.get("stack_info")
        return None if text is None else scrub(text)

    @stack_info.setter
    def stack_info(self, value: str | None) -> None:
        self.__dict__["stack_info"] = value


_unattributed: ContextVar[bool] = ContextVar("unattributed", default=False)
_held: Counter[tuple[int, str]] = Counter()
_SECONDS = re.compile(r"\d+\.\d+")  # a rate limit's wait: a count each, not a line each
# The loggers a member's private path writes to: discord.py's requests (rate limits), the
# deletion of kept messages, and the capabilities with anonymous things.
# And the error handler: an act that failed inside is reported after it has left (see below).
HELD_LOGGERS = ("discord.http", "bot.to_delete", "cogs.draft", "cogs.feedback", "bot.errors")
_RAISED_INSIDE = "_balint_raised_unattributed"


@contextlib.contextmanager
def unattributed() -> Iterator[None]:
    """Inside (this task and the tasks it starts), the `HELD_LOGGERS` write nothing now: what
    they would say (INFO and above) is counted for `report_held`, DEBUG dropped.

    An exception raised inside is marked as it leaves, so the handler that logs it outside (an
    interaction's error handler, when the act failed) holds that line too (`raised_inside`)."""
    token = _unattributed.set(True)
    try:
        yield
    except Exception as error:
        with contextlib.suppress(AttributeError):  # an exception type with __slots__
            setattr(error, _RAISED_INSIDE, True)
        raise
    finally:
        _unattributed.reset(token)


def raised_inside(error: BaseException) -> bool:
    """Whether this exception left an `unattributed()` block: its log line is held too."""
    return bool(getattr(error, _RAISED_INSIDE, False))


class HoldUnattributed(logging.Filter):
    """Holds the records made inside `unattributed()` (see the module's docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _unattributed.get():
            return True
        if record.levelno >= logging.INFO:
            text = _SECONDS.sub("N", scrub(record.getMessage()))
            _held[(record.levelno, f"{record.name}: {text}")] += 1
        return False


def report_held(log: logging.Logger) -> int:
    """Write what `unattributed()` held since the last report, counted, one line per level,
    with no time but now's and no one; how many lines were held."""
    if not _held:
        return 0
    held = sorted(_held.items())
    _held.clear()
    for level in sorted({level for (level, _), _ in held}):
        lines = [(text, n) for (lvl, text), n in held if lvl == level]
        log.log(
            level,
            "since the last hour, %d log lines were held back from members' private actions "
            "(written then, their time would tell whose): %s",
            sum(n for _, n in lines),
            "; ".join(f"{n}x {text}" for text, n in lines),
        )
    return sum(n for _, n in held)


def _scrubbing_factory(previous: Any) -> Any:
    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record: logging.LogRecord = previous(*args, **kwargs)
        if type(record) is logging.LogRecord:
            record.__class__ = ScrubbedRecord
        return record

    factory.scrubs_ids = True  # type: ignore[attr-defined]
    return factory


def _without_token(value: Any) -> Any:
    text = str(value)
    if "/interactions/" not in text and "/webhooks/" not in text:
        return value
    return _TOKEN_IN_URL.sub(lambda m: m.group(1) + TOKEN_WITHHELD, text)


def _is_interaction(payload: Any) -> bool:
    if isinstance(payload, dict):
        return payload.get("t") == "INTERACTION_CREATE"
    return "INTERACTION_CREATE" in str(payload)


_HOLD = HoldUnattributed()
_FILTERS: tuple[tuple[str, logging.Filter], ...] = (
    ("discord.gateway", WithholdInteractions()),
    ("discord.http", DropRestBodies()),
    ("aiosqlite", DropStatementParameters()),
)


def install() -> None:
    """Add the filters to the libraries' loggers and the id scrubber to every record
    (idempotent)."""
    current = logging.getLogRecordFactory()
    if not getattr(current, "scrubs_ids", False):
        logging.setLogRecordFactory(_scrubbing_factory(current))
    for name, flt in _FILTERS:
        logger = logging.getLogger(name)
        if flt not in logger.filters:
            logger.addFilter(flt)
    for name in HELD_LOGGERS:
        logger = logging.getLogger(name)
        if _HOLD not in logger.filters:
            logger.addFilter(_HOLD)

"""`balint-bot sandbox --interactive`: type as the demo people, one line at a time.

Each line goes through the emulator exactly as the Discord client would send it: an option typed as
text becomes the value of its type (a number, True/False, a member, a role, a channel, a choice, an
autocomplete pick), a button is pressed on whichever message the person can see, a form asks for
its fields in turn. Works the same from a terminal or from a script on stdin.
"""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.emulator._members import OPTION_TYPES, EmulatorError, SimMember
from bot.emulator._model import VIEW_CHANNEL, iter_components

Reader = Callable[[str], Awaitable[str | None]]

HELP = """Type as one of the people (`who` lists them), one line at a time:
  alice: /group show                    a slash command
  alice: /schedule show count:4         options as name:value; spaces need no quotes:
  erin: /absence date:next reason:On call
  dr-okafor: /presenter set member:alice session:2026-09-10
  alice: click I have a case in mind    press a button on any message alice can see
                                        (channels, leaders' channel for leaders, DMs, private
                                        replies); the newest such button if there are several
  alice: select Q1: 4                   pick in a menu (its placeholder or a word of it), then values
  alice in dm: /privacy                 type in her DM with the bot (or `in #balint-leaders`)
  wait 3d   wait 1w 2h   wait 90m       move time; every post goes out at its own time on the way
  wait until 2026-09-10 09:05           (the group's local time, Europe/London)
  commands                              every command, its options and their kinds
  who   help   quit
A form (e.g. `alice: /draft new`) asks for each field in turn (Enter keeps what is shown, `cancel`
or a line that is a command closes it unsent); or answer the first field with every field at once:
  theme=A patient who makes me feel useless | body=She says nothing helps. | first_name=Sam
Files the bot attaches are saved in the output folder (named at the end)."""

LINE = re.compile(r"^(?P<name>[\w.-]+)(?:\s+in\s+(?P<where>#?[\w-]+))?\s*:\s*(?P<rest>.*)$")
UNITS = {"w": 7 * 24 * 60, "d": 24 * 60, "h": 60, "m": 1}
TRUE = {"true", "yes", "y", "on", "1"}
FALSE = {"false", "no", "n", "off", "0"}


class Typo(Exception):
    """Something the person typed that the sandbox cannot send: said plainly, nothing sent."""


class NotAnAnswer(Exception):
    """A line typed while a form waits that is a command of its own (`alice: /rota me`, `wait
    1d`): in a script whose form line was forgotten it once became the form's text, and the
    command was lost. The form closes unsent and the line is played as typed."""

    def __init__(self, line: str) -> None:
        super().__init__(line)
        self.line = line


async def interactive_loop(demo: Any) -> None:
    print(HELP)
    loop = asyncio.get_running_loop()

    async def read(prompt: str) -> str | None:
        return await loop.run_in_executor(None, _read_line, prompt)

    pending: str | None = None
    while True:
        line, pending = (pending, None) if pending is not None else (await read("> "), None)
        if line is None or line.strip() in {"quit", "exit"}:
            return
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            await interpret(demo, line, read)
        except NotAnAnswer as exc:
            print(
                "  (form closed without sending: that line is a command, not an answer; "
                "played below)"
            )
            pending = exc.line
        except Typo as exc:
            print(f"  ! {exc}")
        except EmulatorError as exc:  # what Discord would refuse: the sandbox goes on
            print(f"  ! Discord would refuse this: {exc}")
        except Exception as exc:  # a sandbox gap must not end the session either
            print(f"  ! the sandbox could not do that ({type(exc).__name__}: {exc})")


def _read_line(prompt: str) -> str | None:
    try:
        line = input(prompt)
    except EOFError:
        return None
    if not sys.stdin.isatty():  # a script: show what was "typed", as a terminal would
        print(line, flush=True)
    return line


def people(demo: Any) -> dict[str, SimMember]:
    return {p.name: p for p in demo.people()}


async def interpret(demo: Any, line: str, read: Reader) -> None:
    if line in {"help", "?"}:
        print(HELP)
        return
    if line == "who":
        w = demo.world
        print("  leaders: " + ", ".join(p.name for p in (w.leader, w.coleader)))
        print("  trainees: " + ", ".join(p.name for p in w.trainees))
        print(f"  also: {w.admin.name} (manages the server), {w.outsider.name} (not in the group)")
        return
    if line == "commands":
        print(commands_help(demo))
        return
    if line == "wait" or line.startswith("wait "):
        await wait(demo, line[4:].strip())
        return
    match = LINE.match(line)
    if match is None:
        raise Typo("start with a name and a colon, e.g. `alice: /group show`; type `help`")
    who = people(demo).get(match["name"])
    if who is None:
        raise Typo(f"nobody called {match['name']!r}; type `who`")
    rest = match["rest"].strip()
    channel = where(demo, who, match["where"])
    result: Any
    if rest.startswith("/"):
        path, typed = parse_slash(demo, who, rest[1:])
        options = await convert_options(demo, who, path, typed, channel)
        demo.say(who, rest)
        result = await who.slash(path, in_channel=channel, **options)
    elif rest.lower().startswith("click "):
        label = rest[6:].strip()
        message, comp = find_component(demo, who, label, (2,))
        demo.say(who, f"presses “{comp.get('label') or label}”")
        result = await who.click(comp["custom_id"], message)
    elif rest.lower().startswith("select "):
        label, _, values = rest[7:].partition(":")
        message, comp = find_component(demo, who, label.strip(), (3, 5, 6, 7, 8))
        picked = [pick(comp, v.strip()) for v in values.split(",") if v.strip()]
        demo.say(who, f"picks {', '.join(picked)} in “{comp.get('placeholder') or label}”")
        result = await who.select(comp["custom_id"], picked, message)
    else:
        raise Typo("after the name: /command, click LABEL or select MENU: VALUE; type `help`")
    await demo.clock.settle()  # what follows a reply (a DM to an anonymous author) is news too
    demo.show(who, result)
    while getattr(result, "response_type", None) == 9 and result.modal:
        result = await fill_form(demo, who, result, read)
        if result is None:
            return
        await demo.clock.settle()
        demo.show(who, result)


def pick(menu: dict[str, Any], typed: str) -> Any:
    """A menu option by its value, its label, or the end or a unique part of its label."""
    options = menu.get("options") or []
    if not options:
        return typed  # a member, role or channel menu: the emulator resolves names
    low = typed.lower()
    for test in (
        lambda o: low in {str(o["value"]).lower(), o["label"].lower()},
        lambda o: o["label"].lower().endswith(": " + low),
        lambda o: low in o["label"].lower(),
    ):
        hits = [o for o in options if test(o)]
        if len(hits) == 1:
            return hits[0]["value"]
    labels = " / ".join(o["label"] for o in options)
    raise Typo(f"“{menu.get('placeholder')}” has no single option {typed!r}: {labels}")


def where(demo: Any, who: SimMember, name: str | None) -> Any:
    if name is None:
        return demo.world.channel
    if name.lower() in {"dm", "dms"}:
        return who.dm_channel
    for channel in demo.world.guild.text_channels:
        if channel.name == name.lstrip("#"):
            return channel
    names = ", ".join("#" + c.name for c in demo.world.guild.text_channels)
    raise Typo(f"no channel {name!r}: say `in dm` or one of {names}")


# -- waiting ---------------------------------------------------------------------------------------
async def wait(demo: Any, text: str) -> None:
    now = demo.clock.now()
    if text.startswith("until "):
        try:
            when = datetime.fromisoformat(text[6:].strip()).replace(tzinfo=demo.tz)
        except ValueError:
            raise Typo("write the time as `wait until 2026-09-10 09:05`") from None
        if when <= now:
            raise Typo(f"{demo.local(when)} has passed: time only goes forward")
    else:
        parts = re.findall(r"(\d+(?:\.\d+)?)\s*([wdhm])\w*", text.lower())
        leftover = re.sub(r"(\d+(?:\.\d+)?)\s*([wdhm])\w*", "", text.lower()).strip()
        if not parts or leftover:
            raise Typo("say how long: `wait 3d`, `wait 1w 2h`, `wait 90m`, `wait until ...`")
        when = now + timedelta(minutes=sum(float(n) * UNITS[u] for n, u in parts))
    demo.heading(f"Time passes: {demo.local(now)} → {demo.local(when)}", at=now, stamp=False)
    await demo.clock.move_to(when)
    demo.news()


# -- slash commands ----------------------------------------------------------------------------
def _commands(demo: Any) -> dict[str, dict[str, Any]]:
    emu = demo.emulator
    found = {**emu.global_commands, **demo.world.guild.commands}
    return {c["name"]: c for c in found.values() if c.get("type", 1) == 1}


def parse_slash(demo: Any, who: SimMember, text: str) -> tuple[str, dict[str, str]]:
    """`/schedule show count:4` → ("schedule show", {"count": "4"}); values may hold spaces."""
    words = text.split()
    commands = _commands(demo)
    if not words or words[0] not in commands:
        raise Typo(f"no command /{words[0] if words else ''}; type `commands`")
    command = commands[words[0]]
    path = [words[0]]
    defs = command.get("options") or []
    for word in words[1:]:
        sub = next((o for o in defs if o.get("type") in (1, 2) and o["name"] == word), None)
        if sub is None:
            break
        path.append(word)
        defs = sub.get("options") or []
    subs = [o["name"] for o in defs if o.get("type") in (1, 2)]
    if subs:
        raise Typo(f"/{' '.join(path)} needs one of: {', '.join(subs)}")
    rest = text.split(None, len(path))[len(path)] if len(text.split()) > len(path) else ""
    names = [o["name"] for o in defs]
    if not names:
        if rest.strip():
            raise Typo(f"/{' '.join(path)} takes no options")
        return " ".join(path), {}
    pieces = re.split(r"(?:^|\s+)(" + "|".join(map(re.escape, names)) + r"):", rest)
    if pieces[0].strip():
        raise Typo(
            f"{pieces[0].strip()!r} is not an option of /{' '.join(path)}; "
            f"it has {', '.join(n + ':' for n in names)}"
        )
    options = {
        name: value.strip().strip("\"'")
        for name, value in zip(pieces[1::2], pieces[2::2], strict=True)
    }
    for value in options.values():
        stray = re.search(r"(?:^|\s)([a-z_]+):\S", value)
        if stray:
            raise Typo(
                f"/{' '.join(path)} has no option {stray[1]!r}; "
                f"it has {', '.join(n + ':' for n in names)}"
            )
    missing = [o["name"] for o in defs if o.get("required") and o["name"] not in options]
    if missing:
        raise Typo(
            f"/{' '.join(path)} needs {', '.join(n + ':' for n in missing)} "
            "(type `commands` to see each option)"
        )
    return " ".join(path), options


def leaf_options(demo: Any, path: str) -> list[dict[str, Any]]:
    words = path.split()
    defs = _commands(demo)[words[0]].get("options") or []
    for word in words[1:]:
        defs = next(o for o in defs if o["name"] == word).get("options") or []
    return defs


async def convert_options(
    demo: Any, who: SimMember, path: str, typed: dict[str, str], channel: Any
) -> dict[str, Any]:
    """Typed text to the values the Discord client would send for each option's type."""
    defs = {o["name"]: o for o in leaf_options(demo, path)}
    values: dict[str, Any] = {}
    later = []
    for name, text in typed.items():
        opt = defs[name]
        if opt.get("autocomplete"):
            later.append(name)
        else:
            values[name] = convert(demo, path, opt, text)
    for name in later:  # the client asks the bot for choices with what is typed so far
        values[name] = await autocomplete(demo, who, path, defs[name], typed[name], values, channel)
    return values


def convert(demo: Any, path: str, opt: dict[str, Any], text: str) -> Any:
    kind = opt["type"]
    name = opt["name"]
    example = f"/{path} {name}:"
    choices = opt.get("choices")
    if choices:
        for c in choices:
            if text.lower() in {str(c["value"]).lower(), c["name"].lower()}:
                return c["value"]
        listed = ", ".join(c["name"] for c in choices)
        raise Typo(f"{name}: {text!r} is not a choice; pick one of: {listed}")
    if kind == 3:
        return text
    if kind == 4:
        try:
            return int(text)
        except ValueError:
            raise Typo(f"{name} is a whole number, e.g. `{example}4`") from None
    if kind == 10:
        try:
            return float(text)
        except ValueError:
            raise Typo(f"{name} is a number, e.g. `{example}2.5`") from None
    if kind == 5:
        if text.lower() in TRUE:
            return True
        if text.lower() in FALSE:
            return False
        raise Typo(f"{name} is True or False, e.g. `{example}True`")
    guild = demo.world.guild
    bare = text.lstrip("@#")
    if kind in (6, 9):
        person = people(demo).get(bare)
        if person is not None:
            return person
    if kind in (8, 9):
        role = next((r for r in guild.roles.values() if r.name.lower() == bare.lower()), None)
        if role is not None:
            return role
    if kind == 7:
        chan = next((c for c in guild.channels.values() if c.name == bare), None)
        if chan is not None:
            return chan
    if kind == 11:
        path_ = Path(text).expanduser()
        if not path_.is_file():
            raise Typo(f"{name} is a file to attach: no file {text!r}")
        return (path_.name, path_.read_bytes())
    what = {6: "a person (`who`)", 7: "a channel", 8: "a role", 9: "a person or a role"}
    raise Typo(f"{name} is {what.get(kind, OPTION_TYPES.get(kind))}: no {text!r} here")


async def autocomplete(
    demo: Any,
    who: SimMember,
    path: str,
    opt: dict[str, Any],
    text: str,
    values: dict[str, Any],
    channel: Any,
) -> Any:
    """Pick among the choices the bot offers for what was typed, as a person would."""
    try:
        filled: dict[str, Any] = {**values, opt["name"]: text}
        offered = await who.autocomplete(path, opt["name"], in_channel=channel, **filled)
    except Exception:
        offered = []
    low = text.lower()
    exact = [c for c in offered if low in {str(c["value"]).lower(), c["name"].lower()}]
    if exact:
        return exact[0]["value"]
    for hits in (
        [c for c in offered if c["name"].lower().startswith(low)],
        [c for c in offered if low in c["name"].lower()],
    ):
        if len(hits) == 1:
            return hits[0]["value"]
    if opt["type"] == 3:
        return text  # free text is allowed where the bot only suggests
    return convert(demo, path, {**opt, "autocomplete": False}, text)


def commands_help(demo: Any) -> str:
    lines = ["Commands (options: name:kind; * = required):"]
    for name, command in sorted(_commands(demo).items()):
        for path, defs, desc in _leaves(name, command):
            shown = []
            for o in defs:
                kind = OPTION_TYPES.get(o["type"], "?").lower().replace("_", " ")
                if o.get("choices"):
                    kind = _choices(o["choices"])
                elif o.get("autocomplete"):
                    kind += ", suggested"
                shown.append(f"{o['name']}{'*' if o.get('required') else ''}:{kind}")
            lines.append(f"  /{path} {' '.join(shown)}".rstrip() + f"   {desc}")
    return "\n".join(lines)


def _choices(choices: list[dict[str, Any]], most: int = 12) -> str:
    """Every choice (the first six alone left out Sunday: a Sunday group read as impossible);
    past `most`, how many more."""
    names = [c["name"] for c in choices]
    more = f"|…({len(names) - most} more)" if len(names) > most else ""
    return "|".join(names[:most]) + more


def _leaves(path: str, command: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]], str]]:
    defs = command.get("options") or []
    subs = [o for o in defs if o.get("type") in (1, 2)]
    if not subs:
        return [(path, defs, command.get("description", ""))]
    out = []
    for sub in subs:
        out.extend(_leaves(f"{path} {sub['name']}", sub))
    return out


# -- components --------------------------------------------------------------------------------
def visible_messages(demo: Any, who: SimMember) -> list[Any]:
    """Everything this person can see: channels they may view, their DMs, replies to them."""
    out: list[Any] = []
    for channel in demo.world.guild.text_channels:
        if channel.permissions_for(who.member) & VIEW_CHANNEL:
            out.extend(m for m in channel.messages if m.visible_to(who.id))
    out.extend(m for m in who.dm_channel.messages if not m.deleted)
    out.sort(key=lambda m: m.id, reverse=True)
    return out


def find_component(
    demo: Any, who: SimMember, label: str, kinds: tuple[int, ...]
) -> tuple[Any, dict[str, Any]]:
    """The newest visible component with this label, placeholder, custom_id (or a word of it)."""
    low = label.lower().strip("“”\"'")
    messages = visible_messages(demo, who)
    for exact in (True, False):
        for message in messages:
            for comp in iter_components(message.components):
                if comp.get("type") not in kinds or not comp.get("custom_id"):
                    continue
                names = [
                    str(n).lower()
                    for n in (
                        comp.get("label"),
                        comp.get("placeholder"),
                        comp.get("custom_id"),
                        (comp.get("emoji") or {}).get("name"),
                    )
                    if n
                ]
                if (low in names) if exact else any(low in n for n in names):
                    return message, comp
    thing = "button" if kinds == (2,) else "menu"
    raise Typo(f"{who.name} sees no {thing} {label!r} on any message they can see")


# -- forms -------------------------------------------------------------------------------------
def modal_fields(modal: dict[str, Any]) -> list[dict[str, Any]]:
    """A modal's inputs as (custom_id, label, required, value, kind, options) dicts, in order."""
    out: list[dict[str, Any]] = []
    for top in modal.get("components", []):
        if top.get("type") == 18:  # a label wrapping one component
            inners = [(top.get("component") or {}, top.get("label"))]
        else:
            inners = [(c, c.get("label")) for c in top.get("components", [])]
        for comp, label in inners:
            if comp.get("type") not in (3, 4, 5, 6, 7, 8):
                continue
            out.append(
                {
                    "custom_id": comp.get("custom_id"),
                    "label": label or comp.get("placeholder") or comp.get("custom_id"),
                    "required": comp.get("required", True),
                    "value": comp.get("value") or "",
                    "type": comp.get("type"),
                    "options": [o.get("label") for o in comp.get("options", [])],
                    "values": {o["label"].lower(): o["value"] for o in comp.get("options", [])},
                    "paragraph": comp.get("style") == 2,
                }
            )
    return out


async def fill_form(demo: Any, who: SimMember, opened: Any, read: Reader) -> Any | None:
    """Ask for each field of the form the bot opened (or all at once), then submit it."""
    fields = modal_fields(opened.modal)
    keys = {f["custom_id"]: f for f in fields}
    answers: dict[str, Any] = {}
    print(
        f"  form “{opened.modal.get('title')}”: "
        + " | ".join(f"{f['custom_id']}=…" for f in fields)
    )
    for i, field in enumerate(fields):
        optional = not field["required"] and "optional" not in field["label"].lower()
        hint = " (optional)" if optional else ""
        if field["options"]:
            hint += " [" + " / ".join(field["options"]) + "]"
        if field["value"]:
            hint += f" [now: {field['value']}]"
        line = await read(f"  {field['label']}{hint}> ")
        while line is not None and not line.strip() and field["required"] and not field["value"]:
            line = await read(f"  {field['label']} is required (or `cancel`)> ")
        if line is None or line.strip().lower() == "cancel":
            print("  (form closed without sending)")
            return None
        if is_command(demo, line):
            raise NotAnAnswer(line)
        if i == 0 and re.match(r"^\s*([\w:.-]+)\s*=", line) and line.split("=")[0].strip() in keys:
            answers = {}
            for part in line.split("|"):
                key, _, value = part.partition("=")
                if key.strip() not in keys:
                    raise Typo(f"the form has no field {key.strip()!r}; it has {', '.join(keys)}")
                answers[key.strip()] = _field_value(keys[key.strip()], value.strip())
            break
        if line.strip():
            answers[field["custom_id"]] = _field_value(field, line.strip())
    shown = " | ".join(f"{k}={v}" for k, v in answers.items())
    demo.say(who, f"fills in the form: {shown}")
    return await who.submit_modal(answers, opened)


def is_command(demo: Any, line: str) -> bool:
    """A line that is a command of the console: someone's /command, click or select, or a wait."""
    text = line.strip()
    if re.match(r"^wait(\s+until\s+\d|\s+\d)", text):
        return True
    match = LINE.match(text)
    return (
        match is not None
        and match["name"] in people(demo)
        and re.match(r"^(/\w|click\s|select\s)", match["rest"].strip(), re.IGNORECASE) is not None
    )


def _field_value(field: dict[str, Any], text: str) -> Any:
    if field["type"] == 4:
        return text.replace("\\n", "\n")
    picked = [v.strip() for v in text.split(",") if v.strip()]
    return [field["values"].get(v.lower(), v) for v in picked]

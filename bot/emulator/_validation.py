"""Request validation: Discord's OpenAPI description plus the limits Discord enforces at runtime.

The OpenAPI check catches malformed bodies (wrong types, unknown enum values); the limit checks
catch what the description does not encode (2000-character content, 6000-character embeds,
5 buttons a row). Both run on every bot request so a bug fails a test instead of production.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import referencing
import referencing.jsonschema

from bot.emulator._model import iter_components

SPEC_PATH = Path(__file__).with_name("openapi.json")
_VERDICTS_KEPT = 512  # bodies whose verdict is remembered (the oldest forgotten first)
_SPEC_URI = "urn:discord-openapi"


class ApiError(Exception):
    """An error answer: HTTP status plus Discord's JSON error code, message and field errors."""

    def __init__(
        self, status: int, code: int, message: str, errors: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            data["errors"] = self.errors
        return data


def _absolutise(node: Any) -> Any:
    """Rewrite local ``#/...`` refs to the spec's URN so any sub-schema validates on its own."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "$ref" and isinstance(v, str) and v.startswith("#"):
                out[k] = _SPEC_URI + v
            else:
                out[k] = _absolutise(v)
        return out
    if isinstance(node, list):
        return [_absolutise(v) for v in node]
    return node


_BRANCHES_KEPT = 8192  # (choice, part of a body) verdicts remembered by the quick pass
_branches: dict[tuple[int, str], tuple[list[Any], int]] = {}


def _valid_branches(
    validator: jsonschema.Validator, choices: list[Any], instance: Any, enough: int
) -> int:
    """How many of a oneOf's or anyOf's branches the instance fits (counted up to `enough`),
    each tried only until its first error. Remembered per choice and part: the same button row
    or embed comes back in message after message. A choice is named by its id(), and kept
    alive by its entry so that no other list takes that id meanwhile."""
    key = (id(choices), json.dumps(instance, sort_keys=True))
    known = _branches.get(key)
    if known is not None:
        return known[1]
    valid = 0
    for i, sub in enumerate(choices):
        if next(validator.descend(instance, sub, schema_path=i), None) is None:
            valid += 1
            if valid >= enough:
                break
    if len(_branches) >= _BRANCHES_KEPT:
        _branches.clear()
    _branches[key] = (choices, valid)
    return valid


def _any_of(
    validator: jsonschema.Validator, any_of: list[Any], instance: Any, schema: Any
) -> Iterator[jsonschema.ValidationError]:
    """anyOf's verdict, each branch tried only until its first error."""
    if _valid_branches(validator, any_of, instance, 1) < 1:
        yield jsonschema.ValidationError("not valid under any of the given schemas")


def _one_of(
    validator: jsonschema.Validator, one_of: list[Any], instance: Any, schema: Any
) -> Iterator[jsonschema.ValidationError]:
    """oneOf's verdict (exactly one branch valid), each branch tried only until its first
    error."""
    if _valid_branches(validator, one_of, instance, 2) != 1:
        yield jsonschema.ValidationError("not valid under exactly one of the given schemas")


class OpenApiValidator:
    """Validates request bodies against bot/emulator/openapi.json, one compiled validator per route."""

    _lock = threading.Lock()
    _shared: OpenApiValidator | None = None

    def __init__(self, spec_path: Path = SPEC_PATH) -> None:
        spec = _absolutise(json.loads(spec_path.read_text(encoding="utf-8")))
        # Discord accepts snowflakes as JSON numbers too (discord.py sends some as ints).
        spec["components"]["schemas"]["SnowflakeType"] = {
            "anyOf": [
                {"type": "string", "pattern": "^(0|[1-9][0-9]*)$"},
                {"type": "integer", "minimum": 0},
            ]
        }
        self.spec = spec
        resource = referencing.Resource.from_contents(
            spec, default_specification=referencing.jsonschema.DRAFT202012
        )
        self.registry = referencing.Registry().with_resource(_SPEC_URI, resource)
        self._validators: dict[tuple[str, str], tuple[jsonschema.Validator, Any] | None] = {}
        self._verdicts: OrderedDict[tuple[str, str, str], list[str]] = OrderedDict()

    @classmethod
    def shared(cls) -> OpenApiValidator:
        """One parsed spec per process: loading it takes ~100 ms."""
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    def _validator(
        self, method: str, path_template: str
    ) -> tuple[jsonschema.Validator, Any] | None:
        """The route's validator, and a quick one for the verdict alone: jsonschema's oneOf and
        anyOf collect every error of every branch (for the message), and Discord's components and
        interaction answers nest oneOfs, so a valid answer cost ~20 ms; the quick one stops each
        branch at its first error. Only a body it refuses is checked again, for the message."""
        key = (method, path_template)
        if key in self._validators:
            return self._validators[key]
        op = self.spec["paths"].get(path_template, {}).get(method.lower())
        validator = None
        if op is not None:
            body = op.get("requestBody")
            if body is not None:
                content: dict[str, Any] = body.get("content", {})
                media: dict[str, Any] = content.get("application/json") or next(
                    iter(content.values()), {}
                )
                schema = media.get("schema")
                if schema is not None:
                    cls = jsonschema.validators.validator_for(
                        schema, jsonschema.Draft202012Validator
                    )
                    quick = jsonschema.validators.extend(cls, {"anyOf": _any_of, "oneOf": _one_of})
                    validator = (
                        cls(schema, registry=self.registry),
                        quick(schema, registry=self.registry),
                    )
        self._validators[key] = validator
        return validator

    def validate(self, method: str, path_template: str, body: Any) -> list[str]:
        """Return readable problems (empty when the body conforms or the route has no body).

        The verdict is a function of the route and the body's JSON alone, so it is remembered:
        every bot start PUTs the same command list, whose check costs ~0.3 s of jsonschema."""
        validators = self._validator(method, path_template)
        if validators is None or body is None:
            return []
        validator, quick = validators
        key = (method, path_template, json.dumps(body, sort_keys=True))
        with self._lock:
            known = self._verdicts.get(key)
            if known is not None:
                self._verdicts.move_to_end(key)
                return list(known)
        errors = [] if quick.is_valid(body) else self._problems(validator, body)
        with self._lock:
            self._verdicts[key] = errors
            if len(self._verdicts) > _VERDICTS_KEPT:
                self._verdicts.popitem(last=False)
        return list(errors)

    @staticmethod
    def _problems(validator: jsonschema.Validator, body: Any) -> list[str]:
        errors = []
        for err in validator.iter_errors(body):
            best = jsonschema.exceptions.best_match([err])
            where = "/".join(str(p) for p in best.absolute_path) or "<body>"
            errors.append(f"{where}: {best.message[:300]}")
            if len(errors) >= 5:
                break
        return errors


# --- Discord's runtime limits ---------------------------------------------------------------


class _Errors:
    """Collects field errors in Discord's nested ``errors`` shape."""

    def __init__(self) -> None:
        self.tree: dict[str, Any] = {}
        self.reasons: list[str] = []

    def add(self, path: list[str | int], code: str, message: str) -> None:
        node = self.tree
        for part in path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})
        self.reasons.append(f"{'.'.join(str(p) for p in path)}: {message}")

    def max_len(self, path: list[str | int], value: Any, limit: int) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def raise_if_any(self) -> None:
        if self.reasons:
            raise ApiError(
                400, 50035, "Invalid Form Body: " + "; ".join(self.reasons), errors=self.tree
            )


EMBED_LIMITS = {"title": 256, "description": 4096}


def _check_embeds(errs: _Errors, embeds: list[dict[str, Any]]) -> None:
    """resources/message.mdx, Embed Limits: "Leading and trailing whitespace characters are not
    included (they are trimmed automatically)": every limit, the 6,000 in all and a field's
    required name and value are measured on trimmed text."""
    if len(embeds) > 10:
        errs.add(["embeds"], "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    total = 0
    for i, embed in enumerate(embeds):
        if not isinstance(embed, dict):
            continue
        for key, limit in EMBED_LIMITS.items():
            text = _trimmed(embed.get(key))
            errs.max_len(["embeds", i, key], text, limit)
            total += len(text)
        fields = embed.get("fields") or []
        if len(fields) > 25:
            errs.add(
                ["embeds", i, "fields"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."
            )
        for j, field in enumerate(fields):
            name, value = _trimmed(field.get("name")), _trimmed(field.get("value"))
            if not name or not value:
                errs.add(
                    ["embeds", i, "fields", j],
                    "BASE_TYPE_REQUIRED",
                    "Field name and value are required.",
                )
            errs.max_len(["embeds", i, "fields", j, "name"], name, 256)
            errs.max_len(["embeds", i, "fields", j, "value"], value, 1024)
            total += len(name) + len(value)
        footer = _trimmed((embed.get("footer") or {}).get("text"))
        errs.max_len(["embeds", i, "footer", "text"], footer, 2048)
        author = _trimmed((embed.get("author") or {}).get("name"))
        errs.max_len(["embeds", i, "author", "name"], author, 256)
        total += len(footer) + len(author)
    if total > 6000:
        errs.add(
            ["embeds"],
            "MAX_EMBED_SIZE_EXCEEDED",
            f"Embed size exceeds maximum size of 6000 ({total}).",
        )


def _trimmed(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _check_button_or_select(errs: _Errors, path: list[str | int], comp: dict[str, Any]) -> None:
    errs.max_len([*path, "custom_id"], comp.get("custom_id"), 100)
    ctype = comp.get("type")
    if ctype == 2:
        errs.max_len([*path, "label"], comp.get("label"), 80)
        style = comp.get("style")
        if style == 5:
            if not comp.get("url") or comp.get("custom_id"):
                errs.add(path, "COMPONENT_INVALID", "Link buttons need a url and no custom_id.")
        elif style != 6 and not comp.get("custom_id"):
            errs.add(path, "BASE_TYPE_REQUIRED", "Non-link buttons need a custom_id.")
        if not comp.get("label") and not comp.get("emoji") and style != 6:
            errs.add(path, "COMPONENT_INVALID", "A button needs a label or an emoji.")
    elif ctype in (3, 5, 6, 7, 8):
        errs.max_len([*path, "placeholder"], comp.get("placeholder"), 150)
        options = comp.get("options") or []
        if ctype == 3 and not 1 <= len(options) <= 25:
            errs.add(
                [*path, "options"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 25 in length."
            )
        for k, opt in enumerate(options):
            errs.max_len([*path, "options", k, "label"], opt.get("label"), 100)
            errs.max_len([*path, "options", k, "value"], opt.get("value"), 100)
            errs.max_len([*path, "options", k, "description"], opt.get("description"), 100)
        lo, hi = comp.get("min_values", 1), comp.get("max_values", 1)
        if not (0 <= lo <= 25 and 1 <= hi <= 25 and lo <= hi) or (ctype == 3 and hi > len(options)):
            errs.add(path, "COMPONENT_INVALID", "min_values/max_values out of range.")


def _check_components(errs: _Errors, components: list[dict[str, Any]], flags: int) -> None:
    if flags & (1 << 15):  # components v2: check ids and the 40-component total only
        total = 0
        for comp in iter_components(components):
            total += 1
            if comp.get("type") in (2, 3, 5, 6, 7, 8):
                _check_button_or_select(errs, ["components"], comp)
        if total > 40:
            errs.add(
                ["components"], "BASE_TYPE_MAX_LENGTH", "Must be 40 or fewer components in total."
            )
        return
    if len(components) > 5:
        errs.add(["components"], "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.")
    seen: set[str] = set()
    for i, row in enumerate(components):
        if row.get("type") != 1:
            errs.add(
                ["components", i],
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "Top-level components must be action rows.",
            )
            continue
        children = row.get("components") or []
        if not children:
            errs.add(
                ["components", i, "components"],
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 5 in length.",
            )
        buttons = [c for c in children if c.get("type") == 2]
        selects = [c for c in children if c.get("type") in (3, 5, 6, 7, 8)]
        if len(buttons) > 5:
            errs.add(
                ["components", i, "components"],
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 5 in length.",
            )
        if selects and len(children) > 1:
            errs.add(
                ["components", i],
                "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                "A select menu must be alone in its row.",
            )
        for j, comp in enumerate(children):
            _check_button_or_select(errs, ["components", i, "components", j], comp)
            cid = comp.get("custom_id")
            if cid:
                if cid in seen:
                    errs.add(
                        ["components", i, "components", j, "custom_id"],
                        "COMPONENT_CUSTOM_ID_DUPLICATED",
                        "Component custom id cannot be duplicated",
                    )
                seen.add(cid)


def check_message(payload: dict[str, Any], *, n_files: int = 0, creating: bool = True) -> None:
    """Raise ApiError(400, 50035 or 50006) for a message body Discord would refuse."""
    errs = _Errors()
    content = payload.get("content")
    errs.max_len(["content"], content, 2000)
    embeds = payload.get("embeds") or []
    _check_embeds(errs, embeds)
    flags = payload.get("flags") or 0
    components = payload.get("components") or []
    _check_components(errs, components, flags)
    if flags & (1 << 15) and (content or embeds):
        errs.add(
            ["content"],
            "MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2",
            "The 'content' and 'embeds' fields cannot be used with the components v2 flag.",
        )
    errs.raise_if_any()
    if creating and not (
        content
        or embeds
        or components
        or n_files
        or payload.get("sticker_ids")
        or payload.get("poll")
    ):
        raise ApiError(400, 50006, "Cannot send an empty message")


def check_modal(data: dict[str, Any]) -> None:
    """Raise ApiError for a modal Discord would refuse (title 45, 1-5 inputs, label 45)."""
    errs = _Errors()
    errs.max_len(["data", "title"], data.get("title"), 45)
    errs.max_len(["data", "custom_id"], data.get("custom_id"), 100)
    comps = data.get("components") or []
    if not 1 <= len(comps) <= 5:
        errs.add(
            ["data", "components"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."
        )
    for i, top in enumerate(comps):
        path: list[str | int] = ["data", "components", i]
        if top.get("type") == 18:
            errs.max_len([*path, "label"], top.get("label"), 45)
            errs.max_len([*path, "description"], top.get("description"), 100)
        for comp in iter_components([top]):
            if comp.get("type") == 4:
                errs.max_len([*path, "label"], comp.get("label"), 45)
                errs.max_len([*path, "custom_id"], comp.get("custom_id"), 100)
                errs.max_len([*path, "placeholder"], comp.get("placeholder"), 100)
                errs.max_len([*path, "value"], comp.get("value"), 4000)
                if (comp.get("max_length") or 0) > 4000:
                    errs.add(
                        [*path, "max_length"],
                        "NUMBER_TYPE_MAX",
                        "int value should be less than or equal to 4000.",
                    )
    errs.raise_if_any()

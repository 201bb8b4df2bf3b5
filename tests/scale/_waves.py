"""What a wave of scheduled posts left in the emulator, for the scale tests."""

from __future__ import annotations

from bot.emulator.emulator import Channel, Emulator, RequestRecord


def posts(emu: Emulator, needle: str) -> list[RequestRecord]:
    """The bot's accepted channel posts containing `needle` (each request once)."""
    return [
        r
        for r in emu.requests
        if r.method == "POST"
        and r.route == "/channels/{channel_id}/messages"
        and r.status == 200
        and needle in ((r.body or {}).get("content") or "")
    ]


def channel(emu: Emulator, channel_id: int) -> Channel:
    """A channel the test made (the emulator answers None only for an unknown id)."""
    found = emu.channel(channel_id)
    assert found is not None, channel_id
    return found


def channel_of(request: RequestRecord) -> int:
    """The channel a POST /channels/{channel_id}/messages went to."""
    return int(request.path.split("/channels/")[1].split("/")[0])


async def until_posted(emu: Emulator, needle: str, count: int, timeout: float = 60) -> None:  # noqa: ASYNC109
    """Wait (on the emulator's message events) until `count` channels have the post."""

    def counted() -> int:
        return sum(
            1
            for msg in emu.all_messages()
            if needle in (msg.content or "") and msg.author.id == emu.bot_user_id
        )

    while counted() < count:  # no await between counting and waiting: nothing slips by
        await emu.wait_for_message(lambda m: needle in (m.content or ""), timeout=timeout)

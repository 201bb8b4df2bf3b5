"""Reports: `/report year`, the year at a glance for the leaders (attendance heatmap, presentations,
drift-away runs, the trend of released feedback).

Why a capability of its own: it reads what sessions, presenting and feedback keep (through
bot/store, read-only, and only released feedback aggregates) and changes nothing, so it belongs to
none of them. /group close attaches the same report to the exports (bot/records.py makes both).

Offers: nothing. Uses: nothing.
"""

from bot.app import BalintBot


async def setup(bot: BalintBot) -> None:
    from cogs.reports import _cog

    await _cog.setup(bot)

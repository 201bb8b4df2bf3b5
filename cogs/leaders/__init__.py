"""Leaders: the leaders' own practice. After each session the group's leaders get a private
debrief prompt (their channel, or a private message each): a short shared note between
co-leaders (what happened, the group's process, who to keep an eye on), seen by them alone,
passed by the de-identification gate and deleted with the group's case material. `/leader log`
is each leader's own record for accreditation, across groups and years: sessions led, co-led and
missed (filled from the sessions), supervision, leadership days and weekends, sessions as a member
(added by the leader), as a PDF and a CSV; it outlives /group close and goes with /forgetme.

Offers no hooks. Uses none: its timed posts (the prompt at each session's end, the note's
expiry) are its own PostKinds; /mydata and /forgetme read and erase its rows in bot/store/mydata.py.
"""

from bot.app import BalintBot


async def setup(bot: BalintBot) -> None:
    from cogs.leaders import _cog

    await _cog.setup(bot)

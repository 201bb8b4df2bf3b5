"""Reflections: a trainee's private reflective log for their portfolio. Opt-in (`/reflect on`);
after a session they attended, and after presenting, a private prompt with a few questions about
their own reactions (never the patient); `/reflect write`, `/reflect list`, `/reflect export`
(dated PDF and Markdown). Every answer passes the de-identification gate before it is stored, and
nobody but the author ever sees it: no leader's command reads it.

Offers: `forget_member` (erased by /forgetme), `member_data` (in /mydata), `group_closing` (every
author's log is kept past the close) and `group_closed` (once the close is over, each author gets
their log by private message, and the kept copy goes). Uses: nothing.
"""

from bot.app import BalintBot


async def setup(bot: BalintBot) -> None:
    from cogs.reflections import _cog

    await _cog.setup(bot)

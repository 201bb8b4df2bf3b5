"""/privacy: in plain words, what the bot stores, who can see it, for how long, and what nobody
can link. docs/privacy.md says the same at more length; keep them in step.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import BalintBot
from bot.domain.wording import plural
from bot.settings import Settings

INTRO = (
    "This bot keeps the practical side of the group (who is in it, who came, who presented) and "
    "makes anonymous things anonymous by how they are stored, not by hiding a column. It never "
    "reads the chat, and no patient's details should ever be typed into it: case drafts pass a "
    "check for patient identifiers before anything is saved, and the check runs on the bot's own "
    "machine; no text is sent to any outside service."
)

# (capability, what is stored / who sees it / for how long); each at most 1,024 characters.
SECTIONS: list[tuple[str, str]] = [
    (
        "Groups and rosters",
        "Stored: the group's channel, schedule and sessions; its members' Discord ids and whether "
        "each is a leader or a trainee, and when they joined or left; a session's phase timer "
        "(/session start) only as its phase and times, never what is said. Seen by: the group (the "
        "roster) and its leaders. Kept: while the group exists; a member who leaves keeps their "
        "record for their portfolio.",
    ),
    (
        "Attendance",
        "Stored: for each session, who checked in and whether on time or late, and absences you "
        "declare (with the reason you give, if any); if your group takes attendance from its "
        "voice channel, joining it checks you in, and nothing else about voice is kept; CBDGA "
        "outcomes and a less-than-full-time fraction your leaders record. Seen by: you (your own "
        "record and export, with every group of this bot you attended) and the leaders of that "
        "group only: another group's part only after you /attendance share it. Kept: while the group exists, because it is your evidence for training; "
        "after the group closes only this attendance ledger is kept, for {keep}, so your "
        "certificate can be re-issued and verified. /mydata gives you a copy of everything "
        "stored about you; /forgetme erases it (except this ledger while it is needed).",
    ),
    (
        "Presenting record",
        "Stored: who offered a case for which session, who presented (confirmed by a leader), "
        "nudge opt-outs and follow-up answers (yes or no). Seen by: you; the leaders; the group "
        "only sees a presenter's name in the agenda if that person agreed to be named. Kept: "
        "while the group exists (it makes the rota fair and is your portfolio record).",
    ),
    (
        "Private reflections",
        "Stored (if you opt in or write one): your reflections, with your Discord id and the "
        "session's date, after the same check for patient identifiers. Seen by: you alone; no "
        "command shows them to anyone else, the leaders included, and they are never logged. "
        "Kept: until /forgetme or the group closes; at close you are sent your log by private "
        "message, or, if your direct messages are closed, it is kept for you alone (/reflect "
        "export in the group's channel) as long as the attendance ledger.",
    ),
    (
        "The leaders' debrief and their log",
        "Stored: after each session, the leaders' shared debrief note (what happened in the "
        "group, its process, who to keep an eye on: it may name a member, never a patient, and "
        "passes the same check for patient identifiers), and each leader's own log for "
        "accreditation (the dates of sessions they led, co-led or missed, and the supervision and "
        "leadership days they add). Seen by: a note, the group's leaders alone (never posted "
        "where anyone else can read it); a log, its leader alone. Kept: a note until {expiry} "
        "after its session, deleted with the case drafts (or at once when the group "
        "closes); a leader's log across groups and years, also after a group closes, until that "
        "leader's /forgetme.",
    ),
    (
        "Anonymous case drafts",
        "Stored: the theme, your paragraph and an optional invented first name, and instead of "
        "your Discord id only a code (an HMAC) made with a secret key that is never in the "
        "database and a random salt of that draft. Seen by: the leaders (the text, never your "
        "name), in rounds at each whole hour, so the time they see it says nothing about you; "
        "the group sees approved themes in the agenda (and the text only if the leaders "
        "turned that on). Kept: until {expiry} after the session (set by the host); a "
        "rejected draft is deleted once its author has the reason, a withdrawn one within the hour. Deleting a draft deletes its salt and every "
        "message that showed it. Text the check blocked is never saved: it waits in the bot's "
        "memory for a few minutes so you can fix it.",
    ),
    (
        "Anonymous feedback",
        "Stored: for each question, only counts of each answer (no row per person, no time, no "
        "order); comments under a random key; who has answered only as a code (an HMAC) whose "
        "salt is destroyed when the poll closes. A reminder goes by private message only to "
        "those who have not answered, and is deleted when the poll closes. Seen by: the "
        "leaders, once, at close, and only "
        "if at least {k} people answered (a group may set another number, never below 3; "
        "comments need at least as many). Kept: the pooled "
        "results, for the group's year.",
    ),
    (
        "The host and Discord",
        "Whoever runs the bot (the host) has its database, its secret key and its Discord token "
        "(which reads the private messages the bot sent you), and their server receives every "
        "interaction: each command, button press and form you send passes "
        "through it, with your Discord id, before anything is made anonymous. Discord sees it "
        "too. The bot writes no draft text, answers or comments to its logs, and names groups "
        "and sessions, not people, for anonymous actions.",
    ),
    (
        "What nobody can link",
        "Leaders, other members and anyone holding only the database file cannot tell who wrote "
        "a draft or gave an answer. While a draft is open, the running bot (and so the host) can "
        "recognise its author by recomputing the code for each member: it needs this to pass on "
        "leaders' questions by private message. Once the draft is deleted or the poll closes, "
        "its salt is gone and nobody, the host included, can link it to anyone.",
    ),
]


def privacy_embed(settings: Settings) -> discord.Embed:
    """The statement with this host's settings filled in (expiry, minimum responses)."""
    values = {
        "expiry": plural(settings.drafts.expiry_hours, "hour"),
        "k": settings.feedback.min_responses,
        "keep": plural(settings.attendance.keep_ledger_years, "year"),
    }
    embed = discord.Embed(
        title="What this bot stores, who can see it, for how long",
        description=INTRO,
        colour=discord.Colour.dark_teal(),
    )
    for name, value in SECTIONS:
        embed.add_field(name=name, value=value.format(**values), inline=False)
    embed.set_footer(text="Questions? Ask the person who runs the bot for your group.")
    return embed


class PrivacyCog(commands.Cog):
    def __init__(self, bot: BalintBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="privacy", description="What this bot stores, who can see it, and for how long"
    )
    async def privacy(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            embed=privacy_embed(self.bot.settings), ephemeral=True
        )


async def setup(bot: BalintBot) -> None:
    await bot.add_cog(PrivacyCog(bot))

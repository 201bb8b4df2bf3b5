"""Taking a draft's lines out of an agenda post, whatever the post looks like around them."""

import discord

from cogs.drafts._agenda import _embed_without, _without

HEADING = "**Anonymous case drafts** (…):"
LINE = "• Feeling useless (“Sam”)\n> She says nothing helps."


def test_lines_come_out_of_the_content_and_the_rest_stays() -> None:
    post = f"**Agenda**\n\nThe leaders' text.\n\n{HEADING}\n{LINE}\n• Another theme"
    assert (
        _without(post, [LINE]) == f"**Agenda**\n\nThe leaders' text.\n\n{HEADING}\n• Another theme"
    )
    assert _without(post, [LINE, "• Another theme", HEADING]).rstrip() == (
        "**Agenda**\n\nThe leaders' text."
    )
    assert _without(post, ["• not there"]) == post


def test_lines_come_out_of_an_embed_and_empty_fields_go() -> None:
    embed = discord.Embed(title="Agenda", description=f"Text\n{LINE}")
    embed.add_field(name="Drafts", value=LINE)
    embed.add_field(name="Presenter", value="Alice")
    out = _embed_without(embed, [LINE])
    assert out.description == "Text"
    assert [(f.name, f.value) for f in out.fields] == [("Presenter", "Alice")]

"""The one helper that shows a member's words as words inside the bot's messages."""

from bot.domain.quoting import quoted, words


def test_line_start_markup_is_escaped_and_reads_the_same() -> None:
    text = "# SESSION CANCELLED\n-# from the leaders\n- a list\n  * indented\n1. one\n> nested"
    assert words(text).splitlines() == [
        "\\# SESSION CANCELLED",
        "\\-# from the leaders",
        "\\- a list",
        "  \\* indented",
        "1\\. one",
        "\\> nested",
    ]


def test_masked_links_mentions_and_backslashes() -> None:
    assert words("see [this](https://x.org)") == "see \\[this\\](https://x.org)"
    assert words("@everyone hi") == "@\u200beveryone hi"
    assert words("a\\b") == "a\\\\b"
    assert words("#hashtag and 3.5 and - dash mid-line") == "#hashtag and 3.5 and - dash mid-line"


def test_quoted_blocks_keep_empty_lines() -> None:
    assert quoted("# a\n\nb") == "> \\# a\n>\n> b"

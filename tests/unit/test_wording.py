def test_listed_says_a_list_as_a_sentence() -> None:
    from bot.domain.wording import listed

    assert listed(["a"]) == "a"
    assert listed(["a", "b"]) == "a and b"
    assert listed(["a", "b", "c"]) == "a, b and c"

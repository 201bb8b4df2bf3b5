"""The scripts that build the de-identification corpora and word lists (run by hand)."""

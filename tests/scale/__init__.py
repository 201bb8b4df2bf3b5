"""Scale tests: many groups and shards through the emulator."""

"""The terminal under the console: where a key's bytes are read and stamped."""

"""The command groups of `taqrir` (taqrir_cli.py assembles them): each command parses its arguments,
calls one core function, prints."""
